import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock';
import { DatabaseOutage } from '../../src/database/database-outage';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { IDEMPOTENCY_CONFIG, type IdempotencyConfig } from '../../src/idempotency/idempotency-config';
import { IdempotencyKeyTakenOver, IdempotencyStore, type Claim, type HeldKey } from '../../src/idempotency/idempotency-store';
import { MediumApp } from './support/medium-app';

const HOUR = 3_600_000;

// The stored Idempotency-Keys on a real database, with the app's clock moved: the first request
// claims its key, a retry gets its answer back or waits, another request under the key is refused,
// a holder that died is taken over after its lease, and keys are forgotten after the retention period.
describe('the idempotency store (IdempotencyStore on a real database)', () => {
  let m: MediumApp;
  let store: IdempotencyStore;
  let config: IdempotencyConfig;
  let userId: string;
  const keyOf = () => ({ userId, key: randomUUID() });

  function held(claim: Claim): HeldKey {
    if (claim.kind !== 'claimed') throw new Error(`expected the key to be claimed, it was ${claim.kind}`);
    return claim.held;
  }

  beforeAll(async () => {
    m = await MediumApp.start();
    store = m.get(IdempotencyStore);
    config = m.get<IdempotencyConfig>(IDEMPOTENCY_CONFIG);
    userId = (await m.actor('oh.field_officer')).id;
  });
  afterAll(() => m.close());

  it('replays the answer to a retry, makes a retry wait while the first runs, and refuses another request', async () => {
    const key = keyOf();
    const first = held(await store.claim(key, 'fingerprint-a', 'POST /cases'));
    const waiting = await store.claim(key, 'fingerprint-a', 'POST /cases');
    if (waiting.kind !== 'in_progress') throw new Error(`expected the key to be in use, it was ${waiting.kind}`);
    // Free for another attempt once the first one's lease has run out, counted from its claim.
    expect(waiting.freeAt.getTime() - waiting.since.getTime()).toBe(config.leaseSeconds * 1000);

    await store.answer(first, 201, '{"id":"c1"}');
    expect(await store.claim(key, 'fingerprint-a', 'POST /cases')).toEqual({ kind: 'replay', status: 201, body: '{"id":"c1"}' });
    expect(await store.claim(key, 'fingerprint-b', 'POST /cases/c1/events')).toEqual({ kind: 'mismatch', request: 'POST /cases' });
    // The key is the user's own: another user's request under the same key is a request of its own.
    const other = (await m.actor('tx.field_officer')).id;
    expect((await store.claim({ ...key, userId: other }, 'fingerprint-b', 'POST /cases')).kind).toBe('claimed');
  });

  it('frees a released key for a retry that runs again', async () => {
    const key = keyOf();
    await store.release(held(await store.claim(key, 'fingerprint-a', 'POST /cases')));
    expect((await store.claim(key, 'fingerprint-a', 'POST /cases')).kind).toBe('claimed');
  });

  it('keeps the key of a request whose release failed with the database away, frees it once the database is back, and lets a retry here take it at once', async () => {
    const away = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    // Another instance on the same database: it knows nothing of this one's failed attempts.
    const elsewhere = new IdempotencyStore(m.get(UnitOfWork), config, m.get(Clock), new DatabaseOutage(m.get(DataSource), m.get(Clock)));
    const unitOfWork = m.get(UnitOfWork);
    const releaseFails = () => jest.spyOn(unitOfWork, 'run').mockRejectedValueOnce(away);

    const here = keyOf();
    const failed = held(await store.claim(here, 'fingerprint-a', 'POST /cases'));
    releaseFails();
    await store.release(failed);
    expect((await elsewhere.claim(here, 'fingerprint-a', 'POST /cases')).kind).toBe('in_progress');
    // The retry reaches this process: the attempt that failed here is not running, so the key is taken at once.
    const retry = held(await store.claim(here, 'fingerprint-a', 'POST /cases'));
    expect(retry.attempt).not.toBe(failed.attempt);

    const there = keyOf();
    const failedToo = held(await store.claim(there, 'fingerprint-a', 'POST /cases'));
    releaseFails();
    await store.release(failedToo);
    const outage = m.get(DatabaseOutage);
    outage.noticed(away);
    expect(outage.away).toBe(true);
    expect(await outage.checkBack()).toBe(true);
    expect(outage.away).toBe(false);
    // Freed when the database answered again: the retry runs on any instance, long before the lease ends.
    expect((await elsewhere.claim(there, 'fingerprint-a', 'POST /cases')).kind).toBe('claimed');
  });

  it('lets a retry take the key over once the lease has run out, and ignores the old holder then', async () => {
    const key = keyOf();
    const dead = held(await store.claim(key, 'fingerprint-a', 'POST /cases'));
    m.time.forward(config.leaseSeconds * 1000 - 2000);
    expect((await store.claim(key, 'fingerprint-a', 'POST /cases')).kind).toBe('in_progress');

    m.time.forward(3000);
    const retry = held(await store.claim(key, 'fingerprint-a', 'POST /cases'));
    expect(retry.attempt).not.toBe(dead.attempt);
    await expect(m.get(UnitOfWork).run((tx) => store.answerIn(tx, dead, 200, '"late"'))).rejects.toThrow(IdempotencyKeyTakenOver);
    await store.answer(dead, 200, '"late"');
    await store.answer(retry, 200, '"the retry"');
    expect(await store.claim(key, 'fingerprint-a', 'POST /cases')).toEqual({ kind: 'replay', status: 200, body: '"the retry"' });
  });

  it('forgets a key once it is older than the retention period, and no sooner', async () => {
    const old = keyOf();
    await store.answer(held(await store.claim(old, 'fingerprint-a', 'POST /cases')), 201, '"old"');
    m.time.forward((config.retentionHours - 1) * HOUR);
    expect(await store.purge()).toBe(0);
    expect(await store.claim(old, 'fingerprint-a', 'POST /cases')).toEqual({ kind: 'replay', status: 201, body: '"old"' });

    const recent = keyOf();
    await store.answer(held(await store.claim(recent, 'fingerprint-a', 'POST /cases')), 201, '"recent"');
    m.time.forward(2 * HOUR);
    expect(await store.purge()).toBeGreaterThanOrEqual(1);
    expect(await store.claim(recent, 'fingerprint-a', 'POST /cases')).toEqual({ kind: 'replay', status: 201, body: '"recent"' });
    // Forgotten, the old key is free again: the same request under it runs as a new one.
    expect((await store.claim(old, 'fingerprint-a', 'POST /cases')).kind).toBe('claimed');
  });
});
