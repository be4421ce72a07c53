import { appendFileSync } from 'node:fs';

/**
 * With LOAD_STATS_FILE set, appends one JSON line of what a load test did (requests, answers, what
 * a crash cut), so that repeated runs can be compared; otherwise does nothing.
 */
export function reportLoad(test: string, stats: Record<string, unknown>): void {
  const file = process.env.LOAD_STATS_FILE;
  if (file) appendFileSync(file, `${JSON.stringify({ test, at: new Date().toISOString(), ...stats })}\n`);
}
