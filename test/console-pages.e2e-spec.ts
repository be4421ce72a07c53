import request from 'supertest';
import type { CaseEventFields, CaseEventType } from '../machines';
import { TimeTravel } from './support/accounts';
import { mailsDelivered } from './support/outbox';
import { PASSWORD, TestApp } from './support/test-app';

type Step = [username: string, type: CaseEventType, extra?: CaseEventFields];
const LAST_KNOWN = { lastKnownAddress: '12 Elm St, Dallas, TX', lastKnownEmployment: 'Unemployed' };
/** An Ohio-to-Texas case to accepted: the officer's request goes through Ohio's compact office. */
const TO_ACCEPTED: Step[] = [
  ['oh.field_officer', 'SUBMIT_TRANSFER_REQUEST'],
  ['oh.compact_office', 'TRANSMIT'],
  ['tx.compact_office', 'ACCEPT_TRANSFER'],
];
const TO_ACTIVE: Step[] = [...TO_ACCEPTED, ['oh.field_officer', 'NOTICE_OF_DEPARTURE'], ['tx.field_officer', 'NOTICE_OF_ARRIVAL']];
const TO_CLOSED: Step[] = [
  ...TO_ACTIVE,
  ['tx.field_officer', 'SUBMIT_CLOSURE_NOTICE', { closureReason: 'absconded', ...LAST_KNOWN }],
  ['oh.supervisor', 'CONFIRM_CLOSURE'],
];

const csrfOf = (html: string): string => {
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error('The page has no form with a CSRF token.');
  return token;
};
/** The success banner of a console page, as its text reads; null when the page shows none. */
const bannerOf = (html: string): string | null => html.match(/<p class="notice success" role="status">([^<]*)<\/p>/)?.[1].replace(/&#39;/g, "'") ?? null;
const pathOf = (link: string) => new URL(link).pathname;

/** The web console as a browser uses it: cookies kept between requests, forms posted with their CSRF token. */
describe('the web console over HTTP, with cookies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const browser = () => request.agent(t.app.getHttpServer());
  type Browser = ReturnType<typeof browser>;

  /** Signs in from the sign-in page as a person does, carrying the page's `next` along; answers where it redirects. */
  async function signIn(agent: Browser, username: string, loginPath = '/login'): Promise<string> {
    const page = await agent.get(loginPath).expect(200);
    const next = page.text.match(/name="next" value="([^"]*)"/)?.[1];
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), username, password: PASSWORD, next })
      .expect(303);
    return res.headers.location;
  }
  async function signedIn(username: string): Promise<Browser> {
    const agent = browser();
    await signIn(agent, username);
    return agent;
  }
  /** Posts a form found on `page`, with that page's CSRF token. */
  async function submit(agent: Browser, page: string, action: string, fields: Record<string, string | number> = {}) {
    const html = (await agent.get(page).expect(200)).text;
    expect(html).toContain(`action="${action}"`);
    return agent
      .post(action)
      .type('form')
      .send({ _csrf: csrfOf(html), ...fields });
  }

  let offenders = 0;
  /** A new Ohio-to-Texas case taken through `steps`, each by its sender, through the services. */
  async function caseAfter(steps: readonly Step[]) {
    const opened = await t.cases.open(
      { offenderName: `Console Subject ${++offenders}`, sendingState: 'OH', receivingState: 'TX' },
      t.actor('oh.field_officer'),
      null,
    );
    for (const [who, type, extra] of steps) await t.cases.applyEvent(opened.id, { type, ...extra }, t.actor(who), null);
    return opened;
  }
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
        expect(page.text).toContain('name="next" value="/console/cases"');
        const res = await agent
          .post('/login')
          .type('form')
          .send({ _csrf: csrfOf(page.text), username: 'oh.field_officer', password: PASSWORD, next })
          .expect(303);
        expect(res.headers.location).toBe('/console/cases');
      },
    );
  });

  describe('the time limits on the case page', () => {
    it('lists what is due, by whom and by when, and marks an overdue one', async () => {
      const time = new TimeTravel(t);
      const DAY = 24 * 3_600_000;
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
});
