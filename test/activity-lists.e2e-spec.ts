import request from 'supertest';
import { Clock } from '../src/common/clock';
import { TO_ACTIVE, type CaseStep } from './support/case-steps';
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
    const texas = await openCase('tx.field_officer', 'OH', 'Sasha Received', texasSteps);
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
});
