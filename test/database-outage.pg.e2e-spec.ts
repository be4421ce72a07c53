import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CasesService } from '../src/cases/cases.service';
import { PasswordResetService } from '../src/auth/password-reset.service';
import { DatabaseOutage } from '../src/database/database-outage';
import { consoleOf, unescaped } from './support/console-pages';
import { mailsDelivered } from './support/outbox';
import { freePort } from './support/server-process';
import { TestApp } from './support/test-app';

const SCRIPT = join(__dirname, '..', 'scripts', 'pg-throwaway.sh');
const pgThrowaway = (command: 'start' | 'stop' | 'pause' | 'resume', dir: string, port = '') =>
  execFileSync('bash', [SCRIPT, command, dir, port], { encoding: 'utf8' }).trim();

/**
 * A PostgreSQL server of this suite's own, stopped and started again under the app (as an operator's
 * restart or a crash would), on PostgreSQL runs only: the other suites share theirs. While it is
 * stopped every request is a 503 with Retry-After; once it is back, a retry with the same
 * Idempotency-Key runs at once, even when the first attempt had claimed its key before the database went.
 */
describe('PostgreSQL stopped under the app, and back', () => {
  // Made by the script itself: as root it hands the folder to the postgres user, who must reach it.
  const dir = join(tmpdir(), `compact-outage-pg-${randomUUID().slice(0, 8)}`);
  let t: TestApp;
  const body = (name: string) => ({ offenderName: name, sendingState: 'OH', receivingState: 'TX' });

  beforeAll(async () => {
    const url = pgThrowaway('start', dir, String(await freePort()));
    t = await TestApp.start({ env: { DATABASE_URL: url } });
    await t.token('oh.field_officer');
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    pgThrowaway('stop', dir);
  });

  /**
   * The cases table locked by a transaction of the test's own, so that a request claims its key and
   * then waits for its insert; and a wait for the connections waiting on a lock to be as `wanted`.
   */
  async function lockedCases() {
    const blocker = t.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE cases IN ACCESS EXCLUSIVE MODE');
    const waitersUntil = async (wanted: (pids: number[]) => boolean): Promise<number[]> => {
      for (;;) {
        // Inside a transaction the statistics views keep their first snapshot: a fresh one each time.
        await blocker.query('SELECT pg_stat_clear_snapshot()');
        const rows: Array<{ pid: number }> = await blocker.query("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
        const pids = rows.map((r) => r.pid);
        if (wanted(pids)) return pids;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    return { blocker, waitersUntil };
  }

  it('answers 503 with Retry-After and words to act on while it is stopped, and health without the driver words', async () => {
    pgThrowaway('pause', dir);
    try {
      const officer = await t.as('oh.field_officer');
      const created = await officer.post('/cases').set('Idempotency-Key', randomUUID()).send(body('Stopped Database'));
      expect(created.status).toBe(503);
      expect(created.headers['retry-after']).toBe('1');
      expect(created.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', reference: created.headers['x-request-id'] });
      expect(created.body.message).toMatch(/briefly unavailable.*Nothing was changed.*Try again in a few seconds/);
      expect(created.body.message).not.toMatch(/report/i);

      const listed = await officer.get('/cases');
      expect(listed.status).toBe(503);
      expect(listed.headers['retry-after']).toBe('1');

      const ready = await t.http.get('/health/ready').expect(503);
      expect(ready.body.message).toBe('Not ready: the database does not answer.');
      const health = await t.http.get('/health').expect(503);
      for (const text of [JSON.stringify(ready.body), JSON.stringify(health.body)]) {
        expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|migration/i);
      }
    } finally {
      pgThrowaway('resume', dir);
    }
    await t.http.get('/health/ready').expect(200);
  });

  it('sends a reset link asked for while it was stopped once it is back, and shows console users a page that says to try again', async () => {
    const officer = consoleOf(() => t, 'Outage');
    const browser = await officer.signedIn('oh.compact_office');
    pgThrowaway('pause', dir);
    try {
      // The answer is the same for every request, and comes before the work: the work waits for the database.
      await t.http.post('/auth/password-reset/request').send({ usernameOrEmail: 'oh.field_officer' }).expect(202);
      await t.app.get(PasswordResetService).settled();
      const page = await browser.get('/console/cases');
      expect(page.status).toBe(503);
      expect(page.headers['retry-after']).toBe('1');
      expect(page.text).toContain('Briefly unavailable');
      expect(unescaped(page.text)).toContain('Try again in a few seconds');
    } finally {
      pgThrowaway('resume', dir);
    }
    const outage = t.app.get(DatabaseOutage);
    // Asks as its own probe does, letting that one finish if it is asking already.
    while (outage.away && !(await outage.checkBack())) await new Promise((resolve) => setImmediate(resolve));
    await outage.settled();
    const mails = (await mailsDelivered(t)).filter((m) => m.to.includes('oh.field_officer@e2e.example'));
    expect(mails).toHaveLength(1);
    expect(mails[0].body).toMatch(/reset-password\?token=/);
  });

  it('runs a retry with the same key at once after the return, though the first attempt held the key when the database stopped', async () => {
    const officer = await t.as('oh.field_officer');
    const key = randomUUID();
    const { blocker, waitersUntil } = await lockedCases();
    const first = officer
      .post('/cases')
      .set('Idempotency-Key', key)
      .send(body('Held Key'))
      .then((r) => r);
    await waitersUntil((pids) => pids.length > 0);
    expect(await blocker.query('SELECT status FROM idempotency_keys WHERE key = $1', [key])).toEqual([{ status: 'in_progress' }]);

    pgThrowaway('pause', dir);
    // The blocker went down with the server.
    await blocker.release();
    const failed = await first;
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBe('1');
    pgThrowaway('resume', dir);

    // The lease is 10 s: only a key freed on the database's return lets the first retry run.
    const retry = await officer.post('/cases').set('Idempotency-Key', key).send(body('Held Key'));
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const again = await officer.post('/cases').set('Idempotency-Key', key).send(body('Held Key'));
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe(retry.body.id);
    const cases = await t.query("SELECT id FROM cases WHERE offender_name = 'Held Key'");
    expect(cases).toEqual([{ id: retry.body.id }]);
  });

  it('runs a change again on a new connection when PostgreSQL cuts the one under it, and answers as if nothing happened', async () => {
    const officer = await t.as('oh.field_officer');
    const { blocker, waitersUntil } = await lockedCases();
    const sent = officer
      .post('/cases')
      .set('Idempotency-Key', randomUUID())
      .send(body('Cut Connection'))
      .then((r) => r);
    const pids = await waitersUntil((waiting) => waiting.length > 0);
    // As an administrator (or a failover) would: the request's connection ends under its transaction.
    expect(await blocker.query('SELECT pg_terminate_backend($1) AS ended', [pids[0]])).toEqual([{ ended: true }]);
    // Its second run waits for the lock on a connection of its own, and goes through once it is gone.
    await waitersUntil((waiting) => waiting.some((pid) => pid !== pids[0]));
    await blocker.query('ROLLBACK');
    await blocker.release();
    const answer = await sent;
    expect(answer.status).toBe(201);
    expect(await t.query("SELECT id FROM cases WHERE offender_name = 'Cut Connection'")).toEqual([{ id: answer.body.id }]);
  });

  it('still answers a bug 500, not 503: a statement the database refuses is no outage', async () => {
    const officer = await t.as('oh.field_officer');
    // The very error PostgreSQL gives for a statement written wrong.
    const bug: unknown = await t.query('SELEC id FROM cases').catch((err: unknown) => err);
    expect(bug).toMatchObject({ code: '42601' });
    const list = jest.spyOn(t.app.get(CasesService), 'list').mockRejectedValueOnce(bug);
    try {
      const res = await officer.get('/cases');
      expect(res.status).toBe(500);
      expect(res.headers['retry-after']).toBeUndefined();
      expect(res.body.message).toMatch(/Report the problem to your state compact office/);
      expect(JSON.stringify(res.body)).not.toMatch(/SELEC/);
    } finally {
      list.mockRestore();
    }
  });
});
