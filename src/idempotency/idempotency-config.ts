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
