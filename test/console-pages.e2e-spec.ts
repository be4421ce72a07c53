import type { CaseEventType } from '../machines';
import { TimeTravel } from './support/accounts';
import { LAST_KNOWN, TO_ACTIVE, TO_REQUESTED, stepsToClosed, type CaseStep } from './support/case-steps';
import { mailsDelivered } from './support/outbox';
import { bannerOf, consoleOf, csrfOf, refusalOf } from './support/console-pages';
import { PASSWORD, TestApp } from './support/test-app';

type Step = CaseStep;
/** An Ohio-to-Texas case to accepted: the officer's request goes through Ohio's compact office. */
const TO_ACCEPTED: Step[] = [...TO_REQUESTED, ['tx.compact_office', 'ACCEPT_TRANSFER']];
const TO_CLOSED = stepsToClosed();

/** The form of the case step `type` on a case page, as its markup; null when the page has none. */
const formOf = (html: string, type: string): string | null =>
  html
    .split('<form class="action"')
    .slice(1)
    .map((form) => form.slice(0, form.indexOf('</form>')))
    .find((form) => form.includes(`name="type" value="${type}"`)) ?? null;
/** The rows of a table of the page (by its class), each as its cells' text. */
const rowsOf = (html: string, table: string): string[][] => {
  const start = html.indexOf(`<table class="${table}">`);
  if (start < 0) return [];
  const body = html.slice(start, html.indexOf('</table>', start));
  return body
    .split('<tr>')
    .slice(2)
    .map((row) =>
      [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) =>
        cell[1]
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    );
};
const DAY = 24 * 3_600_000;
const HOUR = 3_600_000;
const pathOf = (link: string) => new URL(link).pathname;

