import { CasesService } from '../../src/cases/cases.service';
import { AuditVerifier } from '../../src/audit/audit-verifier.service';
import { cycleStep, PAIRS } from '../lib/cast';
import { EngineDataset, type DatasetSpec } from '../lib/dataset';
import { random, runPhase, tempDir } from '../lib/phase';
import { nowMs } from '../lib/stats';
import { timedWorkers, type EngineRun } from '../lib/timed-workers';

export interface EngineConfig {
  datasets: DatasetSpec[];
  rounds: number;
  /** Length of one measured run of the engine, per dataset. */
  seconds: number;
  /** Length of one run of the raw baseline (steadier, so it can be shorter). */
  rawSeconds: number;
  warmupSeconds: number;
  /** applyEvent calls in flight at once (1: one after the other). */
  concurrency: number;
  /** 'engine', 'raw' or 'lean' alone, for a CPU profile of one side. */
  only?: 'engine' | 'raw' | 'lean';
}

export interface EngineResult {
  datasets: Array<{
    name: string;
    cases: number;
    entriesBefore: number;
    seedSeconds: number;
    engine: EngineRun[];
    raw: EngineRun[];
    /** Raw SQL plus the same machine work as applyEvent (informational floor of a lean engine path). */
    lean: EngineRun[];
    chainIntactAfter: boolean | null;
  }>;
  concurrency: number;
  /** The measured spans, for cpuprofile-summary --windows. */
  profileWindows: Array<[number, number]>;
}

/** Audited transitions through CasesService.applyEvent, the app's real path minus HTTP. */
function engineRun(d: EngineDataset, seconds: number, concurrency: number, seed: number): Promise<EngineRun> {
  const cases = d.app.get(CasesService);
  let sent = 0;
  return timedWorkers(d, seconds, concurrency, seed, 32, async (i) => {
    const c = d.cases[i];
    const { event, actor } = cycleStep(d.status[i], PAIRS[c.pair], d.cast);
    await cases.applyEvent(c.id, event, actor, { requestId: `bench-${seed}-${sent++}`, clientAddress: '127.0.0.1' });
  });
}

/** Runs `step` on random cases, `batch` at a time between clock reads, for `seconds`. */
function timedLoop(d: EngineDataset, seconds: number, seed: number, batch: number, step: (i: number) => void): EngineRun {
  const n = d.cases.length;
  const next = random(seed);
  let done = 0;
  const start = nowMs();
  const deadline = start + seconds * 1000;
  while (nowMs() < deadline) {
    for (let k = 0; k < batch; k++) {
      const i = Math.floor(next() * n);
      step(i);
      d.flip(i);
      done++;
    }
  }
  const end = nowMs();
  const elapsed = (end - start) / 1000;
  return { window: [start * 1000, end * 1000], transitions: done, seconds: elapsed, perSecond: done / elapsed };
}

/** The same transitions as raw SQL on the same connection (see RawTransitions). */
function rawRun(d: EngineDataset, seconds: number, seed: number): EngineRun {
  return timedLoop(d, seconds, seed, 256, (i) => d.raw.run(d.rawStep(i)));
}

/** Raw SQL with the machine's work in between (RawTransitions.runWithMachine). */
function leanRun(d: EngineDataset, seconds: number, seed: number): EngineRun {
  return timedLoop(d, seconds, seed, 64, (i) => {
    const c = d.cases[i];
    const { event, actor } = cycleStep(d.status[i], PAIRS[c.pair], d.cast);
    d.raw.runWithMachine(c.id, event, actor, PAIRS[c.pair]);
  });
}

runPhase<EngineConfig, EngineResult>('engine', async (config, log) => {
  const datasets: EngineDataset[] = [];
  for (const spec of config.datasets) datasets.push(await EngineDataset.build(spec, tempDir(spec.name), log));
  const runs = datasets.map(() => ({ engine: [] as EngineRun[], raw: [] as EngineRun[], lean: [] as EngineRun[] }));
  const entriesBefore = datasets.map((d) => d.entries);
  const doEngine = !config.only || config.only === 'engine';
  const doRaw = !config.only || config.only === 'raw';
  // The lean floor is measured on the first dataset only: it is (a)'s companion, not (d)'s.
  const doLean = (k: number) => (!config.only && k === 0) || config.only === 'lean';

  for (const d of datasets) {
    if (doEngine) await engineRun(d, config.warmupSeconds, config.concurrency, 1);
    if (doRaw) rawRun(d, config.rawSeconds / 2, 2);
    if (doLean(datasets.indexOf(d))) leanRun(d, config.rawSeconds / 2, 3);
  }
  for (let r = 0; r < config.rounds; r++) {
    for (const [k, d] of datasets.entries()) {
      // Alternate which side goes first, so that neither always meets a freshly checkpointed WAL.
      const sides = r % 2 === 0 ? ['engine', 'raw', 'lean'] : ['lean', 'raw', 'engine'];
      for (const side of sides) {
        if (side === 'engine' && doEngine) runs[k].engine.push(await engineRun(d, config.seconds, config.concurrency, 100 + r));
        if (side === 'raw' && doRaw) runs[k].raw.push(rawRun(d, config.rawSeconds, 200 + r));
        if (side === 'lean' && doLean(k)) runs[k].lean.push(leanRun(d, config.rawSeconds, 300 + r));
      }
      const e = runs[k].engine.at(-1);
      const w = runs[k].raw.at(-1);
      const l = runs[k].lean.at(-1);
      log(
        `round ${r + 1}/${config.rounds} ${d.spec.name}: engine ${e ? e.perSecond.toFixed(0) : '-'}/s, raw ${w ? w.perSecond.toFixed(0) : '-'}/s` +
          (l ? `, raw + machine ${l.perSecond.toFixed(0)}/s` : ''),
      );
    }
  }

  // The raw baseline wrote into the same chain as the engine: what both appended must still verify.
  const chainIntact: Array<boolean | null> = [];
  for (const [k, d] of datasets.entries()) {
    if (config.only) {
      chainIntact.push(null);
      continue;
    }
    const verdict = await d.app.get(AuditVerifier).verify({ from: entriesBefore[k] + 1 });
    if (!verdict.ok) log(`chain of ${d.spec.name} is BROKEN: ${JSON.stringify(verdict)}`);
    chainIntact.push(verdict.ok);
  }
  for (const d of datasets) await d.close();
  return {
    concurrency: config.concurrency,
    profileWindows: runs.flatMap((r) => [...r.engine, ...r.raw, ...r.lean].map((run) => run.window)),
    datasets: datasets.map((d, k) => ({
      name: d.spec.name,
      cases: d.cases.length,
      entriesBefore: entriesBefore[k],
      seedSeconds: d.seedSeconds,
      engine: runs[k].engine,
      raw: runs[k].raw,
      lean: runs[k].lean,
      chainIntactAfter: chainIntact[k],
    })),
  };
});
