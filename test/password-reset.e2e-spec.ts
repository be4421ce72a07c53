import { createHash } from 'node:crypto';
import { LINK_NOT_VALID, PasswordResetService } from '../src/auth/password-reset.service';
import { PasswordResetToken } from '../src/password-reset/password-reset-token.entity';
import { User } from '../src/users/user.entity';
import { UsersService } from '../src/users/users.service';
import { MINUTE, TimeTravel, bearer, signIn, tokenOf } from './support/accounts';
import { newMailsOf } from './support/outbox';
import { PASSWORD, TestApp } from './support/test-app';

/**
 * "Check caps lock, retry, reset the password from the link on the login page": the third path.
 * A link by mail to the account's own address, single use, 20 minutes, kept as a hash only.
 */
describe('password reset by an emailed link', () => {
  let t: TestApp;
  let time: TimeTravel;
  beforeAll(async () => {
    t = await TestApp.start();
    time = new TimeTravel(t);
  });
  afterAll(() => t.close());

  const account = (username: string) => t.dataSource.getRepository(User).findOneByOrFail({ username });
  const requestReset = (usernameOrEmail: string) => t.http.post('/auth/password-reset/request').send({ usernameOrEmail });
  const confirm = (token: string, newPassword: string) => t.http.post('/auth/password-reset/confirm').send({ token, newPassword });
  const newMails = newMailsOf(() => t);
  async function resetLinkFor(username: string): Promise<string> {
    await requestReset(username).expect(202);
    const [mail] = (await newMails()).filter((m) => m.subject === 'Reset your Compact Case Engine password');
    expect(mail.to).toBe(`${username}@e2e.example`);
    return tokenOf(mail);
  }

  it('goes from the request to a new sign-in, and every session from before is refused after it', async () => {
    const before = [await signIn(t, 'oh.auditor', PASSWORD), await signIn(t, 'oh.auditor', PASSWORD)];
    await t.http.get('/me').set(bearer(before[0])).expect(200);

    const asked = await requestReset('OH.Auditor@E2E.example').expect(202);
    expect(asked.body.message).toMatch(/works once, for 20 minutes/);
    const [mail] = await newMails();
    expect(mail).toMatchObject({ to: 'oh.auditor@e2e.example', subject: 'Reset your Compact Case Engine password' });
    expect(mail.body).toMatch(/^ {2}http:\/\/localhost:\d+\/reset-password\?token=[A-Za-z0-9_-]{43}$/m);
    const token = tokenOf(mail);

    await confirm(token, 'a brand new passphrase for ohio').expect(204);

    for (const old of before) {
      const res = await t.http.get('/me').set(bearer(old)).expect(401);
      expect(res.body.message).toMatch(/session has ended/);
    }
    await t.http.post('/auth/login').send({ username: 'oh.auditor', password: PASSWORD }).expect(401);
    const fresh = await signIn(t, 'oh.auditor', 'a brand new passphrase for ohio');
    await t.http.get('/me').set(bearer(fresh)).expect(200);

    const user = await account('oh.auditor');
    const entries = await t.auditEntries({ entityId: user.id });
    expect(entries.map((e) => [e.action, e.outcome])).toEqual(
      expect.arrayContaining([
        ['PASSWORD_RESET_REQUESTED', 'allowed'],
        ['PASSWORD_RESET', 'allowed'],
      ]),
    );
    expect(entries.find((e) => e.action === 'PASSWORD_RESET')!.reason).toBe('new password set with an emailed link; 2 session(s) ended');
    const [notice] = await newMails();
    expect(notice).toMatchObject({ to: 'oh.auditor@e2e.example', subject: 'Your Compact Case Engine password was changed' });
  });

  it('keeps only the hash of a link: the token is nowhere in the database, not even in the mail outbox', async () => {
    const token = await resetLinkFor('oh.compact_office');
    const [row] = await t.dataSource.getRepository(PasswordResetToken).find({ where: { userId: (await account('oh.compact_office')).id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    for (const { tableName } of t.dataSource.entityMetadatas) {
      const rows = await t.dataSource.query(`SELECT * FROM "${tableName}"`);
      expect(JSON.stringify(rows)).not.toContain(token);
    }
    // The link still works: what the outbox dropped was its only copy outside the mail itself.
    await confirm(token, 'compact office passphrase, new').expect(204);
  });

  it('answers an unknown, an inactive and a known account the same way, and mails only the known one', async () => {
    await t.dataSource.getRepository(User).update({ username: 'tx.auditor' }, { active: false });
    await newMails();
    const answers = [];
    for (const who of ['nobody.here', 'nobody@nowhere.example', 'tx.auditor', 'tx.auditor@e2e.example', 'tx.supervisor']) {
      const res = await requestReset(who);
      answers.push({ status: res.status, body: res.body, type: res.headers['content-type'] });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].status).toBe(202);
    const mails = await newMails();
    expect(mails.map((m) => m.to)).toEqual(['tx.supervisor@e2e.example']);
    const denied = await t.auditEntries({ action: 'PASSWORD_RESET_REQUESTED', outcome: 'denied' });
    expect(denied.map((e) => [e.actorUsername, e.reason])).toEqual([
      ['nobody.here', 'no such account: no mail sent'],
      ['nobody@nowhere.example', 'no such account: no mail sent'],
      ['tx.auditor', 'account inactive: no mail sent'],
      ['tx.auditor', 'account inactive: no mail sent'],
    ]);
  });

  describe('tells nothing by its time: the answer goes before anything that depends on the account', () => {
    const meta = { requestId: 'reset-timing', clientAddress: null };
    const service = () => t.app.get(PasswordResetService);

    // Only the spies of these tests: the clock's stays.
    const spies: jest.SpyInstance[] = [];
    afterEach(() => spies.splice(0).forEach((spy) => spy.mockRestore()));

    it.each(['tx.compact_office', 'nobody.at.all', 'tx.compact_office@e2e.example', 'nobody@nowhere.example'])(
      'answers %s before looking any account up, then looks it up once the same way',
      async (who) => {
        const users = t.app.get(UsersService);
        const lookups = [jest.spyOn(users, 'findByUsername'), jest.spyOn(users, 'findByEmail')];
        spies.push(...lookups);
        const answer = await service().request(who, meta);
        expect(answer).toEqual(service().requestAnswer);
        expect(lookups.map((spy) => spy.mock.calls.length)).toEqual([0, 0]);
        await service().settled();
        expect(lookups.map((spy) => spy.mock.calls.length)).toEqual(who.includes('@') ? [0, 1] : [1, 0]);
      },
    );

    it('sends the 202 while the lookup is still pending, and still mails and audits a real account afterwards', async () => {
      await newMails();
      const users = t.app.get(UsersService);
      const real = users.findByUsername.bind(users);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let looked = 0;
      spies.push(
        jest.spyOn(users, 'findByUsername').mockImplementation(async (username) => {
          looked++;
          await gate;
          return real(username);
        }),
      );
      const user = await account('oh.field_officer');
      const before = await t.auditEntries({ action: 'PASSWORD_RESET_REQUESTED', entityId: user.id });

      // On the old path the answer waited for the lookup, and this await never returned.
      const res = await requestReset('oh.field_officer').expect(202);
      expect(res.body).toEqual(service().requestAnswer);
      expect(await t.auditEntries({ action: 'PASSWORD_RESET_REQUESTED', entityId: user.id })).toHaveLength(before.length);

      release();
      const mails = (await newMails()).filter((m) => m.subject === 'Reset your Compact Case Engine password');
      expect(looked).toBe(1);
      expect(mails.map((m) => m.to)).toEqual(['oh.field_officer@e2e.example']);
      const after = await t.auditEntries({ action: 'PASSWORD_RESET_REQUESTED', entityId: user.id });
      expect(after.slice(before.length).map((e) => [e.outcome, e.reason])).toEqual([['allowed', "link mailed to the account's address, valid 20 minutes"]]);
    });
  });

  it('refuses a link the second time, with the same 400 as a link that never existed', async () => {
    const token = await resetLinkFor('tx.field_officer');
    await confirm(token, 'texas field passphrase one').expect(204);
    const reused = await confirm(token, 'texas field passphrase two').expect(400);
    const unknown = await confirm('x'.repeat(43), 'texas field passphrase two').expect(400);
    expect(reused.body.message).toBe(LINK_NOT_VALID);
    expect(unknown.body.message).toBe(LINK_NOT_VALID);
    await t.http.post('/auth/login').send({ username: 'tx.field_officer', password: 'texas field passphrase one' }).expect(200);
    const refusals = await t.auditEntries({ action: 'PASSWORD_RESET', outcome: 'denied' });
    expect(refusals.map((e) => e.reason)).toEqual(expect.arrayContaining(['link already used', 'unknown link']));
  });

  it('refuses a link after 20 minutes, and takes one within them', async () => {
    const late = await resetLinkFor('ca.field_officer');
    time.forward(20 * MINUTE + 1000);
    expect((await confirm(late, 'california officer passphrase').expect(400)).body.message).toBe(LINK_NOT_VALID);
    const [expired] = await t.auditEntries({ action: 'PASSWORD_RESET', outcome: 'denied', reason: 'link expired' });
    expect(expired.actorUsername).toBe('ca.field_officer');

    const inTime = await resetLinkFor('ca.field_officer');
    time.forward(19 * MINUTE);
    await confirm(inTime, 'california officer passphrase').expect(204);
  });

  it('clears a lockout: after five wrong passwords, a reset lets the owner straight back in', async () => {
    for (let i = 0; i < 5; i++)
      await t.http
        .post('/auth/login')
        .send({ username: 'ca.compact_office', password: `wrong ${i} again` })
        .expect(401);
    expect((await account('ca.compact_office')).lockedUntil).not.toBeNull();
    await confirm(await resetLinkFor('ca.compact_office'), 'sacramento office passphrase').expect(204);
    await t.http.post('/auth/login').send({ username: 'ca.compact_office', password: 'sacramento office passphrase' }).expect(200);
    const [unlock] = await t.auditEntries({ action: 'ACCOUNT_UNLOCKED', entityId: (await account('ca.compact_office')).id });
    expect(unlock).toMatchObject({ actorUsername: 'ca.compact_office', reason: 'cleared by a password reset' });
  });

  describe('the new password (NIST SP 800-63B)', () => {
    let token: string;
    beforeAll(async () => {
      token = await resetLinkFor('oh.supervisor');
    });

    it.each([
      ['a commonly used password', 'password1234', /list of commonly used and breached passwords/],
      ['a breached password in other letter case', 'QWERTYUIOP123', /commonly used/],
      ['a keyboard walk', 'asdfghjkl;asdfghjkl;', /too easy to guess/],
      ['the username inside', 'i am oh.supervisor, hello', /must not contain your username/],
      ['fewer than 12 characters', 'tiny pass 1', /at least 12 characters/],
      ['the published demo password', 'compact-demo-2026', /published password of the demo/],
      ['words of the service and the states', 'Interstate Compact Ohio 2026', /made of words anyone tries first here \(interstate, compact, ohio\)/],
      ['the owner’s display name and address', 'oh supervisor e2e example', /made of words anyone tries first here/],
      ['a NUL character', 'correct horse\u0000battery staple', /must not contain control characters/],
    ])('refuses %s with 400 naming newPassword, and leaves the link usable', async (_what, password, message) => {
      const res = await confirm(token, password).expect(400);
      expect(res.body.fields).toEqual([{ field: 'newPassword', problems: [expect.stringMatching(message)] }]);
      expect(res.body.message).toMatch(message);
    });

    it('accepts any Unicode and long passphrases, compared in normalized form', async () => {
      const composed = 'caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, s\u2019il vous pla\u00eet';
      await confirm(token, composed).expect(204);
      const decomposed = composed.normalize('NFD');
      expect(decomposed).not.toBe(composed);
      await t.http.post('/auth/login').send({ username: 'oh.supervisor', password: decomposed }).expect(200);

      const long = 'a long, long passphrase '.repeat(8);
      expect(long.length).toBeGreaterThan(64);
      await confirm(await resetLinkFor('oh.supervisor'), long).expect(204);
      await t.http.post('/auth/login').send({ username: 'oh.supervisor', password: long }).expect(200);
    });
  });

  describe('changing the password while signed in', () => {
    it('asks for the current one, keeps this session, ends the others, and tells the owner', async () => {
      await newMails();
      const here = await signIn(t, 'tx.compact_office', PASSWORD);
      const elsewhere = await signIn(t, 'tx.compact_office', PASSWORD);
      const change = (currentPassword: string, newPassword: string) => t.http.post('/auth/password').set(bearer(here)).send({ currentPassword, newPassword });

      expect((await change('not my password', 'austin compact passphrase').expect(400)).body.fields).toEqual([
        { field: 'currentPassword', problems: ['currentPassword is not your current password'] },
      ]);
      expect((await account('tx.compact_office')).failedAttempts).toBe(1);
      await change(PASSWORD, 'iloveyou1234').expect(400);
      await change(PASSWORD, 'austin compact passphrase').expect(204);

      await t.http.get('/me').set(bearer(here)).expect(200);
      await t.http.get('/me').set(bearer(elsewhere)).expect(401);
      await t.http.post('/auth/login').send({ username: 'tx.compact_office', password: 'austin compact passphrase' }).expect(200);
      expect((await account('tx.compact_office')).failedAttempts).toBe(0);
      const changed = (await newMails()).filter((m) => m.subject === 'Your Compact Case Engine password was changed');
      expect(changed.map((m) => m.to)).toEqual(['tx.compact_office@e2e.example']);
      const entries = await t.auditEntries({ action: 'PASSWORD_CHANGED', actorUsername: 'tx.compact_office' });
      expect(entries.map((e) => [e.outcome, e.reason])).toEqual([
        ['denied', 'current password not correct'],
        ['denied', expect.stringMatching(/^new password refused: .*commonly used/)],
        ['allowed', '1 other session(s) ended'],
      ]);
    });
  });

  it('never writes a password, a token or a link into the audit history', async () => {
    const text = JSON.stringify(await t.auditEntries());
    for (const secret of [PASSWORD, 'a brand new passphrase for ohio', 'austin compact passphrase', 'reset-password?token=']) {
      expect(text).not.toContain(secret);
    }
  });
});
