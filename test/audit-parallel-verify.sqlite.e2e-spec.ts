import { Logger } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import { AuditCheckpoints } from '../src/audit/audit-checkpoints.service';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { auditHash } from '../src/audit/audit-hash';
import { splitRange } from '../src/audit/audit-parallel-verify';
import type { SignedCheckpoint } from '../src/audit/audit-signer';
import { AuditVerifier, type VerifyRequest } from '../src/audit/audit-verifier.service';
import { appendSyntheticHistory, dropAuditGuards, rewriteHistoryFrom } from './support/audit-fixtures';
import { TestApp } from './support/test-app';

/**
 * A verify of a long range on a SQLite file walks it in two worker threads; its verdict must be the
 * serial walk's, for every tampering. The threshold is lowered so that a short history takes that
 * path, and each verdict is compared with the serial walk's over the same database.
 */
describe('verifying the audit chain in two worker threads', () => {
  const parallelFrom = AuditVerifier.parallelFrom;
  let t: TestApp;
  let workers: jest.SpyInstance;
  let warnings: jest.SpyInstance;
  let inHalf1: SignedCheckpoint;
  let inHalf2: SignedCheckpoint;
  /** The first seq of the second half. */
  let boundary: number;
  let lastSeq: number;

  beforeEach(async () => {
    t = await TestApp.start({ withCast: true });
    const checkpoints = t.app.get(AuditCheckpoints);
    await appendSyntheticHistory(t, 60);
    inHalf1 = await checkpoints.signHead();
    await appendSyntheticHistory(t, 120);
    inHalf2 = await checkpoints.signHead();
    await appendSyntheticHistory(t, 60);
    await dropAuditGuards(t);
    const [head] = await t.query('SELECT last_seq FROM audit_chain_head WHERE id = 1');
    lastSeq = Number(head.last_seq);
    boundary = splitRange(1, lastSeq, 2)[1].fromSeq;
    // The cases below rely on one checkpoint in each half, away from the boundary.
    expect(inHalf1.seq).toBeLessThan(boundary - 5);
    expect(inHalf2.seq).toBeGreaterThan(boundary + 5);
    // The parts sent to the verifier's workers (kept between verifies), one message each.
    workers = jest.spyOn(Worker.prototype, 'postMessage');
    warnings = jest.spyOn(Logger.prototype, 'warn');
  });
  afterEach(async () => {
    workers.mockRestore();
    warnings.mockRestore();
    AuditVerifier.parallelFrom = parallelFrom;
    await t.close();
  });

  const entry = (seq: number) => t.dataSource.getRepository(AuditEntry).findOneByOrFail({ seq });

  /** The serial walk's verdict, after checking that the two workers' is the same. */
  const verify = async (request: VerifyRequest = {}) => {
    const verifier = t.app.get(AuditVerifier);
    AuditVerifier.parallelFrom = Number.POSITIVE_INFINITY;
    const serial = await verifier.verify(request);
    expect(workers).not.toHaveBeenCalled();
    AuditVerifier.parallelFrom = 1;
    const parallel = await verifier.verify(request);
    expect(workers).toHaveBeenCalledTimes(2);
    expect(warnings).not.toHaveBeenCalled();
    expect(parallel).toEqual(serial);
    workers.mockClear();
    return serial;
  };

  it('finds the intact chain intact, over the whole history and over a range, with both checkpoints', async () => {
    expect(await verify()).toEqual({ ok: true, checked: lastSeq, headSeq: lastSeq, headHash: expect.any(String), checkpointsChecked: 2 });
    expect(await verify({ from: 7, to: lastSeq - 3 })).toMatchObject({ ok: true, checked: lastSeq - 9, headSeq: lastSeq - 3 });
    expect(await verify({ checkpoint: inHalf2 })).toMatchObject({ ok: true, checkpointsChecked: 3 });
  });

  it.each([
    ['in the first half', -40],
    ['in the second half', 40],
    ['at the last seq of the first half', -1],
    ['at the boundary', 0],
  ])('names an edited entry %s', async (_, offset) => {
    const target = boundary + offset;
    await t.query(`UPDATE audit_entries SET outcome = 'denied' WHERE seq = ?`, [target]);
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: target, problem: expect.stringMatching(/edited/), checked: target - 1 });
    expect(await verify({ from: 3 })).toMatchObject({ ok: false, firstInvalidSeq: target, checked: target - 3 });
  });

  it.each([
    ['at the boundary', 0],
    ['at the last seq of the first half', -1],
  ])('names an entry removed %s', async (_, offset) => {
    const target = boundary + offset;
    await t.query('DELETE FROM audit_entries WHERE seq = ?', [target]);
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: target, problem: `entry ${target} is missing (the next one found is ${target + 1})` });
  });

  it('names the end of the first half cut off', async () => {
    await t.query('DELETE FROM audit_entries WHERE seq >= ? AND seq < ?', [boundary - 3, boundary]);
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: boundary - 3, problem: expect.stringMatching(/missing/) });
  });

  it('names a pair swapped across the boundary', async () => {
    const [x, y] = [await entry(boundary - 1), await entry(boundary)];
    const repo = t.dataSource.getRepository(AuditEntry);
    await repo.delete({ seq: x.seq });
    await repo.delete({ seq: y.seq });
    await repo.insert({ ...y, seq: x.seq });
    await repo.insert({ ...x, seq: y.seq });
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: boundary - 1, problem: expect.stringMatching(/does not link/) });
  });

  it('names the first entry of the second half when the last of the first was rewritten with a fresh hash', async () => {
    const last = await entry(boundary - 1);
    const forged = Object.assign(new AuditEntry(), { ...last, reason: 'forged approval' });
    forged.hash = auditHash(forged);
    await t.query('UPDATE audit_entries SET reason = ?, hash = ? WHERE seq = ?', [forged.reason, forged.hash, last.seq]);
    expect(await verify()).toMatchObject({
      ok: false,
      firstInvalidSeq: boundary,
      problem: 'it does not link to the entry before it (removed, inserted or reordered entries)',
      checked: boundary - 1,
    });
  });

  it.each([
    ['second', () => inHalf2],
    ['first', () => inHalf1],
  ])('names the signed checkpoint in the %s half that a rewritten history no longer matches', async (_, checkpoint) => {
    const signed = checkpoint();
    await rewriteHistoryFrom(t, signed.seq - 4);
    expect(await verify()).toMatchObject({
      ok: false,
      firstInvalidSeq: signed.seq,
      problem: `it differs from the signed checkpoint at ${signed.seq}: the chain was rewritten`,
      checked: signed.seq,
      checkpointsChecked: 2,
    });
  });

  it('names the tail cut off, by the head row', async () => {
    await t.query('DELETE FROM audit_entries WHERE seq > ?', [lastSeq - 5]);
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: lastSeq - 4, problem: expect.stringMatching(/cut off/), checked: lastSeq - 5 });
  });

  it('walks a range whose start was edited, from the stored hash before it', async () => {
    await t.query(`UPDATE audit_entries SET outcome = 'denied' WHERE seq = ?`, [20]);
    expect(await verify({ from: 20 })).toMatchObject({ ok: false, firstInvalidSeq: 20, checked: 0 });
    expect(await verify({ from: 21 })).toMatchObject({ ok: true, checked: lastSeq - 20 });
  });

  it('gives the serial verdict when a row only its entity gives the bytes of lies in a half', async () => {
    // A time of another shape than TypeORM writes (only an edit makes one): the workers leave the whole range to the serial walk.
    await t.query(`UPDATE audit_entries SET occurred_at = replace(occurred_at, ' ', 'T') WHERE seq = ?`, [boundary + 10]);
    const verdict = await verify();
    await t.query(`UPDATE audit_entries SET outcome = 'denied' WHERE seq = ?`, [boundary + 20]);
    expect(await verify()).toMatchObject({ ok: false, firstInvalidSeq: verdict.ok ? boundary + 20 : boundary + 10 });
  });

  it('walks the chain itself, with a warning, when a worker fails', async () => {
    await t.query(`UPDATE audit_entries SET outcome = 'denied' WHERE seq = ?`, [boundary + 20]);
    AuditVerifier.parallelFrom = Number.POSITIVE_INFINITY;
    const serial = await t.app.get(AuditVerifier).verify({});
    // A statement the worker's SQLite refuses: the walk throws inside the worker.
    const send = workers.getMockImplementation() ?? Worker.prototype.postMessage;
    workers.mockImplementation(function (this: Worker, task: object) {
      return send.call(this, { ...task, sql: 'SELECT no_such_column FROM audit_entries' });
    });
    AuditVerifier.parallelFrom = 1;
    expect(await t.app.get(AuditVerifier).verify({})).toEqual(serial);
    expect(workers).toHaveBeenCalledTimes(2);
    expect(warnings).toHaveBeenCalledWith(expect.objectContaining({ error: expect.stringMatching(/no such column/) }), expect.stringMatching(/worker failed/));
  });
});