/** The web console as a browser uses it: cookies kept between requests, forms posted with their CSRF token. */
describe('the web console over HTTP, with cookies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const { browser, signIn, signedIn, submit, caseAfter } = consoleOf(() => t, 'Console Subject');
  const closedCase = () => caseAfter(TO_CLOSED);
  const askReopen = async (caseId: string) =>
    (await (await t.as('oh.field_officer')).post(`/cases/${caseId}/reopen-requests`).send({ reason: 'Apprehended in Dallas.' }).expect(201)).body.id as string;
  const mailsAbout = async (caseNumber: string, to: string) => (await mailsDelivered(t)).filter((m) => m.subject.includes(caseNumber) && m.to === to);
  const linksIn = (body: string) => body.match(/https?:\/\/\S+/g) ?? [];

  describe('success banners are one-time messages kept on the server', () => {
    it('shows nothing for a forged ?done= on any page', async () => {
      const c = await closedCase();
      const office = await signedIn('tx.compact_office');
      for (const done of ['constructor', 'REOPEN', 'approved', 'denied', '__proto__', 'toString']) {
        const queue = await office.get(`/console/queue?done=${done}`).expect(200);
        expect({ done, banner: bannerOf(queue.text) }).toEqual({ done, banner: null });
        expect(queue.text).not.toContain('[native code]');
        const page = await office.get(`/console/cases/${c.id}?done=${done}`).expect(200);
        expect({ done, banner: bannerOf(page.text) }).toEqual({ done, banner: null });
      }
      const admin = await signedIn('tx.state_admin');
      for (const done of ['invited', 'changed', 'unlocked']) expect(bannerOf((await admin.get(`/console/users?done=${done}`).expect(200)).text)).toBeNull();
      for (const done of ['reset', 'signed-out']) expect(bannerOf((await browser().get(`/login?done=${done}`).expect(200)).text)).toBeNull();
    });

    it('shows the banner of a real approval once, to that session only, and not on reload', async () => {
      const c = await closedCase();
      const requestId = await askReopen(c.id);
      const office = await signedIn('tx.compact_office');
      const elsewhere = await signedIn('tx.compact_office');
      const res = await submit(office, '/console/queue', `/console/reopen-requests/${requestId}/approve`, { reason: '' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/console/queue');
      expect(bannerOf((await elsewhere.get('/console/queue').expect(200)).text)).toBeNull();
      expect(bannerOf((await office.get('/console/queue').expect(200)).text)).toBe('Approved: the case is reopened, and the requester is told by mail.');
      expect(bannerOf((await office.get('/console/queue').expect(200)).text)).toBeNull();
    });

    it('shows the banner of a case step on the case page once', async () => {
      const c = await closedCase();
      const office = await signedIn('tx.compact_office');
      const page = `/console/cases/${c.id}`;
      const res = await submit(office, page, `${page}/events`, { type: 'REOPEN', reason: 'Court order of 2026-11-20.' });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(page);
      expect(bannerOf((await office.get(page).expect(200)).text)).toBe('Done: reopen a closed case.');
      expect(bannerOf((await office.get(page).expect(200)).text)).toBeNull();
    });

    it("shows a state administrator's banner once", async () => {
      const admin = await signedIn('tx.state_admin');
      const res = await submit(admin, '/console/users', '/console/users', {
        username: 'tx.banner_officer',
        email: 'tx.banner_officer@e2e.example',
        displayName: 'Banner Officer',
        role: 'field_officer',
      });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/console/users');
      expect(bannerOf((await admin.get('/console/users').expect(200)).text)).toMatch(/^Invitation sent/);
      expect(bannerOf((await admin.get('/console/users').expect(200)).text)).toBeNull();
    });

    it('says "You are signed out" once after signing out', async () => {
      const officer = await signedIn('oh.field_officer');
      const res = await submit(officer, '/console/cases', '/logout');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe('/login');
      expect(bannerOf((await officer.get('/login').expect(200)).text)).toBe('You are signed out.');
      expect(bannerOf((await officer.get('/login').expect(200)).text)).toBeNull();
    });
  });

  describe('links in mails open console pages, through the sign-in page when signed out', () => {
    it("sends the compact office to its queue and the case's page, and back there after signing in", async () => {
      const c = await closedCase();
      await askReopen(c.id);
      const [mail] = await mailsAbout(c.caseNumber, 'tx.compact_office@e2e.example');
      expect(mail).toBeDefined();
      const paths = linksIn(mail.body).map(pathOf);
      expect(paths).toEqual(['/console/queue', `/console/cases/${c.id}`]);

      // Signed in, the links open pages, not the API's JSON 401.
      const office = await signedIn('tx.compact_office');
      for (const path of paths) {
        const page = await office.get(path).expect(200);
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.text).toContain(c.caseNumber);
      }

      // Signed out: the sign-in page, then the linked page itself.
      const stranger = browser();
      const refused = await stranger.get(`/console/cases/${c.id}`).expect(303);
      expect(refused.headers.location).toBe(`/login?next=${encodeURIComponent(`/console/cases/${c.id}`)}`);
      expect(await signIn(stranger, 'tx.compact_office', refused.headers.location)).toBe(`/console/cases/${c.id}`);
      const landed = await stranger.get(`/console/cases/${c.id}`).expect(200);
      expect(landed.text).toContain(c.caseNumber);
    });

    it("sends the requester to the case's page with the decision, through sign-in", async () => {
      const c = await closedCase();
      const requestId = await askReopen(c.id);
      await (await t.as('tx.compact_office')).post(`/reopen-requests/${requestId}/approve`).send({}).expect(200);
      const [mail] = await mailsAbout(c.caseNumber, 'oh.field_officer@e2e.example');
      expect(mail.subject).toMatch(/^Reopen request approved/);
      const links = linksIn(mail.body);
      expect(links.map(pathOf)).toEqual([`/console/cases/${c.id}`]);

      const officer = browser();
      const refused = await officer.get(pathOf(links[0]!)).expect(303);
      expect(await signIn(officer, 'oh.field_officer', refused.headers.location)).toBe(`/console/cases/${c.id}`);
      expect((await officer.get(`/console/cases/${c.id}`).expect(200)).text).toContain(c.caseNumber);
    });

    it.each(['https://evil.example/console/cases', '//evil.example/console', '/console/../login', '/console/%2e%2e/evil'])(
      'never sends anyone off the console after sign-in (next=%s)',
      async (next) => {
        const agent = browser();
        const page = await agent.get(`/login?next=${encodeURIComponent(next)}`).expect(200);
        expect(page.text).toContain('name="next" value="/console/my-work"');
        const res = await agent
          .post('/login')
          .type('form')
          .send({ _csrf: csrfOf(page.text), username: 'oh.field_officer', password: PASSWORD, next })
          .expect(303);
        expect(res.headers.location).toBe('/console/my-work');
      },
    );
  });

  describe("times in the user's state's zone", () => {
    it('shows the same opening to Ohio in Eastern and to Texas in Central time, each named, and says so', async () => {
      const opened = await t.cases.open({ offenderName: 'Console Zones', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
      await t.cases.applyEvent(opened.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.field_officer'), null);
      await t.cases.applyEvent(opened.id, { type: 'TRANSMIT' }, t.actor('oh.compact_office'), null);
      const at = new Date(opened.createdAt);
      const wall = (zone: string) =>
        new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at);
      const factOf = (html: string) => /<dt>Opened<\/dt><dd>([^<]+)<\/dd>/.exec(html)?.[1];
      const ohio = (await (await signedIn('oh.field_officer')).get(`/console/cases/${opened.id}`).expect(200)).text;
      const texas = (await (await signedIn('tx.compact_office')).get(`/console/cases/${opened.id}`).expect(200)).text;
      expect(factOf(ohio)).toMatch(new RegExp(`^${wall('America/New_York')} E[SD]T$`));
      expect(factOf(texas)).toMatch(new RegExp(`^${wall('America/Chicago')} C[SD]T$`));
      expect(texas).toContain("Times are in your state's zone, America/Chicago");
    });
  });

  describe('the time limits on the case page', () => {
    it('lists what is due, by whom and by when, and marks an overdue one', async () => {
      const time = new TimeTravel(t);
      let caseId: string;
      try {
        time.forward(-50 * DAY);
        const opened = await t.cases.open({ offenderName: 'Console Deadline', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
        caseId = opened.id;
        await t.cases.applyEvent(caseId, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.field_officer'), null);
        await t.cases.applyEvent(caseId, { type: 'TRANSMIT' }, t.actor('oh.compact_office'), null);
      } finally {
        time.back();
      }
      const office = await signedIn('tx.compact_office');
      const html = (await office.get(`/console/cases/${caseId}`).expect(200)).text;
      const limits = html.slice(html.indexOf('<h2>Time limits</h2>'));
      expect(limits).toMatch(/<td>Transfer reply<\/td>\s*<td>3\.104<\/td>\s*<td>TX<\/td>/);
      expect(limits).toMatch(/<span class="badge denied">overdue<\/span>/);
      const fresh = await t.cases.open({ offenderName: 'Console No Deadline', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
      const officer = await signedIn('oh.field_officer');
      expect((await officer.get(`/console/cases/${fresh.id}`).expect(200)).text).toContain('No time limit has started on this case yet.');
    });
  });

  describe('a transfer request before release, from the case page', () => {
    it('offers the planned release date, refuses one too far ahead with the rule, and shows the one it keeps', async () => {
      const opened = await t.cases.open({ offenderName: 'Console Release', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
      const page = `/console/cases/${opened.id}`;
      const officer = await signedIn('oh.field_officer');
      expect((await officer.get(page).expect(200)).text).toContain('<input type="date" id="release-SUBMIT_TRANSFER_REQUEST" name="plannedReleaseDate">');

      const tooFar = await submit(officer, page, `${page}/events`, { type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: 1, plannedReleaseDate: '2099-01-01' });
      expect(tooFar.text).toMatch(/<p class="notice error" role="alert">Rule 3\.105: a transfer request before release may be sent no more than 120 days/);

      const release = new Date(Date.now() + 30 * 24 * 3_600_000).toISOString().slice(0, 10);
      const sent = await submit(officer, page, `${page}/events`, { type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: 1, plannedReleaseDate: release });
      expect(sent.status).toBe(303);
      const after = (await officer.get(page).expect(200)).text;
      expect(after).toContain(`<dt>Planned release</dt><dd>${release}</dd>`);
    });

    it('sends the request without a date when the field is left empty', async () => {
      const opened = await t.cases.open({ offenderName: 'Console Released', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
      const page = `/console/cases/${opened.id}`;
      const officer = await signedIn('oh.field_officer');
      const sent = await submit(officer, page, `${page}/events`, { type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: 1, plannedReleaseDate: '' });
      expect(sent.status).toBe(303);
      expect((await officer.get(page).expect(200)).text).not.toContain('Planned release');
    });
  });

  describe('the steps of lifecycle version 2 on the case page', () => {
    /** Which fields a step's form asks for, each as the markup that asks. */
    const FORMS: Array<{ type: CaseEventType; steps: Step[]; daysAgo?: number; sender: string; other: string; fields: string[] }> = [
      {
        type: 'REQUEST_REPORTING_INSTRUCTIONS',
        steps: [],
        sender: 'oh.field_officer',
        other: 'oh.auditor',
        fields: [
          '<select id="instructions-REQUEST_REPORTING_INSTRUCTIONS" name="instructionsKind" required>',
          '<option value="living_in_receiving_state">living in receiving state</option><option value="expedited">expedited</option>',
          // Only a request under rule 3.103 needs it: the form does not insist.
          '<input type="date" id="sentencing-REQUEST_REPORTING_INSTRUCTIONS" name="sentencingDate">',
          '<input type="checkbox" id="sex-offender-REQUEST_REPORTING_INSTRUCTIONS" name="sexOffender" value="true">',
        ],
      },
      { type: 'TRANSMIT', steps: [['oh.field_officer', 'SUBMIT_TRANSFER_REQUEST']], sender: 'oh.compact_office', other: 'oh.field_officer', fields: [] },
      {
        type: 'SEND_BACK',
        steps: [['oh.field_officer', 'SUBMIT_TRANSFER_REQUEST']],
        sender: 'oh.compact_office',
        other: 'oh.supervisor',
        fields: ['<textarea id="reason-SEND_BACK" name="reason" required maxlength="1000">'],
      },
      {
        type: 'GRANT_REPORTING_INSTRUCTIONS',
        steps: [['oh.compact_office', 'REQUEST_REPORTING_INSTRUCTIONS', { instructionsKind: 'expedited' }]],
        sender: 'tx.compact_office',
        other: 'tx.field_officer',
        fields: [],
      },
      {
        type: 'DENY_REPORTING_INSTRUCTIONS',
        steps: [['oh.compact_office', 'REQUEST_REPORTING_INSTRUCTIONS', { instructionsKind: 'expedited' }]],
        sender: 'tx.compact_office',
        other: 'oh.compact_office',
        fields: ['<textarea id="reason-DENY_REPORTING_INSTRUCTIONS" name="reason" required maxlength="1000">'],
      },
      {
        type: 'REJECT_TRANSFER',
        steps: [['oh.compact_office', 'SUBMIT_TRANSFER_REQUEST']],
        sender: 'tx.compact_office',
        other: 'tx.supervisor',
        fields: [
          '<select id="rejection-REJECT_TRANSFER" name="rejectionKind" required>',
          '<option value="incomplete">incomplete</option><option value="denied">denied</option>',
          '<textarea id="reason-REJECT_TRANSFER" name="reason" required maxlength="1000">',
        ],
      },
      {
        // Rule 3.104(c): from the day after the 120th day since the acceptance.
        type: 'WITHDRAW_ACCEPTANCE',
        steps: TO_ACCEPTED,
        daysAgo: 130,
        sender: 'tx.compact_office',
        other: 'tx.field_officer',
        fields: ['<textarea id="reason-WITHDRAW_ACCEPTANCE" name="reason" required maxlength="1000">'],
      },
      {
        // From the day after the 5th business day after the departure.
        type: 'NOTICE_OF_FAILURE_TO_ARRIVE',
        steps: [...TO_ACCEPTED, ['oh.field_officer', 'NOTICE_OF_DEPARTURE']],
        daysAgo: 14,
        sender: 'tx.field_officer',
        other: 'oh.field_officer',
        fields: [],
      },
      {
        type: 'SUBMIT_CLOSURE_NOTICE',
        steps: TO_ACTIVE,
        sender: 'tx.field_officer',
        other: 'oh.field_officer',
        fields: [
          '<select id="closure-SUBMIT_CLOSURE_NOTICE" name="closureReason" required>',
          '<input type="text" id="address-SUBMIT_CLOSURE_NOTICE" name="lastKnownAddress" required maxlength="500">',
          '<input type="text" id="employment-SUBMIT_CLOSURE_NOTICE" name="lastKnownEmployment" required maxlength="500">',
        ],
      },
    ];

    it.each(FORMS)('shows the form of $type to $sender, with what it asks for, and not to $other', async ({ type, steps, daysAgo, sender, other, fields }) => {
      const time = new TimeTravel(t);
      let caseId: string;
      try {
        time.forward(-(daysAgo ?? 0) * DAY);
        caseId = (await caseAfter(steps)).id;
      } finally {
        time.back();
      }
      const page = `/console/cases/${caseId}`;
      const form = formOf((await (await signedIn(sender)).get(page).expect(200)).text, type);
      expect(form).not.toBeNull();
      for (const field of fields) expect(form).toContain(field);
      if (fields.length === 0) expect(form).not.toMatch(/<textarea|<select|type="(text|date|checkbox)"/);
      const otherPage = (await (await signedIn(other)).get(page).expect(200)).text;
      expect(otherPage).toContain(`Case ${(await t.cases.find(caseId))!.caseNumber}`);
      expect(formOf(otherPage, type)).toBeNull();
    });

    it("sends a submission back from the page with the compact office's reason", async () => {
      const c = await caseAfter([['oh.field_officer', 'SUBMIT_TRANSFER_REQUEST']]);
      const page = `/console/cases/${c.id}`;
      const office = await signedIn('oh.compact_office');
      expect((await office.get(page).expect(200)).text).toContain(
        "<dt>Awaits transmission</dt><dd>the transfer request, in the review of OH's compact office</dd>",
      );
      const res = await submit(office, page, `${page}/events`, {
        type: 'SEND_BACK',
        expectedVersion: 2,
        reason: 'No approved residence in Texas yet.',
        // A grave step: confirmed, as its confirmation page posts it.
        confirmed: 'yes',
      });
      expect(res.status).toBe(303);
      const after = (await office.get(page).expect(200)).text;
      expect(bannerOf(after)).toBe('Done: send a submission back to its author.');
      expect(after).toMatch(/<span class="status-badge tone-\w+"><strong>[a-z ]+<\/strong>: draft<\/span>/);
      expect(after).not.toContain('Awaits transmission');
      expect(after).toMatch(
        /<td>send back<\/td>\s*<td>compact office review → draft<\/td>\s*<td><span class="badge allowed">allowed<\/span><\/td>\s*<td>No approved residence in Texas yet\.<\/td>/,
      );
      // Back with its author, who may submit it again.
      expect(formOf((await (await signedIn('oh.field_officer')).get(page).expect(200)).text, 'SUBMIT_TRANSFER_REQUEST')).not.toBeNull();
    });

    it("refuses a 3.103 request without its sentencing date with the rule's words, and takes an expedited one without", async () => {
      const c = await caseAfter([]);
      const page = `/console/cases/${c.id}`;
      const officer = await signedIn('oh.field_officer');
      const fields = { type: 'REQUEST_REPORTING_INSTRUCTIONS', expectedVersion: 1, sentencingDate: '' };
      const refusedPage = await submit(officer, page, `${page}/events`, { ...fields, instructionsKind: 'living_in_receiving_state' });
      expect(refusedPage.status).toBe(400);
      expect(refusalOf(refusedPage.text)).toBe('A request under rule 3.103 gives "sentencingDate", the date its 10 business days count from.');
      expect(refusedPage.text).toMatch(/<span class="status-badge tone-\w+"><strong>[a-z ]+<\/strong>: draft<\/span>/);
      const sent = await submit(officer, page, `${page}/events`, { ...fields, instructionsKind: 'expedited' });
      expect(sent.status).toBe(303);
      const after = (await officer.get(page).expect(200)).text;
      expect(after).toMatch(/<span class="status-badge tone-\w+"><strong>[a-z ]+<\/strong>: compact office review<\/span>/);
      expect(after).toContain('<dt>Reporting instructions asked for</dt><dd>expedited</dd>');
    });

    it('shows the facts the steps gave: the reporting instructions asked for, the rejection kind, the dates, the last known address and employment', async () => {
      const time = new TimeTravel(t);
      try {
        time.to('2026-12-02T15:00:00Z');
        const asked = await caseAfter([]);
        const page = `/console/cases/${asked.id}`;
        const officer = await signedIn('oh.field_officer');
        const request = { type: 'REQUEST_REPORTING_INSTRUCTIONS', expectedVersion: 1, instructionsKind: 'living_in_receiving_state' };
        expect((await submit(officer, page, `${page}/events`, { ...request, sentencingDate: '2026-11-20', sexOffender: 'true' })).status).toBe(303);
        const facts = (await officer.get(page).expect(200)).text;
        expect(facts).toContain("<dt>Awaits transmission</dt><dd>the reporting instructions request, in the review of OH's compact office</dd>");
        expect(facts).toContain('<dt>Reporting instructions asked for</dt><dd>living in receiving state, sex offender</dd>');
        expect(facts).toContain('<dt>Sentencing date</dt><dd>2026-11-20</dd>');

        const rejected = await caseAfter([['oh.compact_office', 'SUBMIT_TRANSFER_REQUEST']]);
        const rejectedPage = `/console/cases/${rejected.id}`;
        const tx = await signedIn('tx.compact_office');
        const rejection = {
          type: 'REJECT_TRANSFER',
          expectedVersion: 2,
          rejectionKind: 'denied',
          reason: 'Victim lives in the proposed residence.',
          confirmed: 'yes',
        };
        expect((await submit(tx, rejectedPage, `${rejectedPage}/events`, rejection)).status).toBe(303);
        expect((await tx.get(rejectedPage).expect(200)).text).toContain('<dt>Transfer request rejected as</dt><dd>denied</dd>');

        const active = await caseAfter(TO_ACTIVE);
        const activePage = `/console/cases/${active.id}`;
        const txOfficer = await signedIn('tx.field_officer');
        const closure = { type: 'SUBMIT_CLOSURE_NOTICE', expectedVersion: 6, closureReason: 'discharged', ...LAST_KNOWN };
        expect((await submit(txOfficer, activePage, `${activePage}/events`, closure)).status).toBe(303);
        const closing = (await txOfficer.get(activePage).expect(200)).text;
        expect(closing).toContain('<dt>Accepted on</dt><dd>2026-12-02</dd>');
        expect(closing).toContain('<dt>Departed on</dt><dd>2026-12-02</dd>');
        expect(closing).toContain(`<dt>Last known address</dt><dd>${LAST_KNOWN.lastKnownAddress}</dd>`);
        expect(closing).toContain(`<dt>Last known employment</dt><dd>${LAST_KNOWN.lastKnownEmployment}</dd>`);
      } finally {
        time.back();
      }
    });

    it('refuses a closure notice without the last known address with the rule, and keeps the case active', async () => {
      const c = await caseAfter(TO_ACTIVE);
      const page = `/console/cases/${c.id}`;
      const officer = await signedIn('tx.field_officer');
      const res = await submit(officer, page, `${page}/events`, {
        type: 'SUBMIT_CLOSURE_NOTICE',
        expectedVersion: 6,
        closureReason: 'discharged',
        lastKnownAddress: '',
        lastKnownEmployment: 'Unemployed',
      });
      expect(res.status).toBe(400);
      expect(refusalOf(res.text)).toBe(
        'The field "lastKnownAddress" is required to submit a closure notice and must not be blank: rule 4.112 asks for the last known address and employment.',
      );
      expect(res.text).toMatch(/<span class="status-badge tone-\w+"><strong>[a-z ]+<\/strong>: active<\/span>/);
    });

    it('says from when a step held back by the rules is possible: withdrawing an acceptance', async () => {
      const time = new TimeTravel(t);
      try {
        time.to('2026-12-02T15:00:00Z');
        const c = await caseAfter(TO_ACCEPTED);
        const html = (await (await signedIn('tx.compact_office')).get(`/console/cases/${c.id}`).expect(200)).text;
        // Accepted on 2026-12-02: the 120th day after is 2027-04-01.
        expect(html).toContain('<p class="hint later">Withdraw acceptance possible from 2027-04-02</p>');
        expect(formOf(html, 'WITHDRAW_ACCEPTANCE')).toBeNull();
        expect((await (await signedIn('tx.field_officer')).get(`/console/cases/${c.id}`).expect(200)).text).not.toContain('Withdraw acceptance possible');
      } finally {
        time.back();
      }
    });
  });

  describe("the compact office's queue", () => {
    it('lists the submissions of its state to review, oldest waiting first, each saying what waits', async () => {
      const time = new TimeTravel(t);
      let first: { id: string; caseNumber: string };
      let second: { id: string; caseNumber: string };
      try {
        // The case list shows the newest case first; the queue, the longest wait.
        first = await caseAfter([]);
        time.forward(HOUR);
        second = await caseAfter([]);
        time.forward(HOUR);
        await t.cases.applyEvent(first.id, { type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'expedited' }, t.actor('oh.field_officer'), null);
        time.forward(HOUR);
        await t.cases.applyEvent(second.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.supervisor'), null);
      } finally {
        time.back();
      }
      const review = rowsOf((await (await signedIn('oh.compact_office')).get('/console/queue').expect(200)).text, 'review');
      expect(review.length).toBeGreaterThan(1);
      const at = (c: { caseNumber: string }) => review.findIndex((row) => row[1].startsWith(c.caseNumber));
      expect(at(first)).toBeGreaterThanOrEqual(0);
      expect(at(second)).toBeGreaterThan(at(first));
      expect(review[at(first)].slice(2)).toEqual(['TX', 'reporting instructions request']);
      expect(review[at(second)].slice(2)).toEqual(['TX', 'transfer request']);
      const waited = review.map((row) => row[0]);
      expect(waited).toEqual([...waited].sort());
      // Not yet transmitted: Texas sees neither.
      const texas = (await (await signedIn('tx.compact_office')).get('/console/queue').expect(200)).text;
      expect(texas).not.toContain(first.caseNumber);
      expect(texas).not.toContain(second.caseNumber);
    });

    it('lists what other states sent it, reporting instructions requests first, each with the hours its reply has left', async () => {
      const asked = await caseAfter([['oh.compact_office', 'REQUEST_REPORTING_INSTRUCTIONS', { instructionsKind: 'expedited' }]]);
      const sent = await caseAfter([['oh.compact_office', 'SUBMIT_TRANSFER_REQUEST']]);
      const deadlineOf = async (c: { id: string }) => {
        const [open] = (await (await t.as('tx.compact_office')).get(`/cases/${c.id}`).expect(200)).body.deadlines;
        expect(open).toMatchObject({ responsibleState: 'TX', status: 'open' });
        return { limit: open.limit as string, due: new Date(open.dueAt).getTime() };
      };
      const [reply, transferReply] = [await deadlineOf(asked), await deadlineOf(sent)];
      expect([reply.limit, transferReply.limit]).toEqual(['RI-REPLY', 'TREP']);
      const time = new TimeTravel(t);
      try {
        const queueAt = async (instant: number) => {
          time.to(new Date(instant).toISOString());
          return rowsOf((await (await signedIn('tx.compact_office')).get('/console/queue').expect(200)).text, 'received');
        };
        const instant = reply.due - 31.5 * HOUR;
        const received = await queueAt(instant);
        const at = (c: { caseNumber: string }) => received.findIndex((row) => row[1].startsWith(c.caseNumber));
        expect(at(asked)).toBeGreaterThanOrEqual(0);
        expect(at(sent)).toBeGreaterThan(at(asked));
        const whats = received.map((row) => row[0]);
        expect(whats.lastIndexOf('reporting instructions request')).toBeLessThan(whats.indexOf('transfer request'));
        expect(received[at(asked)]).toEqual(['reporting instructions request', `${asked.caseNumber} ${asked.offenderName}`, 'OH', '31 h left']);
        const transferHours = Math.floor((transferReply.due - instant) / HOUR);
        expect(received[at(sent)]).toEqual(['transfer request', `${sent.caseNumber} ${sent.offenderName}`, 'OH', `${transferHours} h left`]);
        const late = await queueAt(reply.due + 5 * HOUR);
        expect(late.find((row) => row[1].startsWith(asked.caseNumber))?.[3]).toBe('overdue by 5 h');
      } finally {
        time.back();
      }
    });
  });

  describe('opening a case from the list page', () => {
    it('opens a case from the form, lands on its page with the banner, and the API has it, Ohio its sending state', async () => {
      const officer = await signedIn('oh.field_officer');
      const list = (await officer.get('/console/cases').expect(200)).text;
      expect(list).toContain('<form class="action" method="post" action="/console/cases">');
      expect(list).toContain('<option value="TX">TX</option>');
      expect(list).not.toContain('<option value="OH">OH</option>');
      const res = await submit(officer, '/console/cases', '/console/cases', {
        offenderName: 'Opened From The List',
        offenderId: 'OH-DRC-1',
        receivingState: 'TX',
        supervisionEndsOn: '2029-03-31',
      });
      expect(res.status).toBe(303);
      const page = res.headers.location as string;
      const id = page.split('/').pop()!;
      const html = (await officer.get(page).expect(200)).text;
      const opened = (await (await t.as('oh.field_officer')).get(`/cases/${id}`).expect(200)).body;
      expect(opened).toMatchObject({ offenderName: 'Opened From The List', offenderId: 'OH-DRC-1', sendingState: 'OH', receivingState: 'TX', status: 'draft' });
      expect(bannerOf(html)).toBe(`Case ${opened.caseNumber} is opened, in draft.`);
      expect(html).toContain('<h1>Case ' + opened.caseNumber + ': Opened From The List</h1>');
    });

    it('shows no form to an auditor or an administrator, and refuses a post with 403', async () => {
      for (const who of ['oh.auditor', 'oh.state_admin']) {
        const agent = await signedIn(who);
        const list = (await agent.get('/console/cases').expect(200)).text;
        expect(list).not.toContain('method="post" action="/console/cases"');
        expect(list).not.toContain('Open a case');
        const res = await agent
          .post('/console/cases')
          .type('form')
          .send({ _csrf: csrfOf(list), offenderName: 'Not For Auditors', receivingState: 'TX' });
        expect(res.status).toBe(403);
        expect(refusalOf(res.text)).toBe('Only field officers, supervisors and compact office staff open cases.');
      }
      expect((await (await t.as('oh.compact_office')).get('/cases?q=Not%20For%20Auditors').expect(200)).body.items).toEqual([]);
    });

    it('refuses a case to its own state on the list page, with the rule, keeping what was typed', async () => {
      const officer = await signedIn('oh.supervisor');
      const res = await submit(officer, '/console/cases', '/console/cases', { offenderName: 'Typed & Kept', offenderId: 'OH-7', receivingState: 'OH' });
      expect(res.status).toBe(400);
      expect(refusalOf(res.text)).toBe('The receiving state must differ from the sending state: a transfer goes to another state.');
      expect(res.text).toContain('value="Typed &amp; Kept"');
      expect(res.text).toContain('value="OH-7"');
      const blank = await submit(officer, '/console/cases', '/console/cases', { offenderName: ' ', receivingState: 'TX' });
      expect(blank.status).toBe(400);
      expect(refusalOf(blank.text)).toContain('offenderName must be longer than or equal to 2 characters');
      expect(blank.text).toContain('<option value="TX" selected>TX</option>');
    });
  });

  describe('grave steps come last and are confirmed first', () => {
    const buttonsOf = (html: string) => [...html.matchAll(/<button type="submit"( class="danger")?>([^<]+)<\/button>/g)].map((m) => [m[2], Boolean(m[1])]);

    it('draws a draft’s transfer request first and its withdrawal last, in red', async () => {
      const c = await caseAfter([]);
      const html = (await (await signedIn('oh.field_officer')).get(`/console/cases/${c.id}`).expect(200)).text;
      const steps = buttonsOf(html.slice(html.indexOf('id="actions-heading"'), html.indexOf('<h2>Where the case stands</h2>')));
      expect(steps[0]).toEqual(['Submit a transfer request', false]);
      expect(steps.at(-1)).toEqual(['Withdraw a case', true]);
    });

    it('answers a withdrawal posted without confirmation with its consequence, changing nothing; the confirmed post withdraws it', async () => {
      const c = await caseAfter([]);
      const page = `/console/cases/${c.id}`;
      const officer = await signedIn('oh.field_officer');
      const confirm = await submit(officer, page, `${page}/events`, { type: 'WITHDRAW', expectedVersion: 1, reason: 'Sentence commuted.' });
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain('Withdraw the case: it ends for both states and cannot be undone.');
      expect(confirm.text).toContain('<input type="hidden" name="reason" value="Sentence commuted.">');
      expect(confirm.text).toContain('<input type="hidden" name="expectedVersion" value="1">');
      expect(confirm.text).toContain(`<a class="button secondary" href="${page}">Cancel</a>`);
      expect((await t.cases.find(c.id))!.status).toBe('draft');
      expect((await t.cases.find(c.id))!.version).toBe(1);

      const fields = Object.fromEntries([...confirm.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
      const done = await officer.post(`${page}/events`).type('form').send(fields);
      expect(done.status).toBe(303);
      expect((await t.cases.find(c.id))!.status).toBe('withdrawn');
      expect(bannerOf((await officer.get(page).expect(200)).text)).toBe('Done: withdraw a case.');
    });
  });
});
