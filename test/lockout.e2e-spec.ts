import { PasswordHasher } from '../src/auth/password-hasher';
import { SIGN_IN_FAILED } from '../src/auth/auth.service';
import { User } from '../src/users/user.entity';
import { MINUTE, TimeTravel, bearer, signIn } from './support/accounts';
import { PASSWORD, TestApp } from './support/test-app';

/**
 * CJIS Security Policy 5.5.3: five consecutive failed sign-ins lock the account for ten minutes,
 * unless a state administrator releases it; the answers tell an attacker nothing.
 */
describe('lockout after failed sign-ins', () => {
  let t: TestApp;
  let time: TimeTravel;
  beforeAll(async () => {
    // A production-like hash cost, so that one hash more or less shows in the time of an answer.
    t = await TestApp.start({ env: { PASSWORD_HASH_COST: '14' } });
    time = new TimeTravel(t);
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) => t.http.post('/auth/login').send({ username, password });
  const account = (username: string) => t.dataSource.getRepository(User).findOneByOrFail({ username });
  const entriesOf = async (username: string) => (await t.auditEntries({ entityId: (await account(username)).id })).map((e) => [e.action, e.outcome, e.reason]);
  async function failTimes(username: string, n: number) {
    for (let i = 0; i < n; i++) expect((await login(username, `wrong guess number ${i}`)).status).toBe(401);
  }

  it('locks after five wrong passwords in a row, then refuses even the right one with the same answer', async () => {
    await failTimes('oh.field_officer', 4);
    expect((await account('oh.field_officer')).lockedUntil).toBeNull();
    await failTimes('oh.field_officer', 1);

    const locked = await account('oh.field_officer');
    expect(locked.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(9 * MINUTE);
    expect(locked.lockedUntil!.getTime() - Date.now()).toBeLessThanOrEqual(10 * MINUTE);
    const right = await login('oh.field_officer', PASSWORD);
    expect(right.status).toBe(401);
    expect(right.body.message).toBe(SIGN_IN_FAILED);

    const entries = await entriesOf('oh.field_officer');
    expect(entries.filter(([action, outcome, reason]) => action === 'SIGN_IN' && outcome === 'denied' && reason === 'wrong password')).toHaveLength(5);
    expect(entries).toContainEqual([
      'ACCOUNT_LOCKED',
      'allowed',
      expect.stringMatching(/^5 failed attempts in a row; locked until .*unless a state administrator unlocks it$/),
    ]);
    expect(entries[entries.length - 1]).toEqual(['SIGN_IN', 'denied', expect.stringMatching(/^account locked until /)]);
  });

  it('lets a state administrator of the user’s state unlock it at once, and audits it', async () => {
    const user = await account('oh.field_officer');
    const res = await (await t.as('oh.state_admin')).post(`/users/${user.id}/unlock`).expect(200);
    expect(res.body).toMatchObject({ username: 'oh.field_officer', locked: false, lockedUntil: null, failedAttempts: 0 });
    await login('oh.field_officer', PASSWORD).expect(200);
    const [unlock] = await t.auditEntries({ entityId: user.id, action: 'ACCOUNT_UNLOCKED' });
    expect(unlock).toMatchObject({ actorUsername: 'oh.state_admin', outcome: 'allowed', fromState: 'locked', toState: 'unlocked' });
    expect(unlock.reason).toMatch(/^unlocked by a state administrator \(was locked until /);
  });

  it('does not let an administrator of another state unlock it', async () => {
    await failTimes('oh.auditor', 5);
    const user = await account('oh.auditor');
    await (await t.as('tx.state_admin')).post(`/users/${user.id}/unlock`).expect(404);
    expect((await account('oh.auditor')).lockedUntil).not.toBeNull();
  });

  it('lets the lock run out after ten minutes, and audits that too', async () => {
    await failTimes('tx.compact_office', 5);
    time.forward(9 * MINUTE + 50_000);
    await login('tx.compact_office', PASSWORD).expect(401);
    time.forward(15_000);
    await login('tx.compact_office', PASSWORD).expect(200);
    const user = await account('tx.compact_office');
    expect(user).toMatchObject({ lockedUntil: null, failedAttempts: 0 });
    const [ranOut] = await t.auditEntries({ entityId: user.id, action: 'ACCOUNT_UNLOCKED' });
    expect(ranOut).toMatchObject({ actorUsername: null, reason: 'the 10-minute lock ran out' });
  });

  it('starts the count again after a success: four failures, a success, four failures lock nothing', async () => {
    await failTimes('oh.supervisor', 4);
    await login('oh.supervisor', PASSWORD).expect(200);
    expect((await account('oh.supervisor')).failedAttempts).toBe(0);
    await failTimes('oh.supervisor', 4);
    await login('oh.supervisor', PASSWORD).expect(200);
  });

  it('counts the failures of a session holder guessing the current password towards the same lock', async () => {
    const token = await signIn(t, 'ca.supervisor', PASSWORD);
    for (let i = 0; i < 5; i++) {
      await t.http
        .post('/auth/password')
        .set(bearer(token))
        .send({ currentPassword: `guess ${i} of the password`, newPassword: 'a fresh passphrase for california' })
        .expect(400);
    }
    expect((await account('ca.supervisor')).lockedUntil).not.toBeNull();
    await login('ca.supervisor', PASSWORD).expect(401);
  });

  describe('one answer, whatever went wrong', () => {
    beforeAll(async () => {
      await failTimes('tx.field_officer', 5);
      await t.dataSource.getRepository(User).update({ username: 'ca.auditor' }, { active: false });
      // An account opened by a state administrator whose owner has not chosen a password yet.
      await (
        await t.as('ca.state_admin')
      )
        .post('/users')
        .send({ username: 'ca.invited', email: 'invited@ca.example', displayName: 'Invited', role: 'auditor' })
        .expect(201);
    });

    const cases: Array<[string, string, string]> = [
      ['an unknown username', 'nobody.at.all', PASSWORD],
      ['a wrong password', 'tx.supervisor', 'not the password at all'],
      ['a locked account, right password', 'tx.field_officer', PASSWORD],
      ['a locked account, wrong password', 'tx.field_officer', 'not the password at all'],
      ['a deactivated account, right password', 'ca.auditor', PASSWORD],
      ['an invited account without a password yet', 'ca.invited', PASSWORD],
    ];

    it.each(cases)('%s: 401 with the same message and shape', async (_what, username, password) => {
      const res = await login(username, password);
      expect(res.status).toBe(401);
      expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'reference', 'statusCode']);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: SIGN_IN_FAILED });
      expect(res.body.message).toMatch(/caps lock/i);
    });

    it('costs one full password hash in every case, so the time of the answer tells nothing', async () => {
      const verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
      try {
        for (const [, username, password] of cases) {
          verify.mockClear();
          await login(username, password).expect(401);
          expect(verify).toHaveBeenCalledTimes(1);
          // The hash checked is a real scrypt hash (a dummy one when the account has none to check).
          expect(verify.mock.calls[0][1]).toMatch(/^scrypt\$14\$/);
        }
      } finally {
        verify.mockRestore();
      }
    });

    it('answers an unknown name about as slowly as a known one', async () => {
      const timed = async (username: string) => {
        const start = process.hrtime.bigint();
        await login(username, 'not the password at all').expect(401);
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      const unknown: number[] = [];
      const locked: number[] = [];
      for (let i = 0; i < 7; i++) {
        unknown.push(await timed(`nobody.${i}`));
        locked.push(await timed('tx.field_officer'));
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      // Without the dummy hash an unknown name answers in a fraction of the time of one scrypt.
      expect(median(unknown)).toBeGreaterThan(median(locked) * 0.5);
    });

    it('still tells the history what really happened', async () => {
      const reasons = (await t.auditEntries({ action: 'SIGN_IN', outcome: 'denied' })).map((e) => [e.actorUsername, e.reason]);
      expect(reasons).toEqual(
        expect.arrayContaining([
          ['nobody.at.all', 'unknown username'],
          ['tx.supervisor', 'wrong password'],
          ['tx.field_officer', expect.stringMatching(/^account locked until /)],
          ['ca.auditor', 'account inactive'],
          ['ca.invited', 'wrong password'],
        ]),
      );
    });
  });
});
