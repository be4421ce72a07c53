import { ActivityViews } from '../src/activities/activity-views';
import { TimeTravel } from './support/accounts';
import { TO_ACTIVE, TO_REQUESTED } from './support/case-steps';
import { bannerOf, consoleOf, csrfOf, type ConsoleBrowser, refusalOf, unescaped } from './support/console-pages';
import { TestApp } from './support/test-app';

/** The forms of a page posting to `action`, each as its markup. */
const formsTo = (html: string, action: string): string[] =>
  html
    .split('<form ')
    .slice(1)
    .map((form) => form.slice(0, form.indexOf('</form>')))
    .filter((form) => form.includes(`action="${action}"`));
/** The kinds a case page offers to start. */
const startableOn = (html: string, caseId: string): string[] =>
  formsTo(html, `/console/cases/${caseId}/activities`).map((form) => form.match(/name="kind" value="([^"]+)"/)![1]);
/** The rows of a table of the page (by its class), each as its cells' text. */
const rowsOf = (html: string, table: string): string[][] => {
  const start = html.indexOf(`<table class="${table}"`);
  if (start < 0) return [];
  const body = html.slice(start, html.indexOf('</table>', start));
  return body
    .split('<tr>')
    .slice(2)
    .map((row) =>
      [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) =>
        unescaped(
          cell[1]
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        ),
      ),
    );
};
const DAY = 24 * 3_600_000;

const VIOLATION = { kind: 'violation_report', violationKind: 'absconding', description: 'Missed two office visits; not at the approved residence.' };

