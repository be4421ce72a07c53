/** CJIS 5.5.3, as configured: how many failures in a row lock an account, and for how long. */
export interface LockoutPolicy {
  threshold: number;
  minutes: number;
}

/** The lock state kept on an account row. */
export interface LockState {
  failedAttempts: number;
  lockedUntil: Date | null;
}

export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** A lock whose time is over but still on the row: the next attempt clears it, and says so in the history. */
export function lockRanOut(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && !isLocked(state, now);
}

/**
 * The lock that the `failedAttempts`-th consecutive failure sets, or null while there are failures
 * to spare. The count starts again at zero when the lock is set, so a lock that runs out gives the
 * owner a whole new series of attempts, not one.
 */
export function lockAfterFailure(failedAttempts: number, policy: LockoutPolicy, now: Date): Date | null {
  if (failedAttempts < policy.threshold) return null;
  return new Date(now.getTime() + policy.minutes * 60_000);
}

/** Whole minutes until a lock runs out, rounded up: "try again in 3 minutes". */
export function minutesLeft(state: LockState, now: Date): number {
  if (!isLocked(state, now)) return 0;
  return Math.ceil((state.lockedUntil!.getTime() - now.getTime()) / 60_000);
}
