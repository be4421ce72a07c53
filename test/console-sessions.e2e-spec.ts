import { JwtService } from '@nestjs/jwt';
import { MINUTE, TimeTravel } from './support/accounts';
import { TO_REQUESTED } from './support/case-steps';
import { bannerOf, consoleOf, csrfOf, unescaped, type ConsoleBrowser } from './support/console-pages';
import { PASSWORD, TestApp } from './support/test-app';

const SENT_TOO_LATE = 'Your session ended before this was sent: sign in, and you can send it again.';

/** The hidden fields of the page's form posting to `action`, by name. */
function hiddenFieldsOf(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`<form class="action" method="post" action="${action}">`);
  if (start < 0) throw new Error(`The page has no form posting to ${action}.`);
  const form = html.slice(start, html.indexOf('</form>', start));
  return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], unescaped(m[2])]));
}
const resubmitOf = (html: string): string | undefined => {
  const value = html.match(/name="resubmit" value="([^"]*)"/)?.[1];
  return value === undefined ? undefined : unescaped(value);
};

/** The console's sessions as a user lives them: the idle limit, staying signed in, and what was being sent when it ended. */
describe('console sessions over HTTP, with cookies', () => {
  let t: TestApp;
  let time: TimeTravel;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    time = new TimeTravel(t);
  });
  afterEach(() => time.back());

  const { browser, signIn, signedIn, caseAfter } = consoleOf(() => t, 'Session Subject');
  const keepAlive = async (agent: ConsoleBrowser) => {
    const page = await agent.get('/console/my-work').expect(200);
    return agent
      .post('/console/session/keep-alive')
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
  };
  const statusOf = async (caseId: string) => (await t.cases.get(caseId, t.actor('tx.compact_office'), null)).status;

  describe('the idle limit on the page', () => {
    it('is given to signed-in pages only', async () => {
      const signedOut = (await browser().get('/login').expect(200)).text;
      expect(signedOut).toContain('<body>');
      expect(signedOut).not.toContain('data-idle-minutes');
      const page = (await (await signedIn('oh.field_officer')).get('/console/my-work').expect(200)).text;
      expect(page).toContain('<body data-idle-minutes="30" data-zone="America/New_York">');
    });
  });

  describe("a page left open longer than its cookie's token lives", () => {
    it('is still signed in within the idle limit, and gets a fresh token; the same token as a bearer is refused', async () => {
      const agent = browser();
      const login = (await agent.get('/login').expect(200)).text;
      const signed = await agent
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(login), username: 'oh.field_officer', password: PASSWORD })
        .expect(303);
      const token = /cce_access=([^;]+)/.exec(String(signed.headers['set-cookie']))?.[1];
      expect(token).toBeDefined();
      // The same session's token, as it is once its 15 minutes are over (the JWT library counts real time).
      const jwt = t.app.get(JwtService);
      const { sub, username, sid } = jwt.decode<{ sub: string; username: string; sid: string }>(token!);
      const expired = await jwt.signAsync({ sub, username, sid }, { expiresIn: -60 });
      const page = await t.http.get('/console/my-work').set('Cookie', `cce_access=${expired}`).expect(200);
      expect(page.text).toContain('<h1>My work');
      expect(String(page.headers['set-cookie'])).toMatch(/cce_access=(?!;)/);
      await t.http.get('/cases').set('Authorization', `Bearer ${expired}`).expect(401);
    });
  });

  describe('the keep-alive', () => {
    it('needs a session and the CSRF token of its pages', async () => {
      await browser().post('/console/session/keep-alive').type('form').send({}).expect(401);
      const officer = await signedIn('oh.field_officer');
      await officer.post('/console/session/keep-alive').type('form').send({ _csrf: 'forged' }).expect(403);
      expect((await keepAlive(officer)).status).toBe(204);
    });

    it('keeps the session past its first limit: 25 minutes, the keep-alive, 25 more, and still signed in', async () => {
      const officer = await signedIn('oh.field_officer');
      const page = (await officer.get('/console/my-work').expect(200)).text;
      time.forward(25 * MINUTE);
      await officer
        .post('/console/session/keep-alive')
        .type('form')
        .send({ _csrf: csrfOf(page) })
        .expect(204);
      time.forward(25 * MINUTE);
      const after = await officer.get('/console/my-work').expect(200);
      expect(after.text).toContain('oh.field_officer');
    });

    it('without it, the same 50 minutes end the session', async () => {
      const officer = await signedIn('oh.field_officer');
      await officer.get('/console/my-work').expect(200);
      time.forward(25 * MINUTE);
      time.forward(25 * MINUTE);
      const refused = await officer.get('/console/my-work').expect(303);
      expect(refused.headers.location).toBe(`/login?next=${encodeURIComponent('/console/my-work')}`);
    });
  });

  describe('a page opened after the session ended', () => {
    it('goes to the sign-in and, signed in again, back to that page', async () => {
      const c = await caseAfter(TO_REQUESTED);
      const office = await signedIn('tx.compact_office');
      await office.get(`/console/cases/${c.id}`).expect(200);
      time.forward(31 * MINUTE);
      const refused = await office.get(`/console/cases/${c.id}`).expect(303);
      expect(await signIn(office, 'tx.compact_office', refused.headers.location)).toBe(`/console/cases/${c.id}`);
      expect((await office.get(`/console/cases/${c.id}`).expect(200)).text).toContain(c.caseNumber);
    });
  });

  describe('a form posted after the session ended', () => {
    /** The Texas compact office on a transmitted case's page, then away from it past the idle limit. */
    async function postedTooLate(extra: Record<string, string> = {}) {
      const c = await caseAfter(TO_REQUESTED);
      const page = `/console/cases/${c.id}`;
      const office = await signedIn('tx.compact_office');
      const html = (await office.get(page).expect(200)).text;
      expect(html).toContain('name="type" value="ACCEPT_TRANSFER"');
      const { version } = await t.cases.get(c.id, t.actor('tx.compact_office'), null);
      time.forward(31 * MINUTE);
      const res = await office
        .post(`${page}/events`)
        .set('Host', 'console.example')
        .set('Referer', `http://console.example${page}`)
        .type('form')
        .send({ _csrf: csrfOf(html), type: 'ACCEPT_TRANSFER', expectedVersion: String(version), ...extra });
      return { c, page, office, res, version };
    }

    it('answers with the sign-in page, saying so and keeping the form, and changes nothing', async () => {
      const { c, page, res, version } = await postedTooLate({ password: 'not to be kept' });
      expect(res.status).toBe(401);
      expect(res.text).toContain('<h1>Sign in</h1>');
      expect(unescaped(res.text)).toContain(SENT_TOO_LATE);
      expect(res.text).toContain(`name="next" value="${page}"`);
      expect(JSON.parse(resubmitOf(res.text)!)).toEqual({ action: `${page}/events`, fields: { type: 'ACCEPT_TRANSFER', expectedVersion: String(version) } });
      expect(await statusOf(c.id)).toBe('transfer_requested');
    });

    it.each([
      ['no Referer', 'the case page', {}],
      ["another site's Referer", 'the case page', { Referer: 'https://evil.example/console/queue' }],
      ['a Referer of this console', '/console/queue', { Host: 'console.example', Referer: 'http://console.example/console/queue' }],
    ])('with %s, returns after the sign-in to %s', async (_, expected, headers: Record<string, string>) => {
      const c = await caseAfter(TO_REQUESTED);
      const office = await signedIn('tx.compact_office');
      const html = (await office.get(`/console/cases/${c.id}`).expect(200)).text;
      time.forward(31 * MINUTE);
      const res = await office
        .post(`/console/cases/${c.id}/events`)
        .set(headers)
        .type('form')
        .send({ _csrf: csrfOf(html), type: 'ACCEPT_TRANSFER' })
        .expect(401);
      const back = expected === 'the case page' ? `/console/cases/${c.id}` : expected;
      expect(res.text).toContain(`name="next" value="${back}"`);
    });

    it('is offered again after the sign-in, listed, and sent only by the button; "Don\'t send" goes back to the page', async () => {
      const { c, page, office, res } = await postedTooLate();
      const signedInAgain = await office
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(res.text), username: 'tx.compact_office', password: PASSWORD, next: page, resubmit: resubmitOf(res.text) })
        .expect(200);
      expect(signedInAgain.text).toContain('<h1>Send again?</h1>');
      expect(signedInAgain.text).toMatch(/<dt>Step<\/dt><dd class="field">ACCEPT_TRANSFER<\/dd>/);
      expect(signedInAgain.text).toContain(`<a class="button secondary" href="${page}">Don't send</a>`);
      // Shown, not sent: the case waits for the button.
      expect(await statusOf(c.id)).toBe('transfer_requested');
      const fields = hiddenFieldsOf(signedInAgain.text, `${page}/events`);
      expect(Object.keys(fields).sort()).toEqual(['_csrf', 'expectedVersion', 'type']);
      const sent = await office.post(`${page}/events`).type('form').send(fields).expect(303);
      expect(sent.headers.location).toBe(page);
      expect(await statusOf(c.id)).toBe('accepted');
      expect(bannerOf((await office.get(page).expect(200)).text)).toBeTruthy();
    });

    it('keeps the form through a wrong password', async () => {
      const { office, res } = await postedTooLate();
      const kept = resubmitOf(res.text);
      expect(kept).toBeDefined();
      const wrong = await office
        .post('/login')
        .type('form')
        .send({ _csrf: csrfOf(res.text), username: 'tx.compact_office', password: 'not the password', resubmit: kept })
        .expect(401);
      expect(resubmitOf(wrong.text)).toBe(kept);
      expect(unescaped(wrong.text)).toContain(SENT_TOO_LATE);
    });

    it.each(['https://evil.example/console/cases', '//evil.example/console', '/login', '/auth/logout', '/console/../login'])(
      'ignores a forged resubmission to %s: the sign-in goes on as usual',
      async (action) => {
        const agent = browser();
        const page = await agent.get('/login').expect(200);
        const res = await agent
          .post('/login')
          .type('form')
          .send({ _csrf: csrfOf(page.text), username: 'oh.field_officer', password: PASSWORD, resubmit: JSON.stringify({ action, fields: { type: 'X' } }) })
          .expect(303);
        expect(res.headers.location).toBe('/console/my-work');
      },
    );
  });
});