/** A case's supervision activities in the web console: the case page's timeline and start forms, and the activity's own page. */
describe('supervision activities in the web console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const { signedIn, submit, caseAfter } = consoleOf(() => t, 'Activity Subject');
  const today = () => new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10);
  /** Texas's officer reports a violation through the case page's form; answers the activity's page. */
  async function reported(caseId: string, officer?: ConsoleBrowser): Promise<{ officer: ConsoleBrowser; page: string }> {
    const agent = officer ?? (await signedIn('tx.field_officer'));
    const res = await submit(agent, `/console/cases/${caseId}`, `/console/cases/${caseId}/activities`, { ...VIOLATION, discoveredOn: today() });
    expect(res.status).toBe(303);
    return { officer: agent, page: res.headers.location };
  }

  it('offers a start form only for the kinds the user may start, each asking for its start step’s fields', async () => {
    const active = await caseAfter(TO_ACTIVE);
    const page = `/console/cases/${active.id}`;
    const texas = (await (await signedIn('tx.field_officer')).get(page).expect(200)).text;
    // Texas receives: it reports, asks for return instructions, writes; it does not ask itself for a progress report's request.
    expect(startableOn(texas, active.id)).toEqual(['progress_report', 'violation_report', 'return_request', 'action_request']);
    const [report] = formsTo(texas, `/console/cases/${active.id}/activities`).filter((f) => f.includes('value="violation_report"'));
    expect(report).toContain('<select id="violation-violation_report" name="violationKind" required>');
    expect(report).toContain('<input type="date" id="discovered-violation_report" name="discoveredOn" required>');
    expect(report).toContain('<textarea id="description-violation_report" name="description" required maxlength="4000">');
    expect(texas).toContain('<summary>Report a violation (violation report, rule 4.109)</summary>');
    const [progress] = formsTo(texas, `/console/cases/${active.id}/activities`).filter((f) => f.includes('value="progress_report"'));
    expect(progress).toContain('name="summary"');

    const ohio = (await (await signedIn('oh.field_officer')).get(page).expect(200)).text;
    expect(startableOn(ohio, active.id)).toEqual(['progress_report', 'warrant', 'action_request']);
    const [request] = formsTo(ohio, `/console/cases/${active.id}/activities`).filter((f) => f.includes('value="progress_report"'));
    // Ohio asks for the report: a message it may give, not the report itself.
    expect(request).toContain('<textarea id="message-progress_report" name="message" maxlength="4000">');
    expect(request).not.toContain('name="summary"');

    // An auditor reads, and starts nothing; on a case not yet active, only an action request may start.
    expect(startableOn((await (await signedIn('oh.auditor')).get(page).expect(200)).text, active.id)).toEqual([]);
    const requested = await caseAfter(TO_REQUESTED);
    const early = (await (await signedIn('tx.field_officer')).get(`/console/cases/${requested.id}`).expect(200)).text;
    // An action request needs only a case the receiving state has received.
    expect(startableOn(early, requested.id)).toEqual(['action_request']);
    expect(early).toContain('No activity on this case yet.');
  });

  it('lists the case’s activities oldest first, reopen requests among them, each with its open time limits and a link to its page', async () => {
    const time = new TimeTravel(t);
    let caseId: string;
    try {
      time.forward(-40 * DAY);
      caseId = (await caseAfter(TO_ACTIVE)).id;
      await (
        await t.as('tx.field_officer')
      )
        .post(`/cases/${caseId}/activities`)
        .send({ ...VIOLATION, discoveredOn: new Date(Date.now() - 40 * DAY - 5 * 3_600_000).toISOString().slice(0, 10) })
        .expect(201);
      time.forward(DAY);
      await (await t.as('oh.field_officer')).post(`/cases/${caseId}/activities`).send({ kind: 'progress_report', message: 'Monthly, please.' }).expect(201);
    } finally {
      time.back();
      // The tokens signed in 40 days ago have run out.
      t.forgetSignIns();
    }
    const activities = (await (await t.as('tx.compact_office')).get(`/cases/${caseId}/activities`).expect(200)).body as Array<{ id: string }>;
    const html = (await (await signedIn('tx.compact_office')).get(`/console/cases/${caseId}`).expect(200)).text;
    const rows = rowsOf(html, 'activities');
    expect(rows.map((r) => [r[1], r[2], r[3], r[4]])).toEqual([
      ['violation report', '4.109', 'reported', 'tx.field_officer (receiving state)'],
      ['progress report', '4.106', 'requested', 'oh.field_officer (sending state)'],
    ]);
    // Both long due: Ohio's response to the violation, Texas's progress report.
    expect(rows[0][5]).toMatch(/^[^()]+ \(rule 4\.109\(c\)\): due \d{4}-\d\d-\d\d, from OH overdue$/);
    expect(rows[1][5]).toMatch(/^[^()]+ \(rule 4\.106\(a\)\): due \d{4}-\d\d-\d\d, from TX overdue$/);
    for (const a of activities) expect(html).toContain(`<a href="/console/activities/${a.id}">`);
  });

  it('lists a reopen request among the activities, linking to the case page’s reopen requests', async () => {
    const c = await caseAfter([...TO_ACTIVE]);
    await t.cases.applyEvent(
      c.id,
      { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'absconded', lastKnownAddress: 'x', lastKnownEmployment: 'y' },
      t.actor('tx.field_officer'),
      null,
    );
    await t.cases.applyEvent(c.id, { type: 'CONFIRM_CLOSURE' }, t.actor('oh.supervisor'), null);
    await (await t.as('oh.field_officer')).post(`/cases/${c.id}/reopen-requests`).send({ reason: 'Apprehended in Dallas.' }).expect(201);
    const html = (await (await signedIn('oh.field_officer')).get(`/console/cases/${c.id}`).expect(200)).text;
    expect(rowsOf(html, 'activities').map((r) => [r[1], r[3]])).toEqual([['reopen request', 'pending']]);
    expect(html).toContain(`<a href="/console/cases/${c.id}#reopen-requests">reopen request</a>`);
    expect(html).toContain('<h2 id="reopen-requests">Reopen requests</h2>');
  });

  it('lets a Texas officer report a violation from the case page, landing on its page with the banner', async () => {
    const c = await caseAfter(TO_ACTIVE);
    const { officer, page } = await reported(c.id);
    expect(page).toMatch(/^\/console\/activities\/[0-9a-f-]{36}$/);
    const html = (await officer.get(page).expect(200)).text;
    expect(bannerOf(html)).toBe('The violation report is sent to the sending state (rule 4.109).');
    expect(html).toContain(`<a href="/console/cases/${c.id}">Back to case ${c.caseNumber}`);
    expect(html).toContain('<dt>Rule</dt><dd>4.109</dd>');
    expect(html).toMatch(/<dt>Status<\/dt><dd><span class="status-badge tone-\w+"><strong>[a-z ]+<\/strong>: reported<\/span>/);
    expect(html).toContain('<dt>Violation (rule 4.109)</dt><dd class="field">absconding</dd>');
    expect(rowsOf(html, 'log')).toEqual([
      [
        'Report a violation',
        'receiving state',
        today(),
        `Violation (rule 4.109): absconding Discovered on: ${today()} What happened: ${VIOLATION.description}`,
      ],
    ]);
    // The report met its own 30 days; Ohio's response is due now.
    expect(rowsOf(html, 'deadlines').map((r) => [r[1], r[2], r[5].replace(/ \d{4}-.*$/, '')])).toEqual([
      ['4.109(a)', 'TX', 'met on time'],
      ['4.109(c)', 'OH', 'open'],
    ]);
    expect(rowsOf(html, 'history').map((r) => [r[3], r[4], r[5]])).toEqual([['report violation', '→ reported', 'allowed']]);
    // The officer who reported has nothing more to do with it; the banner shows once.
    expect(html).toContain('Nothing for your role and state at this point of the violation report.');
    expect(bannerOf((await officer.get(page).expect(200)).text)).toBeNull();
    // The case page lists it.
    expect(rowsOf((await officer.get(`/console/cases/${c.id}`).expect(200)).text, 'activities').map((r) => r[1])).toEqual(['violation report']);
  });

  it('shows Ohio’s compact office the RESPOND form with its select, and takes its response', async () => {
    const c = await caseAfter(TO_ACTIVE);
    const { page } = await reported(c.id);
    const id = page.split('/').pop()!;
    const office = await signedIn('oh.compact_office');
    const html = (await office.get(page).expect(200)).text;
    const [respond] = formsTo(html, `/console/activities/${id}/events`);
    expect(respond).toContain('<input type="hidden" name="type" value="RESPOND">');
    expect(respond).toContain(
      '<select id="response-RESPOND" name="response" required>\n  <option value="warrant_issued">warrant issued</option><option value="return_requested">return requested</option><option value="continue_supervision">continue supervision</option><option value="other">other</option>',
    );
    expect(respond).toContain('<textarea id="text-RESPOND" name="text" maxlength="4000">');
    expect(respond).toContain('<button type="submit">Respond</button>');
    const res = await submit(office, page, `/console/activities/${id}/events`, { type: 'RESPOND', response: 'warrant_issued', text: '' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(page);
    const after = (await office.get(page).expect(200)).text;
    expect(bannerOf(after)).toBe('Your response is sent to the receiving state.');
    expect(after).toMatch(/<dt>Status<\/dt><dd><span class="status-badge tone-\w+"><strong>[a-z ]+<\/strong>: responded<\/span>/);
    expect(rowsOf(after, 'log').map((r) => r.slice(0, 2))).toEqual([
      ['Report a violation', 'receiving state'],
      ['Respond', 'sending state'],
    ]);
    expect(formsTo(after, `/console/activities/${id}/events`)).toEqual([]);
  });

  it('offers the case’s violation reports to a warrant’s form, and issues the warrant on the one chosen', async () => {
    const c = await caseAfter(TO_ACTIVE);
    const { page } = await reported(c.id);
    const reportId = page.split('/').pop()!;
    const office = await signedIn('oh.compact_office');
    expect((await submit(office, page, `/console/activities/${reportId}/events`, { type: 'RESPOND', response: 'warrant_issued' })).status).toBe(303);
    const casePage = `/console/cases/${c.id}`;
    const [warrantForm] = formsTo((await office.get(casePage).expect(200)).text, `${casePage}/activities`).filter((f) => f.includes('value="warrant"'));
    expect(warrantForm).toContain('<select id="violation-report-warrant" name="violationReportId">');
    expect(warrantForm).toContain(`<option value="">none</option><option value="${reportId}">`);
    expect(warrantForm).toContain('absconding (responded)</option>');
    const issued = await submit(office, casePage, `${casePage}/activities`, {
      kind: 'warrant',
      issuedOn: today(),
      reason: 'Absconded.',
      violationReportId: reportId,
    });
    expect(issued.status).toBe(303);
    const warrantId = issued.headers.location.split('/').pop()!;
    const warrant = await t.app.get(ActivityViews).one(warrantId, t.actor('oh.compact_office'), null);
    expect(warrant).toMatchObject({ kind: 'warrant', status: 'issued', linkedActivityId: reportId });
    const report = await t.app.get(ActivityViews).one(reportId, t.actor('oh.compact_office'), null);
    expect(report.deadlines.find((d) => d.limit === 'WARRANT')).toMatchObject({ status: 'met' });
  });

  it('asks to confirm a return request’s denial, saying what it will do; only the confirmed post denies it', async () => {
    const active = await caseAfter(TO_ACTIVE);
    const casePage = `/console/cases/${active.id}`;
    const asked = await submit(await signedIn('tx.field_officer'), casePage, `${casePage}/activities`, {
      kind: 'return_request',
      reason: 'Wants to be near family.',
    });
    expect(asked.status).toBe(303);
    const page = asked.headers.location;
    const id = page.split('/').pop()!;
    const office = await signedIn('oh.compact_office');
    const html = (await office.get(page).expect(200)).text;
    const buttons = [...html.matchAll(/<button type="submit"( class="danger")?>([^<]+)<\/button>/g)].map((m) => [m[2], Boolean(m[1])]);
    expect(buttons).toEqual([
      ['Grant the return', false],
      ['Deny', true],
    ]);

    const reason = 'No approved residence in Ohio <yet> & "no" sponsor.';
    const confirm = await submit(office, page, `/console/activities/${id}/events`, { type: 'DENY', reason });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('<h1>Confirm: Deny</h1>');
    expect(confirm.text).toContain(
      '<p class="notice consequence" role="alert">Deny the return: the person may not return to the sending state on this request, and the receiving state is told.</p>',
    );
    expect(confirm.text).toContain('<input type="hidden" name="reason" value="No approved residence in Ohio &lt;yet&gt; &amp; &quot;no&quot; sponsor.">');
    expect(confirm.text).toContain('<input type="hidden" name="confirmed" value="yes">');
    expect(confirm.text).toContain(`<a class="button secondary" href="${page}">Cancel</a>`);
    expect((await t.app.get(ActivityViews).one(id, t.actor('oh.compact_office'), null)).status).toBe('requested');

    const denied = await office
      .post(`/console/activities/${id}/events`)
      .type('form')
      .send({ _csrf: csrfOf(confirm.text), type: 'DENY', reason, confirmed: 'yes' });
    expect(denied.status).toBe(303);
    const after = await t.app.get(ActivityViews).one(id, t.actor('oh.compact_office'), null);
    expect(after.status).toBe('denied');
    expect(after.log.at(-1)!.fields.reason).toBe(reason);
    expect(bannerOf((await office.get(page).expect(200)).text)).toBe('The return is denied; the receiving state is told.');
  });

  it('does not ask to confirm a step that is not grave, and refuses a confirmation that is not "yes"', async () => {
    const active = await caseAfter(TO_ACTIVE);
    const casePage = `/console/cases/${active.id}`;
    const page = (await submit(await signedIn('tx.field_officer'), casePage, `${casePage}/activities`, { kind: 'return_request' })).headers.location;
    const id = page.split('/').pop()!;
    const office = await signedIn('oh.compact_office');
    expect((await submit(office, page, `/console/activities/${id}/events`, { type: 'DENY', reason: 'No.', confirmed: 'sure' })).status).toBe(400);
    expect((await submit(office, page, `/console/activities/${id}/events`, { type: 'GRANT' })).status).toBe(303);
  });

  it('shows a refused step on the page itself, with the rules’ sentence and its status', async () => {
    const c = await caseAfter(TO_ACTIVE);
    const casePage = `/console/cases/${c.id}`;
    const officer = await signedIn('tx.field_officer');
    const missing = await submit(officer, casePage, `${casePage}/activities`, { ...VIOLATION, discoveredOn: '', description: '' });
    expect(missing.status).toBe(400);
    expect(refusalOf(missing.text)).toBe('REPORT of a violation report needs "discoveredOn" and "description", not blank.');
    expect(missing.text).toContain(`<h1>Case ${c.caseNumber}`);

    const { page } = await reported(c.id, officer);
    const id = page.split('/').pop()!;
    const office = await signedIn('oh.compact_office');
    const blank = await submit(office, page, `/console/activities/${id}/events`, { type: 'RESPOND', response: '' });
    expect(blank.status).toBe(400);
    expect(refusalOf(blank.text)).toBe('RESPOND of a violation report needs "response", not blank.');
    expect(blank.text).toMatch(/<dt>Status<\/dt><dd><span class="status-badge tone-\w+"><strong>[a-z ]+<\/strong>: reported<\/span>/);

    // The page of before the response, posted again: the rules refuse it, and say why.
    const html = (await office.get(page).expect(200)).text;
    const respond = { _csrf: csrfOf(html), type: 'RESPOND', response: 'continue_supervision' };
    expect((await office.post(`/console/activities/${id}/events`).type('form').send(respond)).status).toBe(303);
    const again = await office.post(`/console/activities/${id}/events`).type('form').send(respond);
    expect(again.status).toBe(409);
    expect(refusalOf(again.text)).toBe('This violation report is responded and cannot change.');
    expect(again.text).toMatch(/<dt>Status<\/dt><dd><span class="status-badge tone-\w+"><strong>[a-z ]+<\/strong>: responded<\/span>/);
    // Each refusal is in the activity's history.
    const denied = rowsOf(again.text, 'history').filter((r) => r[5] === 'denied');
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });

  it('answers 404 to another state’s user, on the page and to its form, and for an id that is none', async () => {
    const c = await caseAfter(TO_ACTIVE);
    const { page } = await reported(c.id);
    const id = page.split('/').pop()!;
    const california = await signedIn('ca.compact_office');
    const res = await california.get(page).expect(404);
    expect(res.text).toContain('No activity with this id exists among the cases of your state.');
    expect(res.text).not.toContain(c.caseNumber);
    const own = (await california.get('/console/cases').expect(200)).text;
    const posted = await california
      .post(`/console/activities/${id}/events`)
      .type('form')
      .send({ _csrf: csrfOf(own), type: 'RESPOND', response: 'other' });
    expect(posted.status).toBe(404);
    await california.get('/console/activities/not-an-id').expect(404);
    await california.get('/console/activities/6f1c2b9e-1f0a-4c3e-9d7b-2a5e8c4b1d3f').expect(404);
    // Nor may it start one on that case.
    const started = await california
      .post(`/console/cases/${c.id}/activities`)
      .type('form')
      .send({ _csrf: csrfOf(own), ...VIOLATION, discoveredOn: today() });
    expect(started.status).toBe(404);
  });

  it('refuses a form without its CSRF token, and changes nothing', async () => {
    const c = await caseAfter(TO_ACTIVE);
    const officer = await signedIn('tx.field_officer');
    const start = await officer
      .post(`/console/cases/${c.id}/activities`)
      .type('form')
      .send({ ...VIOLATION, discoveredOn: today() });
    expect(start.status).toBe(403);
    expect(start.text).toMatch(/form has expired or did not come from this site/);
    expect(rowsOf((await officer.get(`/console/cases/${c.id}`).expect(200)).text, 'activities')).toEqual([]);

    const { page } = await reported(c.id, officer);
    const id = page.split('/').pop()!;
    const office = await signedIn('oh.compact_office');
    await office.get(page).expect(200);
    const respond = await office.post(`/console/activities/${id}/events`).type('form').send({ type: 'RESPOND', response: 'other' });
    expect(respond.status).toBe(403);
    expect((await office.get(page).expect(200)).text).toMatch(
      /<dt>Status<\/dt><dd><span class="status-badge tone-\w+"><strong>[a-z ]+<\/strong>: reported<\/span>/,
    );
  });
});
