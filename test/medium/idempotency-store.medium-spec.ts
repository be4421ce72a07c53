import { randomUUID } from 'node:crypto';
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
    expect(waiting).toEqual({ kind: 'in_progress', retryAfterSeconds: expect.any(Number) });
    expect((waiting as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(config.leaseSeconds);

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
