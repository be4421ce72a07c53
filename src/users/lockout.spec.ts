import { isLocked, lockAfterFailure, lockRanOut, minutesLeft } from './lockout';

describe('the lockout arithmetic (CJIS 5.5.3)', () => {
  const policy = { threshold: 5, minutes: 10 };
  const now = new Date('2026-11-28T12:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('sets no lock for the first four failures in a row', () => {
    expect([1, 2, 3, 4].map((n) => lockAfterFailure(n, policy, now))).toEqual([null, null, null, null]);
  });

  it('locks for ten minutes at the fifth', () => {
    expect(lockAfterFailure(5, policy, now)).toEqual(at('2026-11-28T12:10:00Z'));
  });

  it('follows a policy of its own', () => {
    const strict = { threshold: 3, minutes: 30 };
    expect(lockAfterFailure(2, strict, now)).toBeNull();
    expect(lockAfterFailure(3, strict, now)).toEqual(at('2026-11-28T12:30:00Z'));
  });

  it('holds the lock until its last millisecond, then lets it run out', () => {
    const state = { failedAttempts: 0, lockedUntil: at('2026-11-28T12:10:00Z') };
    expect(isLocked(state, at('2026-11-28T12:09:59.999Z'))).toBe(true);
    expect(lockRanOut(state, at('2026-11-28T12:09:59.999Z'))).toBe(false);
    expect(isLocked(state, at('2026-11-28T12:10:00Z'))).toBe(false);
    expect(lockRanOut(state, at('2026-11-28T12:10:00Z'))).toBe(true);
  });

  it('knows an account that was never locked', () => {
    const state = { failedAttempts: 3, lockedUntil: null };
    expect(isLocked(state, now)).toBe(false);
    expect(lockRanOut(state, now)).toBe(false);
    expect(minutesLeft(state, now)).toBe(0);
  });

  it('rounds the minutes left up', () => {
    const state = { failedAttempts: 0, lockedUntil: at('2026-11-28T12:09:01Z') };
    expect(minutesLeft(state, now)).toBe(10);
    expect(minutesLeft(state, at('2026-11-28T12:08:30Z'))).toBe(1);
  });
});
