import { random } from './phase';
import { nowMs } from './stats';

/** One measured run: how many transitions in how long. */
export interface EngineRun {
  /** Monotonic clock in µs (as in a .cpuprofile) at the start and end of the run. */
  window: [number, number];
  transitions: number;
  seconds: number;
  perSecond: number;
}

/** The cases a run moves: how many, and the note that case i made one step of its cycle. */
interface Cycling {
  readonly cases: readonly unknown[];
  flip(i: number): void;
}

/**
 * `concurrency` workers for `seconds`, each owning the cases i ≡ w (mod concurrency), so that no two
 * calls in flight touch one case; `step(i, w)` moves case i one step of its cycle. The clock is
 * read every `batch` steps, where a step is short enough for the read to count.
 */
export async function timedWorkers(
  cycle: Cycling,
  seconds: number,
  concurrency: number,
  seed: number,
  batch: number,
  step: (i: number, w: number) => Promise<void>,
): Promise<EngineRun> {
  const n = cycle.cases.length;
  const next = random(seed);
  let done = 0;
  const start = nowMs();
  const deadline = start + seconds * 1000;
  const worker = async (w: number) => {
    const owned = Math.floor((n - w - 1) / concurrency) + 1;
    while (nowMs() < deadline) {
      for (let k = 0; k < batch; k++) {
        const i = w + concurrency * Math.floor(next() * owned);
        await step(i, w);
        cycle.flip(i);
        done++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const end = nowMs();
  const elapsed = (end - start) / 1000;
  return { window: [start * 1000, end * 1000], transitions: done, seconds: elapsed, perSecond: done / elapsed };
}
