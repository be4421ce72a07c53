import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Each benchmark phase runs in a child process of its own (fresh heap, its own environment, and
 * `node --cpu-prof` can wrap it alone): config as JSON in argv[2], result written as JSON to argv[3].
 * Progress goes to stderr.
 */
export function runPhase<C, R>(name: string, main: (config: C, log: (line: string) => void) => Promise<R>): void {
  const [configJson, resultPath] = process.argv.slice(2);
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[${name} ${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
  main(JSON.parse(configJson ?? '{}') as C, log).then(
    (result) => {
      if (resultPath) writeFileSync(resultPath, JSON.stringify(result, null, 2));
      else process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      process.exit(0);
    },
    (err: unknown) => {
      log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}

const tempDirs: string[] = [];
process.on('exit', () => {
  // BENCH_KEEP=1 keeps the databases and server logs for a look afterwards.
  if (process.env.BENCH_KEEP !== '1') for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp directory that is removed when the process ends, however it ends. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `compact-bench-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** A small seeded generator (mulberry32): the same run picks the same cases. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
