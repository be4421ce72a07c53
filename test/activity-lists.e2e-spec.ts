import request from 'supertest';
import { ActivitiesService } from '../src/activities/activities.service';
import { Clock } from '../src/common/clock';
import { TO_ACTIVE, type CaseStep } from './support/case-steps';
import { consoleOf, unescaped } from './support/console-pages';
import { TestApp } from './support/test-app';

interface Listed {
  id: string;
  caseNumber: string;
  kind: string;
  status: string;
  updatedAt: string;
}

/**
 * The list of activities across a state's cases over HTTP, as a compact office uses it: an Ohio case
 * in Texas and a Texas case in Ohio, each with its reports, warrant and messages, and a California
 * case that neither of them may see.
 */
describe('GET /activities', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const { signedIn } = consoleOf(() => t, 'Activity Lists Subject');

  const at = (instant: string) => {
    t.app.get(Clock).runFrom(new Date(instant));
    t.forgetSignIns();
  };
  const list = async (who: string, query: Record<string, string | number> = {}) => (await t.as(who)).get('/activities').query(query);
  const openCase = async (who: string, receivingState: string, name: string, steps: readonly CaseStep[]): Promise<string> => {
    const opened = await (
      await t.as(who)
    )
      .post('/cases')
      .send({ offenderName: name, sendingState: who.slice(0, 2).toUpperCase(), receivingState })
      .expect(201);
    for (const [by, type, extra] of steps)
      await (
        await t.as(by)
      )
        .post(`/cases/${opened.body.id}/events`)
        .send({ type, ...extra })
        .expect(200);
    return opened.body.id;
  };
  const start = async (who: string, caseId: string, body: object, on: string): Promise<string> => {
    at(on);
    const res = await (await t.as(who)).post(`/cases/${caseId}/activities`).send(body);
    expect([res.status, res.body.message]).toEqual([201, undefined]);
    return res.body.id;
  };
  const idsOf = (res: { body: { items: Listed[] } }) => res.body.items.map((a) => a.id);

  beforeAll(async () => {
    t = await TestApp.start();
    at('2026-12-01T14:00:00Z');
    const ohio = await openCase('oh.field_officer', 'TX', 'Rowan Listed', TO_ACTIVE);
    // The same route, from Texas to Ohio: the users of each state are named by their state.
    const texasSteps = TO_ACTIVE.map(([who, type, extra]): CaseStep => [
      who.replace(/^oh\./, 'xx.').replace(/^tx\./, 'oh.').replace(/^xx\./, 'tx.'),
      type,
      extra,
    ]);
    const texas = (ids.texas = await openCase('tx.field_officer', 'OH', 'Sasha Received', texasSteps));
    const california = await openCase(
      'ca.field_officer',
      'TX',
      'Quinn Elsewhere',
      TO_ACTIVE.map(([who, type, extra]) => [who.replace(/^oh\./, 'ca.'), type, extra]),
    );
    ids.violation = await start(
      'tx.field_officer',
      ohio,
      { kind: 'violation_report', violationKind: 'absconding', discoveredOn: '2026-12-01', description: 'Not at the residence.' },
      '2026-12-02T14:00:00Z',
    );
    ids.warrant = await start(
      'oh.compact_office',
      ohio,
      { kind: 'warrant', issuedOn: '2026-12-02', reason: 'Absconded.', violationReportId: ids.violation },
      '2026-12-02T15:00:00Z',
    );
    ids.progress = await start('oh.supervisor', ohio, { kind: 'progress_report' }, '2026-12-02T16:00:00Z');
    ids.asked = await start('tx.compact_office', texas, { kind: 'progress_report' }, '2026-12-02T17:00:00Z');
    ids.message = await start('oh.compact_office', texas, { kind: 'action_request', subject: 'Address', message: 'New address?' }, '2026-12-02T18:00:00Z');
    ids.elsewhere = await start('ca.supervisor', california, { kind: 'progress_report' }, '2026-12-02T19:00:00Z');
    at('2026-12-03T15:00:00Z');
    const answered = await (await t.as('tx.compact_office')).post(`/activities/${ids.message}/events`).send({ type: 'REPLY', message: 'Same as before.' });
    expect(answered.status).toBe(200);
  });
  afterAll(() => t.close());

  it("lists every activity of the state's cases, either side, the last changed first", async () => {
    const res = await list('oh.field_officer');
    expect(res.status).toBe(200);
    expect(idsOf(res)).toEqual([ids.message, ids.asked, ids.progress, ids.warrant, ids.violation]);
    expect(res.body.nextCursor).toBeNull();
    const message = res.body.items[0];
    expect(message).toMatchObject({
      kind: 'action_request',
      title: 'action request',
      status: 'answered',
      caseStatus: 'active',
      offenderName: 'Sasha Received',
    });
    expect(message.allowedEvents).toEqual(['CLOSE']);
    expect(message.log.map((l: { step: string; side: string }) => `${l.step} ${l.side}`)).toEqual(['SEND receiving', 'REPLY sending']);
  });

  it('filters by kind, status, open and side, and pages the longest unchanged first', async () => {
    expect(idsOf(await list('oh.compact_office', { kind: 'warrant', status: 'issued' }))).toEqual([ids.warrant]);
    expect(idsOf(await list('oh.compact_office', { status: 'requested' }))).toEqual([ids.asked, ids.progress]);
    expect(idsOf(await list('oh.compact_office', { side: 'receiving' }))).toEqual([ids.message, ids.asked]);
    expect(idsOf(await list('oh.compact_office', { kind: 'progress_report', open: 'true', side: 'sending' }))).toEqual([ids.progress]);
    expect(idsOf(await list('oh.compact_office', { open: 'false' }))).toEqual([]);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Listed[]; nextCursor: string | null } } = await list('oh.compact_office', {
        sort: 'waiting',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.body.items.length).toBeGreaterThan(0);
      walked.push(...idsOf(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(walked).toEqual([ids.violation, ids.warrant, ids.progress, ids.asked, ids.message]);
  });

  it("shows each state only its own cases' activities", async () => {
    expect(idsOf(await list('tx.field_officer'))).toEqual([ids.message, ids.elsewhere, ids.asked, ids.progress, ids.warrant, ids.violation]);
    expect(idsOf(await list('ca.compact_office'))).toEqual([ids.elsewhere]);
    const auditor = await list('oh.auditor', { kind: 'warrant' });
    expect(idsOf(auditor)).toEqual([ids.warrant]);
    // An auditor reads, and may do nothing with it.
    expect(auditor.body.items[0].allowedEvents).toEqual([]);
  });

  it.each([
    [{ kind: 'parole' }, 'kind must be one of: progress_report, violation_report, warrant, return_request, action_request'],
    [
      { status: 'lost' },
      'status must be one of: requested, submitted, cancelled, reported, responded, issued, in_custody, retaken, withdrawn, granted, denied, open, answered, closed',
    ],
    [{ kind: 'warrant', status: 'open' }, 'status open is not a status of a warrant; its statuses are issued, in_custody, retaken, withdrawn or cancelled.'],
    [{ open: 'maybe' }, 'open must be true or false'],
    [{ side: 'both' }, 'side must be one of: sending, receiving'],
    [{ sort: 'due' }, 'sort must be one of: updated, waiting'],
    [{ limit: 0 }, 'limit must not be less than 1'],
    [{ cursor: 'not-a-cursor' }, 'cursor is not valid: pass the nextCursor of the previous page unchanged.'],
  ])('refuses %p with a 400 that names the problem', async (query, problem) => {
    const res = await list('oh.compact_office', query);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(problem);
  });

  it('refuses a cursor of the other order, and a request not signed in', async () => {
    const first = await list('oh.compact_office', { limit: 1 });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const other = await list('oh.compact_office', { sort: 'waiting', cursor: first.body.nextCursor });
    expect([other.status, other.body.message]).toEqual([
      400,
      'cursor is of the list in the order sort=updated, not sort=waiting: pass the same sort as the page it came from, or leave cursor out to start over.',
    ]);
    expect((await request(t.app.getHttpServer()).get('/activities')).status).toBe(401);
  });

  describe('the console list', () => {
    /** The activity pages the list links to, in its order. */
    const linksOf = (html: string) => [...html.matchAll(/<td><a href="\/console\/activities\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
    const shownOf = (html: string) =>
      unescaped(html.match(/<p class="shown" id="activities-shown">(.*?)<\/p>/s)?.[1] ?? '')
        .replace(/<[^>]+>/g, '')
        .trim();
    const ignoredOf = (html: string) => unescaped(html.match(/<p class="notice" role="status">([^<]*)<\/p>/)?.[1] ?? '') || null;

    it('is in the menu, and shows what GET /activities gives, each row linking its activity and case', async () => {
      const agent = await signedIn('oh.supervisor');
      const work = (await agent.get('/console/my-work').expect(200)).text;
      expect(work).toMatch(/<a href="\/console\/activities"[^>]*>Activities<\/a>/);
      const html = (await agent.get('/console/activities').expect(200)).text;
      expect(linksOf(html)).toEqual(idsOf(await list('oh.supervisor')));
      expect(shownOf(html)).toBe("Activities of OH's cases, the last changed first.");
      expect(html).toContain('Sasha Received');
      expect(html).toMatch(/Warrant<\/a>, rule 5\.103/);
      const warrant = (await agent.get(`/console/activities?kind=warrant&open=true`).expect(200)).text;
      expect(linksOf(warrant)).toEqual([ids.warrant]);
      expect(shownOf(warrant)).toBe("Warrants of OH's cases, still open, the last changed first. Clear filters");
      // The kind's statuses only, once a kind is chosen.
      expect(warrant).toContain('<option value="in_custody">in custody</option>');
      expect(warrant).not.toContain('<option value="answered">');
    });

    it('pages with every filter kept, and leaves out what it does not know, saying which', async () => {
      const agent = await signedIn('oh.compact_office');
      const wanted = idsOf(await list('oh.compact_office', { sort: 'waiting' }));
      expect(wanted.length).toBeGreaterThan(0);
      const bookmark = (await agent.get('/console/activities?kind=warrant&status=answered&side=upside&sort=sideways').expect(200)).text;
      expect(ignoredOf(bookmark)).toBe(
        'Left out of the address, as this list does not know them: status answered is not a status of a warrant; its statuses are issued, in_custody, retaken, withdrawn or cancelled; side “upside” (sending or receiving); sort “sideways” (updated or waiting).',
      );
      expect(linksOf(bookmark)).toEqual([ids.warrant]);
      const empty = (await agent.get('/console/activities?open=false').expect(200)).text;
      expect(empty).toContain('No activity matches.');
      const seen = (await agent.get('/console/activities?sort=waiting&side=sending').expect(200)).text;
      expect(linksOf(seen)).toEqual(idsOf(await list('oh.compact_office', { sort: 'waiting', side: 'sending' })));
      expect(ignoredOf(seen)).toBeNull();
      // More than a page: 51 more messages from Ohio on the case it receives.
      at('2026-12-04T15:00:00Z');
      const messages = t.app.get(ActivitiesService);
      for (let i = 0; i < 51; i++)
        await messages.start(ids.texas, { kind: 'action_request', subject: `Note ${i}`, message: 'See the file.' }, t.actor('oh.compact_office'), null);
      const all = idsOf(await list('oh.compact_office', { kind: 'action_request', side: 'receiving', limit: 200 }));
      expect(all).toHaveLength(52);
      // A day later, the console's session has ended: sign in again.
      const later = await signedIn('oh.compact_office');
      const first = (await later.get('/console/activities?kind=action_request&side=receiving').expect(200)).text;
      expect(linksOf(first)).toEqual(all.slice(0, 50));
      const next = first.match(/<a class="button secondary" href="([^"]+)">Next page<\/a>/)?.[1]?.replace(/&amp;/g, '&');
      expect(next).toMatch(/^\/console\/activities\?kind=action_request&side=receiving&cursor=/);
      const second = (await later.get(next!).expect(200)).text;
      expect(linksOf(second)).toEqual(all.slice(50));
      expect(second).toContain('<a class="button secondary" href="/console/activities?kind=action_request&amp;side=receiving">First page</a>');
      expect(second).not.toContain('>Next page</a>');
    });
  });
});
