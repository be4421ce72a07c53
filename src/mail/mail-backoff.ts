/** How the sender retries a mail the relay would not take. */
export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** After this many failed attempts the mail stays in the outbox for a person to look at. */
  maxAttempts: number;
}

/**
 * 30 s, 1 min, 2 min … doubling to at most an hour; twelve attempts span about five and a half hours,
 * long enough to ride out a relay's maintenance window without hammering it.
 */
export const MAIL_RETRY: RetryPolicy = { firstDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 12 };

/** The wait after the `failedAttempts`-th failure (counting from 1). */
export function retryDelayMs(failedAttempts: number, policy: RetryPolicy = MAIL_RETRY): number {
  const exponent = Math.max(0, failedAttempts - 1);
  // Capping the exponent first keeps 2 ** n finite however large the count grows.
  const uncapped = policy.firstDelayMs * 2 ** Math.min(exponent, 40);
  return Math.min(uncapped, policy.maxDelayMs);
}

/** When to try again after `failedAttempts` failures, or null when the sender gives up. */
export function nextAttemptAt(now: Date, failedAttempts: number, policy: RetryPolicy = MAIL_RETRY): Date | null {
  if (failedAttempts >= policy.maxAttempts) return null;
  return new Date(now.getTime() + retryDelayMs(failedAttempts, policy));
}
