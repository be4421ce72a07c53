import { JwtService } from '@nestjs/jwt';
import { Session } from '../src/sessions/session.entity';
import { User } from '../src/users/user.entity';
import { MINUTE, TimeTravel, bearer, sessionIdOf, signIn } from './support/accounts';
import { PASSWORD, TestApp } from './support/test-app';

/**
 * Server-side sessions: the short-lived access token names one, and the token is refused at its next
 * use once the session ends (sign-out, 30 idle minutes per CJIS 5.5.5, or a change to the account).
 */
describe('sessions', () => {
  let t: TestApp;
  let time: TimeTravel;
  beforeAll(async () => {
    t = await TestApp.start();
    time = new TimeTravel(t);
  });
  afterAll(() => t.close());

  const session = (token: string) => t.dataSource.getRepository(Session).findOneByOrFail({ id: sessionIdOf(token) });
  const me = (token: string) => t.http.get('/me').set(bearer(token));
  const userId = async (username: string) => (await t.dataSource.getRepository(User).findOneByOrFail({ username })).id;

  it('opens one per sign-in, named by a short-lived access token', async () => {
    const res = await t.http.post('/auth/login').send({ username: 'oh.field_officer', password: PASSWORD }).expect(200);
    expect(res.body).toMatchObject({ expiresIn: 900, idleTimeoutMinutes: 30 });
    expect(res.headers['cache-control']).toBe('no-store');
    const claims = new JwtService().decode<{ sid: string; sub: string; exp: number; iat: number }>(res.body.accessToken);
    expect(claims.exp - claims.iat).toBe(900);
    expect(await session(res.body.accessToken)).toMatchObject({
      userId: claims.sub,
      endedAt: null,
      endReason: null,
      clientAddress: expect.stringMatching(/127\.0\.0\.1/),
    });
    const second = await signIn(t, 'oh.field_officer', PASSWORD);
    expect(sessionIdOf(second)).not.toBe(claims.sid);
  });

  it('ends at POST /auth/logout: that token is refused at once, the user’s other sessions go on', async () => {
    const leaving = await signIn(t, 'oh.supervisor', PASSWORD);
    const staying = await signIn(t, 'oh.supervisor', PASSWORD);
    await t.http.post('/auth/logout').set(bearer(leaving)).expect(204);
    expect((await me(leaving).expect(401)).body.message).toMatch(/session has ended.*sign in again/);
    await me(staying).expect(200);
    expect(await session(leaving)).toMatchObject({ endReason: 'signed_out', endedAt: expect.any(Date) });
    const [entry] = await t.auditEntries({ action: 'SIGN_OUT', actorUsername: 'oh.supervisor' });
    expect(entry.reason).toBe(`session ${sessionIdOf(leaving)}`);
  });

  it('gives a new token for the same session on refresh, and none after sign-out', async () => {
    const first = await signIn(t, 'oh.compact_office', PASSWORD);
    const refreshed = await t.http.post('/auth/refresh').set(bearer(first)).expect(200);
    expect(sessionIdOf(refreshed.body.accessToken)).toBe(sessionIdOf(first));
    await me(refreshed.body.accessToken).expect(200);
    await t.http.post('/auth/logout').set(bearer(refreshed.body.accessToken)).expect(204);
    await t.http.post('/auth/refresh').set(bearer(first)).expect(401);
    await me(refreshed.body.accessToken).expect(401);
  });

  it('ends after 30 minutes without activity, however long the token would still be valid', async () => {
    const token = await signIn(t, 'tx.field_officer', PASSWORD);
    time.forward(29 * MINUTE);
    await me(token).expect(200);
    // Each use starts the 30 minutes again.
    time.forward(29 * MINUTE);
    await me(token).expect(200);
    time.forward(30 * MINUTE);
    const res = await me(token).expect(401);
    expect(res.body.message).toBe('You were signed out after 30 minutes without activity; sign in again.');
    expect(await session(token)).toMatchObject({ endReason: 'idle' });
    // The end holds even if the clock were to go back.
    time.forward(-60 * MINUTE);
    await me(token).expect(401);
    time.forward(60 * MINUTE);
    const expired = await t.auditEntries({ action: 'SESSION_EXPIRED', entityId: await userId('tx.field_officer') });
    expect(expired).toHaveLength(1);
    expect(expired[0]).toMatchObject({ actorUsername: 'tx.field_officer', outcome: 'allowed' });
    expect(expired[0].reason).toBe(`session ${sessionIdOf(token)} ended after 30 minutes without activity`);
  });

  it('writes the last use at most once a minute, so reads stay reads', async () => {
    const token = await signIn(t, 'tx.supervisor', PASSWORD);
    const opened = (await session(token)).lastSeenAt.getTime();
    time.forward(30_000);
    await me(token).expect(200);
    expect((await session(token)).lastSeenAt.getTime()).toBe(opened);
    time.forward(31_000);
    await me(token).expect(200);
    expect((await session(token)).lastSeenAt.getTime()).toBeGreaterThanOrEqual(opened + 61_000);
  });

  describe('a revoked token is refused at its next use, not when it expires', () => {
    it('after a role change by the state administrator', async () => {
      const token = await signIn(t, 'ca.field_officer', PASSWORD);
      await me(token).expect(200);
      await (
        await t.as('ca.state_admin')
      )
        .patch(`/users/${await userId('ca.field_officer')}`)
        .send({ role: 'supervisor' })
        .expect(200);
      await me(token).expect(401);
      expect(await session(token)).toMatchObject({ endReason: 'role_changed' });
      const again = await signIn(t, 'ca.field_officer', PASSWORD);
      expect((await me(again).expect(200)).body.role).toBe('supervisor');
    });

    it('after a deactivation', async () => {
      const token = await signIn(t, 'ca.auditor', PASSWORD);
      await (
        await t.as('ca.state_admin')
      )
        .patch(`/users/${await userId('ca.auditor')}`)
        .send({ active: false })
        .expect(200);
      await me(token).expect(401);
      expect(await session(token)).toMatchObject({ endReason: 'deactivated' });
      await t.http.post('/auth/login').send({ username: 'ca.auditor', password: PASSWORD }).expect(401);
    });

    it('but not a session of someone else, nor on a change that takes no rights away', async () => {
      const token = await signIn(t, 'ca.supervisor', PASSWORD);
      await (
        await t.as('ca.state_admin')
      )
        .patch(`/users/${await userId('ca.supervisor')}`)
        .send({ displayName: 'Cal Supervisor' })
        .expect(200);
      await me(token).expect(200);
    });
  });

  it('refuses a token naming another user’s session', async () => {
    const mine = await signIn(t, 'oh.auditor', PASSWORD);
    const theirs = new JwtService({ secret: process.env.JWT_SECRET });
    const forged = await theirs.signAsync({ sub: await userId('tx.auditor'), username: 'tx.auditor', sid: sessionIdOf(mine) });
    await me(forged).expect(401);
    await me(mine).expect(200);
  });
});
