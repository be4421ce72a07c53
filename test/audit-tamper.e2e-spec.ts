import { Logger } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { auditHash } from '../src/audit/audit-hash';
import { appendSyntheticHistory, dropAuditGuards, rewriteHistoryFrom } from './support/audit-fixtures';
import { PASSWORD, TestApp } from './support/test-app';

const run = promisify(execFile);
const HISTORY = 40;

/**
 * The attacker here has the database (the SQLite file, or PostgreSQL's owner role): they drop the
 * triggers and edit rows directly. Each tampering must be found by verification, at the right entry.
 */
describe('tampering with the audit history', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await TestApp.start({ withCast: true });
    await appendSyntheticHistory(t, HISTORY);
    await dropAuditGuards(t);
  });
  afterEach(() => t.close());

  const verify = async (body: object = {}) => (await (await t.as('oh.auditor')).post('/audit/verify').send(body).expect(200)).body;
  const count = () => t.dataSource.getRepository(AuditEntry).count();
  const entry = (seq: number) => t.dataSource.getRepository(AuditEntry).findOneByOrFail({ seq });

  it('finds an intact chain intact, and then a changed field at its entry', async () => {
    expect(await verify()).toMatchObject({ ok: true });
    const target = (await count()) - 10;
    await t.query(`UPDATE audit_entries SET outcome = 'denied' WHERE seq = ?`, [target]);
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: target, problem: expect.stringMatching(/edited/) });
  });

  it('finds a deleted entry', async () => {
    const target = (await count()) - 20;
    await t.query('DELETE FROM audit_entries WHERE seq = ?', [target]);
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: target, problem: expect.stringMatching(/missing/) });
  });

  it('finds an inserted entry, even one with a well-formed hash', async () => {
    const at = (await count()) - 15;
    const before = await entry(at);
    // Make room after `at`, then slip in a forged entry that links correctly to `at`.
    await t.query('UPDATE audit_entries SET seq = seq + 1000000 WHERE seq > ?', [at]);
    await t.query('UPDATE audit_entries SET seq = seq - 999999 WHERE seq > 1000000');
    const forged = Object.assign(new AuditEntry(), { ...before, seq: at + 1, reason: 'forged approval', prevHash: before.hash });
    forged.hash = auditHash(forged);
    await t.dataSource.getRepository(AuditEntry).insert(forged);
    await t.query('UPDATE audit_chain_head SET last_seq = last_seq + 1 WHERE id = 1');
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: at + 2 });
  });

  it('finds two entries swapped', async () => {
    const a = (await count()) - 12;
    const [x, y] = [await entry(a), await entry(a + 1)];
    const repo = t.dataSource.getRepository(AuditEntry);
    await repo.delete({ seq: a });
    await repo.delete({ seq: a + 1 });
    await repo.insert({ ...y, seq: a });
    await repo.insert({ ...x, seq: a + 1 });
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: a });
  });

  it('finds the tail cut off, by the head row, or by a checkpoint kept outside', async () => {
    const auditor = await t.as('oh.auditor');
    const outside = (await auditor.post('/audit/checkpoints').expect(201)).body;
    const last = outside.seq;
    await t.query('DELETE FROM audit_entries WHERE seq > ?', [last - 5]);
    const byHead = await verify();
    expect(byHead).toMatchObject({ ok: false, firstInvalidSeq: last - 4, problem: expect.stringMatching(/cut off/) });

    // A careful attacker moves the head back too (and removes what was written since); only the
    // checkpoint kept outside still knows. Each verification appends its own entry to the new tail.
    const kept = await entry(last - 5);
    await t.query('DELETE FROM audit_entries WHERE seq > ?', [kept.seq]);
    await t.query('UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1', [kept.seq, kept.hash]);
    await t.query('DELETE FROM audit_checkpoints');
    expect(await verify()).toMatchObject({ ok: true });
    const caught = await verify({ checkpoint: outside });
    expect(caught).toMatchObject({ ok: false, problem: expect.stringMatching(/no longer reaches the checkpoint/) });
    expect(caught.firstInvalidSeq).toBeGreaterThan(kept.seq);
    expect(caught.firstInvalidSeq).toBeLessThanOrEqual(last);
  });

  it('finds the tail cut below a stored checkpoint with the head moved back, and refuses to sign over that checkpoint', async () => {
    const auditor = await t.as('oh.auditor');
    const stored = (await auditor.post('/audit/checkpoints').expect(201)).body;
    // Only entries and the head are touched: the checkpoint stays where it was signed.
    const kept = await entry(stored.seq - 5);
    await t.query('DELETE FROM audit_entries WHERE seq > ?', [kept.seq]);
    await t.query('UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1', [kept.seq, kept.hash]);
    expect(await verify()).toMatchObject({
      ok: false,
      firstInvalidSeq: kept.seq + 1,
      problem: expect.stringContaining(`checkpoint at ${stored.seq} lies beyond the chain's end`),
    });

    // Each verification appends an entry: the new tail grows back to the checkpoint's place.
    for (let seq = kept.seq + 2; seq <= stored.seq; seq++) expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: seq });
    const resigned = await auditor.post('/audit/checkpoints').expect(503);
    expect(resigned.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable', message: expect.stringMatching(/audit history/) });
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: stored.seq, problem: expect.stringMatching(/signed checkpoint/) });
  });

  describe('one forged entry beyond the head', () => {
    const newCase = { offenderName: 'Forged Beyond', sendingState: 'OH', receivingState: 'TX' };
    let alerts: jest.SpyInstance;
    beforeEach(() => {
      alerts = jest.spyOn(Logger.prototype, 'error');
    });
    afterEach(() => alerts.mockRestore());
    const alertsRaised = () => alerts.mock.calls.map(([first]) => first).filter((first) => first?.alert === 'audit_chain_broken');
    const forgeBeyondHead = async () => {
      const [head] = await t.query('SELECT last_seq FROM audit_chain_head WHERE id = 1');
      const last = await entry(Number(head.last_seq));
      await t.dataSource.getRepository(AuditEntry).insert({ ...last, seq: last.seq + 1, reason: 'forged', prevHash: last.hash });
      return last.seq + 1;
    };

    it('is named by verify; audited actions answer 503 with the error shape, and one alert is logged', async () => {
      // Signed in before the forgery: a sign-in is audited too, and is refused the same way after it.
      const officer = await t.as('oh.field_officer');
      const auditor = await t.as('oh.auditor');
      const [{ n: casesBefore }] = await t.query('SELECT COUNT(*) AS n FROM cases');
      const forged = await forgeBeyondHead();

      for (let i = 0; i < 3; i++) {
        const refused = await officer.post('/cases').send(newCase).expect(503);
        expect(refused.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: expect.stringMatching(/audit history was changed outside the engine.*Nothing was changed/),
          reference: expect.stringMatching(/\S/),
        });
      }
      const signIn = await t.http.post('/auth/login').send({ username: 'tx.field_officer', password: PASSWORD }).expect(503);
      expect(signIn.body).toMatchObject({ statusCode: 503, reference: expect.stringMatching(/\S/) });
      const [{ n: casesAfter }] = await t.query('SELECT COUNT(*) AS n FROM cases');
      expect(Number(casesAfter)).toBe(Number(casesBefore));

      const verified = await auditor.post('/audit/verify').send({}).expect(200);
      expect(verified.body).toMatchObject({ ok: false, firstInvalidSeq: forged, problem: expect.stringMatching(/after the head/) });
      expect(alertsRaised()).toEqual([expect.objectContaining({ seq: forged })]);

      // Repaired (the forged row removed), the engine appends again; a new forgery is a new alert.
      await t.query('DELETE FROM audit_entries WHERE seq = ?', [forged]);
      await officer.post('/cases').send(newCase).expect(201);
      expect(await verify()).toMatchObject({ ok: true });
      const again = await forgeBeyondHead();
      await officer.post('/cases').send(newCase).expect(503);
      expect(alertsRaised()).toEqual([expect.objectContaining({ seq: forged }), expect.objectContaining({ seq: again })]);
    });

    it('is named by npm run cli -- audit:verify, which exits 1', async () => {
      const forged = await forgeBeyondHead();
      const cli = join(__dirname, '..', 'dist', 'src', 'cli', 'cli.main.js');
      const broken = await run(process.execPath, [cli, 'audit:verify'], { env: { ...process.env, LOG_LEVEL: 'silent' } }).catch(
        (err: { code: number; stdout: string; stderr: string }) => err,
      );
      expect(broken).toMatchObject({ code: 1 });
      const { stdout, stderr } = broken as { stdout: string; stderr: string };
      expect(JSON.parse(stdout)).toMatchObject({ ok: false, firstInvalidSeq: forged });
      expect(stderr).toContain(`broken at entry ${forged}: there are entries after the head`);
    });
  });

  it('finds a whole chain rewritten with fresh hashes, by a signed checkpoint', async () => {
    const auditor = await t.as('oh.auditor');
    const outside = (await auditor.post('/audit/checkpoints').expect(201)).body;
    const target = outside.seq - 30;
    await rewriteHistoryFrom(t, target);
    // The stored checkpoint still names the old head, and the outside copy does too.
    expect(await verify()).toMatchObject({ ok: false, problem: expect.stringMatching(/signed checkpoint/) });
    await t.query('DELETE FROM audit_checkpoints');
    expect(await verify()).toMatchObject({ ok: true });
    expect(await verify({ checkpoint: outside })).toMatchObject({ ok: false, firstInvalidSeq: outside.seq, problem: expect.stringMatching(/rewritten/) });
  });

  it('npm run cli -- audit:verify exits 1 naming the first bad entry, and 0 when intact', async () => {
    const cli = join(__dirname, '..', 'dist', 'src', 'cli', 'cli.main.js');
    const env = { ...process.env, LOG_LEVEL: 'silent' };
    const checkpoint = await run(process.execPath, [cli, 'audit:checkpoint'], { env });
    const file = join(process.env.SQLITE_PATH!, '..', 'checkpoint.json');
    writeFileSync(file, checkpoint.stdout);
    const intact = await run(process.execPath, [cli, 'audit:verify', '--checkpoint', file], { env });
    expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, checkpointsChecked: expect.any(Number) });

    const exported = await run(process.execPath, [cli, 'audit:export', '--state', 'OH', '--format', 'ndjson'], { env, maxBuffer: 64 * 1024 * 1024 });
    expect(exported.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(HISTORY);

    const target = (await count()) - 3;
    await t.query(`UPDATE audit_entries SET actor_username = 'someone.else' WHERE seq = ?`, [target]);
    const broken = await run(process.execPath, [cli, 'audit:verify'], { env }).catch((err: { code: number; stderr: string }) => err);
    expect(broken).toMatchObject({ code: 1 });
    expect((broken as { stderr: string }).stderr).toContain(`broken at entry ${target}`);
  });
});
