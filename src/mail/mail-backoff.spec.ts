import { MAIL_RETRY, nextAttemptAt, retryDelayMs } from './mail-backoff';

describe('the retry schedule of the mail sender', () => {
  it('doubles from 30 seconds', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
  });

  it('never waits more than an hour, however many failures', () => {
    expect(retryDelayMs(8)).toBe(3_600_000);
    expect(retryDelayMs(11)).toBe(3_600_000);
    expect(retryDelayMs(10_000)).toBe(3_600_000);
  });

  it('treats a count below one as the first failure', () => {
    expect(retryDelayMs(0)).toBe(30_000);
  });

  it('schedules the next attempt from the given time', () => {
    const now = new Date('2026-11-28T12:00:00Z');
    expect(nextAttemptAt(now, 3)).toEqual(new Date('2026-11-28T12:02:00Z'));
  });

  it('gives up after the last allowed attempt, about five and a half hours in', () => {
    const now = new Date(0);
    expect(nextAttemptAt(now, MAIL_RETRY.maxAttempts - 1)).not.toBeNull();
    expect(nextAttemptAt(now, MAIL_RETRY.maxAttempts)).toBeNull();
    const total = Array.from({ length: MAIL_RETRY.maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(total / 3_600_000).toBeCloseTo(5.5, 0);
  });

  it('follows a policy of its own', () => {
    const policy = { firstDelayMs: 10, maxDelayMs: 35, maxAttempts: 3 };
    expect([1, 2, 3].map((n) => retryDelayMs(n, policy))).toEqual([10, 20, 35]);
    expect(nextAttemptAt(new Date(0), 3, policy)).toBeNull();
  });
});
