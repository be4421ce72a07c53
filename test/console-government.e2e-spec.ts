import { randomUUID } from 'node:crypto';
import { User } from '../src/users/user.entity';
import { tokenOf } from './support/accounts';
import { consoleOf, csrfOf, refusalOf, unescaped } from './support/console-pages';
import { newMailsOf } from './support/outbox';
import { PASSWORD, TestApp } from './support/test-app';

const DEFAULT_NOTICE = [
  'You are accessing a government information system, restricted to authorized use only.',
  'Use of this system is monitored, recorded and subject to audit.',
  'Unauthorized use is prohibited and subject to criminal and civil penalties.',
  'By using this system you consent to this monitoring and recording.',
];

/** The paragraphs of the sign-in page's system-use notification, as their text reads. */
const noticeOf = (html: string): string[] => {
  const section = html.match(/<section class="system-use"[^>]*>([\s\S]*?)<\/section>/)?.[1] ?? '';
  return [...section.matchAll(/<p>([^<]*)<\/p>/g)].map((m) => unescaped(m[1]));
};
const titleOf = (html: string) => unescaped(html.match(/<title>([^<]*)<\/title>/)?.[1] ?? '');
const agencyOf = (html: string) => unescaped(html.match(/<span class="agency">([^<]*)<\/span>/)?.[1] ?? '');
const h1Of = (html: string) => unescaped(html.match(/<h1>([^<]*)<\/h1>/)?.[1] ?? '');
/** A submitted form's answer, once its status is checked. */
async function expectStatus<T extends { status: number }>(answer: Promise<T>, status: number): Promise<T> {
  const res = await answer;
  expect(res.status).toBe(status);
  return res;
}
const valueOf = (html: string, name: string) => unescaped(html.match(new RegExp(`name="${name}"[^>]*value="([^"]*)"`))?.[1] ?? '');

