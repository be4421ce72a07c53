import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { User } from '../src/users/user.entity';
import { PASSWORD, TestApp } from './support/test-app';

const run = promisify(execFile);

describe('sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('answers a token and the user, and GET /me knows who is signed in', async () => {
    const res = await t.http.post('/auth/login').send({ username: 'oh.field_officer', password: PASSWORD }).expect(200);
    expect(res.body).toMatchObject({
      expiresIn: 900,
      user: { username: 'oh.field_officer', role: 'field_officer', state: 'OH', active: true },
    });
    expect(res.body.user).not.toHaveProperty('passwordHash');
    const me = await t.http.get('/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ username: 'oh.field_officer', state: 'OH' });
  });

  it('accepts the username in any case', async () => {
    await t.http.post('/auth/login').send({ username: 'OH.Field_Officer', password: PASSWORD }).expect(200);
  });

  it('gives one answer for a wrong password and an unknown user, and audits both', async () => {
    const wrong = await t.http.post('/auth/login').send({ username: 'tx.supervisor', password: 'not the password' }).expect(401);
    const unknown = await t.http.post('/auth/login').send({ username: 'nobody.here', password: 'whatever it is' }).expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.body.message).toMatch(/caps lock/i);
    const failures = await t.auditEntries({ action: 'SIGN_IN', outcome: 'denied' });
    expect(failures.map((e) => [e.actorUsername, e.reason])).toEqual(
      expect.arrayContaining([
        ['tx.supervisor', 'wrong password'],
        ['nobody.here', 'unknown username'],
      ]),
    );
    const successes = await t.auditEntries({ action: 'SIGN_IN', outcome: 'allowed', actorUsername: 'oh.field_officer' });
    expect(successes.length).toBeGreaterThan(0);
    expect(successes[0].requestId).toMatch(/.{8,}/);
    expect(successes[0].clientAddress).toBeTruthy();
  });

  it('never writes a password into the audit history', async () => {
    const all = await t.auditEntries();
    const text = JSON.stringify(all);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('not the password');
  });

  it('refuses a deactivated account, and its existing token at once', async () => {
    const token = await t.token('tx.auditor');
    await t.dataSource.getRepository(User).update({ username: 'tx.auditor' }, { active: false });
    await t.http.post('/auth/login').send({ username: 'tx.auditor', password: PASSWORD }).expect(401);
    await t.http.get('/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('stores passwords as slow salted hashes, never in clear', async () => {
    const users = await t.dataSource.getRepository(User).find();
    const hashes = users.map((u) => u.passwordHash);
    expect(hashes.length).toBeGreaterThan(0);
    expect(hashes.every((h) => /^scrypt\$1[0-9]\$8\$1\$/.test(h))).toBe(true);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe('npm run cli -- users:create', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const cli = join(__dirname, '..', 'dist', 'src', 'cli', 'cli.main.js');

  async function createUser(args: string[], password: string) {
    const child = run(process.execPath, [cli, 'users:create', ...args], {
      env: { ...process.env, SQLITE_PATH: process.env.SQLITE_PATH, LOG_LEVEL: 'silent' },
    });
    child.child.stdin!.end(`${password}\n`);
    return child;
  }

  it('creates an account that can sign in, reading the password from stdin only', async () => {
    const password = 'a long passphrase for the compact';
    const { stdout, stderr } = await createUser(
      ['--username', 'oh.newcomer', '--email', 'newcomer@ohio.example', '--name', 'New Comer', '--role', 'compact_office', '--state', 'oh'],
      password,
    );
    expect(stdout).toMatch(/Created compact_office oh.newcomer of OH/);
    expect(stdout + stderr).not.toContain(password);
    const res = await t.http.post('/auth/login').send({ username: 'oh.newcomer', password }).expect(200);
    expect(res.body.user).toMatchObject({ role: 'compact_office', state: 'OH' });
    const [created] = await t.auditEntries({ action: 'USER_CREATED', entityId: res.body.user.id });
    expect(created.reason).toMatch(/command line/);
  });

  it('refuses bad input with a message naming the problem, and creates nothing', async () => {
    const failure = await createUser(['--username', 'oh.bad', '--email', 'not-an-email', '--name', 'Bad', '--role', 'sheriff', '--state', 'XX'], 'short').catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure).toMatchObject({ code: 1 });
    const { stderr } = failure as { stderr: string };
    expect(stderr).toMatch(/email must be an email address/);
    expect(stderr).toMatch(/role must be one of/);
    expect(stderr).toMatch(/state must be/);
    expect(stderr).toMatch(/at least 12 characters/);
    expect(await t.dataSource.getRepository(User).findOneBy({ username: 'oh.bad' })).toBeNull();
  });

  it.each([
    ['a commonly used password', 'password1234', /list of commonly used and breached passwords/],
    ['a password made of the username', 'oh.common-2026!', /must not contain your username/],
  ])('refuses %s with a clear message, and creates nothing', async (_what, password, message) => {
    const failure = await createUser(
      ['--username', 'oh.common', '--email', 'common@ohio.example', '--name', 'Common', '--role', 'field_officer', '--state', 'OH'],
      password,
    ).catch((err: { code: number; stderr: string }) => err);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(message);
    expect(await t.dataSource.getRepository(User).findOneBy({ username: 'oh.common' })).toBeNull();
  });
});
