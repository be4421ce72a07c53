import { join } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import Database from '../database/sqlite-driver';
import { ChainWalker, type ChainCheck, type ChainRow } from './audit-chain';

/**
 * The chain verified in parts at once, each in a worker thread on a read-only connection of its own
 * to the SQLite file (WAL lets readers run beside the engine's writer): SHA-256 of a million entries
 * is seconds of one core, and the machine has more.
 *
 * A part's worker walks its range with the same ChainWalker as the serial walk, anchored at the
 * stored prev_hash of the part's first row, and reports that row whole: linking it to the part
 * before (see stitchParts) is the one step the serial walk takes that the worker cannot. The signed
 * checkpoints are compared here, in the main thread, from the stored hashes the worker reports at
 * their seqs.
 *
 * This file is both: imported, it starts workers; run as a worker (its compiled .js), it walks the parts it is sent.
 */

/** What marks a worker started for this (its workerData). */
const PART_WORKER = 'audit-verify-part';

interface PartTask {
  database: string;
  timeout: number | undefined;
  /** sqliteChainRowsSql: parameters afterSeq, toSeq, limit. */
  sql: string;
  fromSeq: number;
  toSeq: number;
  /** Seqs whose stored hash the main thread wants (the signed checkpoints'). */
  checkpointSeqs: number[];
  batchSize: number;
}

/** What a worker found in its part. */
export type PartReport =
  | {
      kind: 'walked';
      /** The part's first row, or null when it has none. */
      first: ChainRow | null;
      check: ChainCheck;
      head: { seq: number; hash: string };
      /** [seq, stored hash] of each checkpoint seq the walk passed, in seq order. */
      hashesAt: Array<[number, string]>;
    }
  /** A row SQLite could not give the bytes of (see SqliteChainRows): only the serial walk reads it, through its entity. */
  | { kind: 'odd row'; seq: number };

export interface ChainPart {
  fromSeq: number;
  toSeq: number;
}

/** [fromSeq, toSeq] cut into `count` contiguous parts of nearly equal length. */
export function splitRange(fromSeq: number, toSeq: number, count: number): ChainPart[] {
  const parts: ChainPart[] = [];
  const length = toSeq - fromSeq + 1;
  for (let i = 0, start = fromSeq; i < count; i++) {
    const end = fromSeq - 1 + Math.round((length * (i + 1)) / count);
    if (end >= start) parts.push({ fromSeq: start, toSeq: end });
    start = end + 1;
  }
  return parts;
}

/**
 * Under `node dist/…` this file is the worker's script; under Jest, which runs the TypeScript, the
 * build of it in dist/ (test runs build dist first, scripts/ensure-built.js).
 */
const WORKER_SCRIPT = __filename.endsWith('.js') ? __filename : join(__dirname, '..', '..', 'dist', 'src', 'audit', 'audit-parallel-verify.js');

/** How long a worker is kept for the next verify once idle: starting one costs tens of ms, keeping one some MB. */
const IDLE_MS = 60_000;

/**
 * Workers that walk parts of the chain, kept between verifies (up to `size` idle, each ended after
 * IDLE_MS without work) and never holding the process open while idle.
 */
export class ChainPartWorkers {
  private readonly idle: Array<{ worker: Worker; timer: NodeJS.Timeout }> = [];
  private closed = false;

  constructor(private readonly size = 2) {}

  /** Each part walked by a worker of its own, all at once; rejects if any worker failed. */
  async walk(
    source: { database: string; timeout?: number; sql: string },
    parts: readonly ChainPart[],
    checkpointSeqs: readonly number[],
    batchSize = 10_000,
  ): Promise<PartReport[]> {
    const settled = await Promise.allSettled(
      parts.map((part) =>
        this.run({
          database: source.database,
          timeout: source.timeout,
          sql: source.sql,
          ...part,
          checkpointSeqs: checkpointSeqs.filter((seq) => seq >= part.fromSeq && seq <= part.toSeq),
          batchSize,
        }),
      ),
    );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<PartReport>).value);
  }

  /** Ends the idle workers; a walk under way still finishes, and its workers end then. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map(({ worker, timer }) => (clearTimeout(timer), worker.terminate())));
  }

  private run(task: PartTask): Promise<PartReport> {
    const kept = this.idle.pop();
    if (kept) clearTimeout(kept.timer);
    const worker = kept?.worker ?? new Worker(WORKER_SCRIPT, { workerData: { kind: PART_WORKER } });
    worker.ref();
    return new Promise<PartReport>((resolve, reject) => {
      const settle = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (report: PartReport) => {
        settle();
        this.release(worker);
        resolve(report);
      };
      const onError = (err: Error) => {
        settle();
        void worker.terminate();
        reject(err);
      };
      const onExit = (code: number) => {
        settle();
        reject(new Error(`the verify worker exited (code ${code}) without reporting`));
      };
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage(task);
    });
  }

  private release(worker: Worker): void {
    if (this.closed || this.idle.length >= this.size) {
      void worker.terminate();
      return;
    }
    worker.unref();
    const timer = setTimeout(() => {
      const at = this.idle.findIndex((kept) => kept.worker === worker);
      if (at !== -1) this.idle.splice(at, 1);
      void worker.terminate();
    }, IDLE_MS);
    timer.unref();
    this.idle.push({ worker, timer });
  }
}

/** Where the parts' walks, joined in seq order, leave the chain: as the serial walk would from `anchor`. */
export interface Stitched {
  head: { seq: number; hash: string };
  checked: number;
  broken: { firstInvalidSeq: number; problem: string } | null;
}

