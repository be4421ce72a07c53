/** Summaries of repeated measurements: medians of rounds, with the spread beside them. */

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every round's value, in the order measured. */
  rounds: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), rounds: [...values] };
}

/** Nearest-rank percentile of samples (milliseconds or anything else). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/**
 * The ratio of two figures measured in the same rounds: each round's ratio, so that the noise a
 * shared machine puts on one round touches both sides of that round's ratio alike.
 */
export function ratioSpread(numerators: readonly number[], denominators: readonly number[]): Spread {
  return spread(numerators.map((n, i) => n / denominators[i]));
}

/** High-resolution wall-clock in milliseconds. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