/** What a government system shows: the terms of its use, whose it is, help, plain error pages, careful account steps. */
describe('the console as a government system', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const { browser, signedIn, submit } = consoleOf(() => t, 'Government Subject');
  const newMails = newMailsOf(() => t);
  const account = (username: string) => t.dataSource.getRepository(User).findOneByOrFail({ username });
  const signsIn = async (username: string, password: string) => (await t.http.post('/auth/login').send({ username, password })).status === 200;

  describe('the system-use notification at sign-in (CJIS 5.5.4)', () => {
    it('shows the default notice above the form, and the button says that signing in accepts it', async () => {
      const html = (await browser().get('/login').expect(200)).text;
      expect(noticeOf(html)).toEqual(DEFAULT_NOTICE);
      expect(html.indexOf('class="system-use"')).toBeLessThan(html.indexOf('action="/login"'));
      expect(html).toContain('Signing in means you accept these conditions.');
      expect(html).toContain('<button type="submit">Accept and sign in</button>');
      // The troubleshooting lines of the sign-in page stay as they were.
      expect(html).toContain('Locked out after several tries? Wait ten minutes, reset your password with the link above, or call your state administrator.');
    });

    it("shows the deployment's own notice and agency name when they are configured", async () => {
      const own = await TestApp.start({
        withCast: false,
        env: {
          SYSTEM_USE_NOTICE: 'This is a system of the State of Ohio.\nUse is logged.\n\n  \nMisuse is a crime (R.C. 2913.04).\n',
          AGENCY_NAME: 'Ohio Interstate Compact Office',
        },
      });
      try {
        const html = (await own.http.get('/login').expect(200)).text;
        expect(noticeOf(html)).toEqual(['This is a system of the State of Ohio. Use is logged.', 'Misuse is a crime (R.C. 2913.04).']);
        expect(agencyOf(html)).toBe('Ohio Interstate Compact Office');
        expect(titleOf(html)).toBe('Sign in · Compact Case Engine · Ohio Interstate Compact Office');
      } finally {
        await own.close();
      }
    });
  });

  describe('the agency name', () => {
    it('is beside the product name in the header and in the title of every page, signed in or not', async () => {
      const officer = await signedIn('oh.field_officer');
      for (const [path, title] of [
        ['/console/my-work', 'My work'],
        ['/console/cases', 'Cases'],
        ['/console/help', 'Help'],
      ]) {
        const html = (await officer.get(path).expect(200)).text;
        expect(agencyOf(html)).toBe('Interstate Compact Office');
        expect(titleOf(html)).toBe(`${title} · Compact Case Engine · Interstate Compact Office`);
      }
      expect(agencyOf((await browser().get('/forgot-password').expect(200)).text)).toBe('Interstate Compact Office');
    });
  });

  describe('the help page', () => {
    it("gives an Ohio officer the troubleshooting steps and Ohio's compact office, not Texas's", async () => {
      const html = (await (await signedIn('oh.field_officer')).get('/console/help').expect(200)).text;
      expect(h1Of(html)).toBe('Help');
      for (const step of [
        /check Caps Lock/,
        /wait for the lock to end/,
        /reload the page and check whether the change was made/,
        /quote the reference/,
        /only the compact office of the receiving state reopens it/,
        /available 99% of the time/,
      ]) {
        expect(html).toMatch(step);
      }
      const office = [...html.matchAll(/<a href="mailto:([^"]+)">/g)].map((m) => m[1]);
      expect(office).toEqual(['oh.compact_office@e2e.example']);
      expect(html).not.toContain('tx.compact_office');
    });

    it('lists only active compact office accounts', async () => {
      const users = await t.as('ca.state_admin');
      const created = await users
        .post('/users')
        .send({ username: 'ca.compact_second', email: 'second@ca.example', displayName: 'Second Office', role: 'compact_office' });
      expect(created.status).toBe(201);
      const ca = await signedIn('ca.supervisor');
      expect([...(await ca.get('/console/help').expect(200)).text.matchAll(/mailto:([^"]+)"/g)].map((m) => m[1])).toEqual([
        'ca.compact_office@e2e.example',
        'second@ca.example',
      ]);
      await users.patch(`/users/${created.body.id}`).send({ active: false }).expect(200);
      expect([...(await ca.get('/console/help').expect(200)).text.matchAll(/mailto:([^"]+)"/g)].map((m) => m[1])).toEqual(['ca.compact_office@e2e.example']);
    });

    it("tells the Commission's auditor, of no state, to ask the state concerned", async () => {
      await t.addNationalAuditor('us.help_auditor');
      const html = (await (await signedIn('us.help_auditor')).get('/console/help').expect(200)).text;
      expect(html).toContain('contact the compact office of the state whose case or account the problem concerns');
      expect(html).not.toContain('mailto:');
    });

    it('is in the menu and the footer of every role, and needs a sign-in', async () => {
      for (const username of ['oh.field_officer', 'oh.supervisor', 'oh.compact_office', 'oh.state_admin', 'oh.auditor']) {
        const html = (await (await signedIn(username)).get('/console/my-work').expect(200)).text;
        expect(html).toMatch(/<nav aria-label="Main">[\s\S]*<li><a href="\/console\/help">Help<\/a><\/li>[\s\S]*<\/nav>/);
        expect(html).toMatch(/<footer[\s\S]*<a href="\/console\/help">Help<\/a>[\s\S]*<\/footer>/);
      }
      const visitor = await browser().get('/console/help').expect(303);
      expect(visitor.headers.location).toBe('/login?next=%2Fconsole%2Fhelp');
    });
  });

  describe('unknown console addresses', () => {
    it('answer the console page "Not found" with the reference and a link to My work', async () => {
      const officer = await signedIn('oh.field_officer');
      for (const path of ['/console/whatever', `/console/cases/${randomUUID()}/nonsense`, '/console/help/more']) {
        const res = await officer.get(path).expect(404);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(h1Of(res.text)).toBe('Not found');
        expect(refusalOf(res.text)).toMatch(/no such page/);
        expect(res.text).toContain(`quote the reference <strong>${res.headers['x-request-id']}</strong>`);
        expect(res.text).toContain('<a href="/console/my-work">Go to My work</a>');
        // Still signed in: the menu is there.
        expect(res.text).toContain('<nav aria-label="Main">');
      }
      const posted = await officer.post('/console/whatever').type('form').send({ anything: 'x' }).expect(404);
      expect(h1Of(posted.text)).toBe('Not found');
    });

    it('send a signed-out visitor to the sign-in, which tells nothing of what exists', async () => {
      for (const path of ['/console/whatever', `/console/cases/${randomUUID()}/nonsense`]) {
        const res = await browser().get(path).expect(303);
        expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
      }
    });

    it('leave the API its JSON answers', async () => {
      const api = await t.as('oh.field_officer');
      for (const path of ['/cases/unknown-api-path/nonsense', `/cases/${randomUUID()}/nonsense`, '/unknown-api-path']) {
        const res = await api.get(path).expect(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', reference: res.headers['x-request-id'] });
      }
    });
  });

  describe('choosing a new password from a mailed link', () => {
    async function resetPage(username: string): Promise<{ agent: ReturnType<typeof browser>; html: string; token: string }> {
      await t.http.post('/auth/password-reset/request').send({ usernameOrEmail: username }).expect(202);
      const mail = (await newMails()).find((m) => m.to === `${username}@e2e.example`);
      expect(mail).toBeDefined();
      const token = tokenOf(mail!);
      const agent = browser();
      const html = (await agent.get(`/reset-password?token=${token}`).expect(200)).text;
      return { agent, html, token };
    }

    it('asks for the new password twice', async () => {
      const { html } = await resetPage('ca.field_officer');
      expect(html).toMatch(/<label>New password\s*<input name="newPassword" type="password"/);
      expect(html).toMatch(/<label>Confirm the new password\s*<input name="confirmPassword" type="password"/);
    });

    it('refuses two passwords that differ, changes nothing and keeps the link', async () => {
      const { agent, html, token } = await resetPage('ca.auditor');
      const before = (await account('ca.auditor')).passwordHash;
      const refused = await agent
        .post('/reset-password')
        .type('form')
        .send({ _csrf: csrfOf(html), token, newPassword: 'lantern orchard quietly 1887 ferry', confirmPassword: 'lantern orchard quietly 1878 ferry' })
        .expect(400);
      expect(refusalOf(refused.text)).toBe('The two passwords differ.');
      expect(valueOf(refused.text, 'token')).toBe(token);
      expect((await account('ca.auditor')).passwordHash).toBe(before);
      expect(await signsIn('ca.auditor', PASSWORD)).toBe(true);
      // A post without the confirmation differs too.
      await agent
        .post('/reset-password')
        .type('form')
        .send({ _csrf: csrfOf(html), token, newPassword: 'lantern orchard quietly 1887 ferry' })
        .expect(400);

      // The link still works, with the same password twice.
      const done = await agent
        .post('/reset-password')
        .type('form')
        .send({ _csrf: csrfOf(refused.text), token, newPassword: 'lantern orchard quietly 1887 ferry', confirmPassword: 'lantern orchard quietly 1887 ferry' })
        .expect(303);
      expect(done.headers.location).toBe('/login');
      expect(await signsIn('ca.auditor', 'lantern orchard quietly 1887 ferry')).toBe(true);
      expect(await signsIn('ca.auditor', PASSWORD)).toBe(false);
    });

    it('asks for it twice on the page an invitation opens too', async () => {
      const admin = await signedIn('ca.state_admin');
      await expectStatus(
        submit(admin, '/console/users', '/console/users', {
          username: 'ca.invited',
          displayName: 'Invited Person',
          email: 'invited@ca.example',
          role: 'supervisor',
        }),
        303,
      );
      const invitation = (await newMails()).find((m) => m.to === 'invited@ca.example');
      expect(invitation).toBeDefined();
      const html = (
        await browser()
          .get(`/reset-password?token=${tokenOf(invitation!)}`)
          .expect(200)
      ).text;
      expect(html).toContain('name="confirmPassword"');
    });
  });

  describe('the invitation form', () => {
    it.each([
      [
        'a username already taken',
        { username: 'oh.field_officer', displayName: 'Someone Else', email: 'someone.else@ohio.example', role: 'supervisor' },
        409,
        /already exists/,
      ],
      ['an email address that is none', { username: 'oh.newcomer', displayName: 'New Comer', email: 'not-an-address', role: 'compact_office' }, 400, /email/],
    ])('shows %s refused with what was typed', async (_what, typed, status, why) => {
      const admin = await signedIn('oh.state_admin');
      const res = await expectStatus(submit(admin, '/console/users', '/console/users', typed), status);
      expect(refusalOf(res.text)).toMatch(why);
      const form = res.text.slice(res.text.indexOf('<form class="stack" method="post" action="/console/users">'));
      expect(valueOf(form, 'username')).toBe(typed.username);
      expect(valueOf(form, 'displayName')).toBe(typed.displayName);
      expect(valueOf(form, 'email')).toBe(typed.email);
      expect(form).toContain(`<option value="${typed.role}" selected>`);
      expect(form.match(/ selected>/g)).toHaveLength(1);
    });

    it('is empty again after an invitation is sent', async () => {
      const admin = await signedIn('oh.state_admin');
      await expectStatus(
        submit(admin, '/console/users', '/console/users', { username: 'oh.sent', displayName: 'Sent Person', email: 'sent@ohio.example', role: 'auditor' }),
        303,
      );
      const form = (await admin.get('/console/users').expect(200)).text.split('action="/console/users">')[1];
      expect(valueOf(form, 'username')).toBe('');
      expect(valueOf(form, 'email')).toBe('');
    });
  });

  describe('deactivating an account', () => {
    it('asks first, saying what will happen; only the confirmed post deactivates', async () => {
      const admin = await signedIn('tx.state_admin');
      const target = await account('tx.supervisor');
      const list = (await admin.get('/console/users').expect(200)).text;
      // The deactivation is the row's last button, in red.
      const row = list.slice(list.indexOf('<td>tx.supervisor</td>'), list.indexOf('</tr>', list.indexOf('<td>tx.supervisor</td>')));
      const buttons = [...row.matchAll(/<button type="submit" class="([^"]*)">([^<]*)/g)].map((m) => [m[1], m[2].trim()]);
      expect(buttons.at(-1)).toEqual(['danger', 'Deactivate']);

      const asked = await expectStatus(submit(admin, '/console/users', `/console/users/${target.id}`, { active: 'false' }), 200);
      expect(h1Of(asked.text)).toBe('Confirm: Deactivate tx.supervisor');
      expect(unescaped(asked.text)).toContain(
        'tx.supervisor will be signed out at once and can no longer sign in; links to set a password already mailed to them stop working. A state administrator can reactivate the account.',
      );
      expect(asked.text).toContain('<a class="button secondary" href="/console/users">Cancel</a>');
      expect((await account('tx.supervisor')).active).toBe(true);
      expect(await signsIn('tx.supervisor', PASSWORD)).toBe(true);

      const confirmed = await admin
        .post(`/console/users/${target.id}`)
        .type('form')
        .send({ _csrf: csrfOf(asked.text), active: valueOf(asked.text, 'active'), confirmed: valueOf(asked.text, 'confirmed') })
        .expect(303);
      expect(confirmed.headers.location).toBe('/console/users');
      expect((await account('tx.supervisor')).active).toBe(false);
      expect(await signsIn('tx.supervisor', PASSWORD)).toBe(false);

      // Reactivating needs no confirmation.
      await expectStatus(submit(admin, '/console/users', `/console/users/${target.id}`, { active: 'true' }), 303);
      expect((await account('tx.supervisor')).active).toBe(true);
    });

    it("answers Not found for another state's account, before any confirmation", async () => {
      const admin = await signedIn('tx.state_admin');
      const other = await account('oh.supervisor');
      const csrf = csrfOf((await admin.get('/console/users').expect(200)).text);
      const res = await admin.post(`/console/users/${other.id}`).type('form').send({ _csrf: csrf, active: 'false' }).expect(404);
      expect(h1Of(res.text)).toBe('Not found');
      expect((await account('oh.supervisor')).active).toBe(true);
    });
  });
});
