export interface IdempotencyConfig {
  /**
   * How long a request holds its key. A retry within it is told "still in progress" (409); after
   * it, the holder is taken for dead (a crash) and the retry runs the request itself.
   */
  leaseSeconds: number;
  /** How long keys and their answers are kept: at least a day, as clients retry for that long. */
  retentionHours: number;
}

export const IDEMPOTENCY_CONFIG = Symbol('IDEMPOTENCY_CONFIG');

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}; it is "${raw}".`);
  }
  return value;
}

export function loadIdempotencyConfig(env: NodeJS.ProcessEnv = process.env): IdempotencyConfig {
  return {
    leaseSeconds: whole(env, 'IDEMPOTENCY_LEASE_SECONDS', 30, 1, 3600),
    retentionHours: whole(env, 'IDEMPOTENCY_RETENTION_HOURS', 24, 24, 24 * 366),
  };
}
