import { TimeTravel } from './support/accounts';
import { TO_ACTIVE, TO_REQUESTED, stepsToClosed } from './support/case-steps';
import { bannerOf, consoleOf, refusalOf, type ConsoleBrowser } from './support/console-pages';
import { mailsDelivered } from './support/outbox';
import { TestApp } from './support/test-app';

const DAY = 24 * 3_600_000;

/** The "Who acts next" box of a page, as its text. */
const boxOf = (html: string): string => {
  const start = html.indexOf('<section class="next-move"');
  expect(start).toBeGreaterThan(-1);
  return html
    .slice(start, html.indexOf('</section>', start))
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.])/g, '$1')
    .trim();
};
/** The words of the status badge in a page's facts. */
const badgeOf = (html: string): string | null => html.match(/<dt>Status<\/dt><dd><span class="status-badge tone-\w+"><strong>([^<]+)<\/strong>/)?.[1] ?? null;
/** The step types of the case page's action forms, in the order the page shows them. */
const formTypesOf = (html: string): string[] => [...html.matchAll(/<input type="hidden" name="type" value="([A-Z_]+)">/g)].map((m) => m[1]);

/** Whose move it is, the status badges, assignment from the case page, and grave steps confirmed first. */
describe('who acts next, by when, in the web console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const { signedIn, submit, caseAfter } = consoleOf(() => t, 'Next Move Subject');
  const pageOf = async (who: ConsoleBrowser, caseId: string) => (await who.get(`/console/cases/${caseId}`).expect(200)).text;

  it('says Texas compact office is to answer a transmitted transfer request, by its due date, and badges it for each state', async () => {
    const c = await caseAfter(TO_REQUESTED);
    const view = (await (await t.as('tx.compact_office')).get(`/cases/${c.id}`).expect(200)).body;
    const reply = view.deadlines.find((d: { rule: string; status: string }) => d.rule === '3.104' && d.status === 'open');
    expect(reply).toBeDefined();

    const texas = await pageOf(await signedIn('tx.compact_office'), c.id);
    expect(boxOf(texas)).toMatch(
      new RegExp(`^Who acts next Texas compact office .*: due ${reply.dueOn} \\(Eastern\\), \\d+ (calendar|business) days left, rule 3\\.104\\.$`),
    );
    expect(badgeOf(texas)).toBe('waiting for us');
    // The usual step first, the grave one last.
    expect(formTypesOf(texas)).toEqual(['ACCEPT_TRANSFER', 'REJECT_TRANSFER']);

    const ohio = await pageOf(await signedIn('oh.field_officer'), c.id);
    expect(boxOf(ohio)).toContain('Texas compact office');
    expect(badgeOf(ohio)).toBe('waiting for them');
    // The case list says the same, in the status cell.
    const list = (await (await signedIn('oh.field_officer')).get('/console/cases').expect(200)).text;
    const row = list.slice(list.indexOf(c.caseNumber), list.indexOf('</tr>', list.indexOf(c.caseNumber)));
    expect(row).toContain('<strong>waiting for them</strong>: transfer requested');
  });

  it('says a draft waits for the sending officers, and a closed case for nobody', async () => {
    const draft = await caseAfter([]);
    const officer = await signedIn('oh.field_officer');
    const text = boxOf(await pageOf(officer, draft.id));
    expect(text).toContain('Ohio field officer, supervisor or compact office, assigned to oh.field_officer');
    expect(text).toContain('No time limit runs on this move.');

    const closed = await caseAfter(stepsToClosed());
    for (const who of ['oh.field_officer', 'tx.compact_office']) {
      const html = await pageOf(await signedIn(who), closed.id);
      expect(boxOf(html)).toBe('Who acts next Nothing is waiting: the case is closed.');
      expect(badgeOf(html)).toBe('closed');
    }
  });

  it('badges a move past its due date as overdue, and counts the days overdue', async () => {
    const c = await caseAfter(TO_REQUESTED);
    const clock = new TimeTravel(t);
    try {
      clock.forward(120 * DAY);
      const html = await pageOf(await signedIn('tx.compact_office'), c.id);
      expect(badgeOf(html)).toBe('overdue');
      expect(boxOf(html)).toMatch(/\d+ (calendar|business) days overdue, rule 3\.104\./);
      // My work badges the same deadline overdue, in words.
      const work = (await (await signedIn('tx.compact_office')).get('/console/my-work').expect(200)).text;
      const at = work.indexOf(`href="/console/cases/${c.id}"`);
      expect(at).toBeGreaterThan(-1);
      expect(work.slice(at, work.indexOf('</tr>', at))).toMatch(
        /<span class="status-badge tone-overdue"><strong>overdue<\/strong>: \d+ calendar days overdue<\/span>/,
      );
    } finally {
      clock.back();
    }
  });

  it("shows an activity's box: the sending state responds to a violation report", async () => {
    const c = await caseAfter(TO_ACTIVE);
    const officer = await signedIn('tx.field_officer');
    const discoveredOn = new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10);
    const res = await submit(officer, `/console/cases/${c.id}`, `/console/cases/${c.id}/activities`, {
      kind: 'violation_report',
      violationKind: 'absconding',
      description: 'Not at the approved residence.',
      discoveredOn,
    });
    expect(res.status).toBe(303);
    const texas = (await officer.get(res.headers.location).expect(200)).text;
    expect(boxOf(texas)).toMatch(/^Who acts next Ohio field officer, supervisor or compact office .*due \d{4}-\d\d-\d\d \(Eastern\), .*rule 4\.109/);
    expect(badgeOf(texas)).toBe('waiting for them');
    const ohio = (await (await signedIn('oh.supervisor')).get(res.headers.location).expect(200)).text;
    expect(badgeOf(ohio)).toBe('waiting for us');
  });

  describe('assignment from the case page', () => {
    const assignForm = (html: string) => html.includes('action="/console/cases/') && html.includes('/assignment"');

    it('offers the form to the supervisor and compact office of a side, not to a field officer, an auditor or the other state', async () => {
      const draft = await caseAfter([]);
      for (const who of ['oh.supervisor', 'oh.compact_office']) expect(assignForm(await pageOf(await signedIn(who), draft.id))).toBe(true);
      for (const who of ['oh.field_officer', 'oh.auditor']) expect(assignForm(await pageOf(await signedIn(who), draft.id))).toBe(false);
      // Texas's side of a transfer request is not its to assign before it accepts (decideAssignment).
      const requested = await caseAfter(TO_REQUESTED);
      expect(assignForm(await pageOf(await signedIn('tx.supervisor'), requested.id))).toBe(false);
    });

    it('assigns the side to a case worker of the state: the page and the API both show the assignee, audited', async () => {
      const draft = await caseAfter([]);
      const supervisor = await signedIn('oh.supervisor');
      const html = await pageOf(supervisor, draft.id);
      const options = [...html.matchAll(/<option value="([0-9a-f-]{36})"[^>]*>([^<]+)<\/option>/g)];
      expect(options.length).toBeGreaterThan(1);
      const target = options.find((o) => o[2].startsWith('oh.compact_office'))!;
      expect(html).toContain('>Reassign</button>');
      const res = await submit(supervisor, `/console/cases/${draft.id}`, `/console/cases/${draft.id}/assignment`, {
        side: 'sending',
        assigneeId: target[1],
        reason: 'Covers the county from Monday.',
      });
      expect(res.status).toBe(303);
      const after = await pageOf(supervisor, draft.id);
      expect(bannerOf(after)).toBe('Done: the sending side of the case is assigned to oh.compact_office.');
      expect(after).toContain('<dt>Assigned to, OH</dt><dd>oh.compact_office</dd>');
      expect(boxOf(after)).toContain('assigned to oh.compact_office');
      const view = (await (await t.as('oh.supervisor')).get(`/cases/${draft.id}`).expect(200)).body;
      expect(view.sendingAssigneeId).toBe(target[1]);

      // The same assignee again is refused on the page, with the rule's sentence.
      const again = await submit(supervisor, `/console/cases/${draft.id}`, `/console/cases/${draft.id}/assignment`, { side: 'sending', assigneeId: target[1] });
      expect(again.status).toBe(409);
      expect(refusalOf(again.text)).toBe('The sending side of this case is already assigned to oh.compact_office.');
    });

    it("refuses another state's user, and changes nothing", async () => {
      const draft = await caseAfter([]);
      const before = (await (await t.as('oh.supervisor')).get(`/cases/${draft.id}`).expect(200)).body;
      const texas = await signedIn('tx.supervisor');
      // Texas does not see an Ohio draft at all: its own page is a 404, and so is the form's.
      const page = await texas.get(`/console/cases/${draft.id}`);
      expect(page.status).toBe(404);
      const res = await texas
        .post(`/console/cases/${draft.id}/assignment`)
        .type('form')
        .send({
          _csrf: (await texas.get('/console/cases').expect(200)).text.match(/name="_csrf" value="([^"]+)"/)![1],
          assigneeId: t.actor('tx.field_officer').id,
        });
      expect([403, 404]).toContain(res.status);
      const after = (await (await t.as('oh.supervisor')).get(`/cases/${draft.id}`).expect(200)).body;
      expect(after.sendingAssigneeId).toBe(before.sendingAssigneeId);
      expect(after.version).toBe(before.version);
    });
  });

  describe('grave steps are confirmed first', () => {
    it('puts the usual step first on the review, the send-back after it', async () => {
      const c = await caseAfter([['oh.field_officer', 'SUBMIT_TRANSFER_REQUEST']]);
      expect(formTypesOf(await pageOf(await signedIn('oh.compact_office'), c.id))).toEqual(['TRANSMIT', 'SEND_BACK', 'WITHDRAW']);
    });

    it("puts an activity's usual step first, its denial last and confirmed first", async () => {
      const c = await caseAfter(TO_ACTIVE);
      const res = await submit(await signedIn('tx.field_officer'), `/console/cases/${c.id}`, `/console/cases/${c.id}/activities`, { kind: 'return_request' });
      expect(res.status).toBe(303);
      const page = res.headers.location as string;
      const office = await signedIn('oh.compact_office');
      const html = (await office.get(page).expect(200)).text;
      expect(boxOf(html)).toContain('Ohio compact office');
      expect(formTypesOf(html)).toEqual(['GRANT', 'DENY']);
      expect(html).toMatch(/<button type="submit" class="danger">Deny<\/button>/);
      const first = await submit(office, page, `${page}/events`, { type: 'DENY', reason: 'No approved residence.' });
      expect(first.status).toBe(200);
      expect(first.text).toContain('<h1>Confirm: Deny</h1>');
      expect(badgeOf((await office.get(page).expect(200)).text)).toBe('waiting for us');
    });

    it("asks the compact office to confirm a reopen request's denial, then denies it and mails the requester", async () => {
      const c = await caseAfter(stepsToClosed());
      const requestId = (await (await t.as('oh.field_officer')).post(`/cases/${c.id}/reopen-requests`).send({ reason: 'Apprehended in Dallas.' }).expect(201))
        .body.id as string;
      const office = await signedIn('tx.compact_office');
      const queue = (await office.get('/console/queue').expect(200)).text;
      const approveAt = queue.indexOf(`/console/reopen-requests/${requestId}/approve`);
      const denyAt = queue.indexOf(`/console/reopen-requests/${requestId}/deny`);
      expect(approveAt).toBeGreaterThan(-1);
      expect(denyAt).toBeGreaterThan(approveAt);

      const first = await submit(office, '/console/queue', `/console/reopen-requests/${requestId}/deny`, { reason: 'No new facts.' });
      expect(first.status).toBe(200);
      expect(first.text).toContain('<h1>Confirm: Deny</h1>');
      expect(first.text).toContain('the case stays closed, and the requester is told by mail');
      const pending = (await (await t.as('tx.compact_office')).get(`/reopen-requests/${requestId}`).expect(200)).body;
      expect(pending.status).toBe('pending');

      const confirmed = await submit(office, '/console/queue', `/console/reopen-requests/${requestId}/deny`, { reason: 'No new facts.', confirmed: 'yes' });
      expect(confirmed.status).toBe(303);
      const denied = (await (await t.as('tx.compact_office')).get(`/reopen-requests/${requestId}`).expect(200)).body;
      expect(denied.status).toBe('denied');
      const mails = (await mailsDelivered(t)).filter((m) => m.subject.includes(c.caseNumber) && m.to === 'oh.field_officer@e2e.example');
      expect(mails.some((m) => /denied/i.test(m.subject))).toBe(true);
    });

    it('asks the requester to confirm withdrawing a reopen request from the case page', async () => {
      const c = await caseAfter(stepsToClosed());
      const requestId = (await (await t.as('oh.field_officer')).post(`/cases/${c.id}/reopen-requests`).send({ reason: 'Apprehended in Dallas.' }).expect(201))
        .body.id as string;
      const officer = await signedIn('oh.field_officer');
      const page = `/console/cases/${c.id}`;
      const first = await submit(officer, page, `/console/reopen-requests/${requestId}/withdraw`, { back: page });
      expect(first.status).toBe(200);
      expect(first.text).toContain('<h1>Confirm: Withdraw my request</h1>');
      expect((await (await t.as('oh.field_officer')).get(`/reopen-requests/${requestId}`).expect(200)).body.status).toBe('pending');
      const confirmed = await submit(officer, page, `/console/reopen-requests/${requestId}/withdraw`, { back: page, confirmed: 'yes' });
      expect(confirmed.status).toBe(303);
      expect((await (await t.as('oh.field_officer')).get(`/reopen-requests/${requestId}`).expect(200)).body.status).toBe('withdrawn');
    });
  });
});