/**
 * The parts' reports joined as one walk from `anchor`: the first break in seq order wins. Each part's
 * first row is pushed onto a walker at the head the parts before reached, which names a missing,
 * unlinked or edited entry as the serial walk does; once it links, the rest of the part was walked
 * from the same place. `mismatch` names a signed checkpoint a stored hash differs from, if any.
 */
export function stitchParts(
  anchor: { seq: number; hash: string } | undefined,
  reports: ReadonlyArray<Extract<PartReport, { kind: 'walked' }>>,
  mismatch: (seq: number, hash: string) => string | null,
): Stitched {
  let head = new ChainWalker(anchor).head;
  let checked = 0;
  for (const report of reports) {
    if (!report.first) continue;
    const link = new ChainWalker(head);
    if (!link.pushRow(...report.first)) {
      const r = link.result() as Extract<ChainCheck, { ok: false }>;
      return { head, checked, broken: { firstInvalidSeq: r.firstInvalidSeq, problem: r.problem } };
    }
    for (const [seq, hash] of report.hashesAt) {
      const problem = mismatch(seq, hash);
      // Every entry of the part up to seq passed: the serial walk counts them, then stops.
      if (problem) return { head: { seq, hash }, checked: checked + seq - head.seq, broken: { firstInvalidSeq: seq, problem } };
    }
    checked += report.check.checked;
    if (!report.check.ok) return { head: report.head, checked, broken: { firstInvalidSeq: report.check.firstInvalidSeq, problem: report.check.problem } };
    head = report.head;
  }
  return { head, checked, broken: null };
}

/** The worker's walk of its part, in batches of the SqliteChainRows statement. */
function walkPart(task: PartTask): PartReport {
  const db = new Database(task.database, { readonly: true, fileMustExist: true, ...(task.timeout === undefined ? {} : { timeout: task.timeout }) });
  try {
    // Each page is read once: a page cache would only hold memory (as with the export's connection).
    db.pragma('cache_size = -512');
    // One snapshot for the whole part, and one read lock instead of one a batch.
    db.prepare('BEGIN').run();
    const statement = db.prepare<[number, number, number], ChainRow>(task.sql).raw(true);
    const wanted = new Set(task.checkpointSeqs);
    const hashesAt: Array<[number, string]> = [];
    let first: ChainRow | null = null;
    let walker: ChainWalker | null = null;
    const walked = (): PartReport => ({
      kind: 'walked',
      first,
      check: walker?.result() ?? { ok: true, checked: 0, headSeq: task.fromSeq - 1, headHash: '' },
      head: walker?.head ?? { seq: task.fromSeq - 1, hash: '' },
      hashesAt,
    });
    for (let after = task.fromSeq - 1; ;) {
      const rows = statement.all(after, task.toSeq, task.batchSize) as unknown as ChainRow[];
      for (const row of rows) {
        const [seq, prevHash, hash, bytes] = row;
        if (bytes === null) return { kind: 'odd row', seq };
        if (!walker) {
          first = row;
          walker = new ChainWalker({ seq: task.fromSeq - 1, hash: prevHash });
        }
        if (!walker.pushRow(seq, prevHash, hash, bytes)) return walked();
        if (wanted.has(seq)) hashesAt.push([seq, hash]);
      }
      if (rows.length < task.batchSize) return walked();
      after = rows[rows.length - 1][0];
    }
  } finally {
    db.close();
  }
}

if (!isMainThread && (workerData as { kind?: unknown } | null)?.kind === PART_WORKER) {
  // A walk that throws ends the worker: the main thread gets its error and walks the chain itself.
  parentPort!.on('message', (task: PartTask) => {
    let report: PartReport;
    try {
      report = walkPart(task);
    } catch (err) {
      // Only a plain Error crosses to the main thread whole: a SqliteError would arrive as its code alone.
      throw new Error(String((err as { message?: unknown } | null)?.message ?? err), { cause: err });
    }
    parentPort!.postMessage(report);
  });
}
