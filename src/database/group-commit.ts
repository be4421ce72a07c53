import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { sqliteConnection } from './sqlite-table';

import { performance } from 'node:perf_hooks';

/** Works that share one commit at most; the rest wait for the next. */
const MAX_BATCH = 64;

/**
 * How long a batch takes works in, in milliseconds: once it has run that long it commits and the
 * event loop turns before the next. The works run on the event loop, and libuv accepts one new
 * connection per turn of it: batches of 64 works (about 100 ms) let a client that connects under
 * load wait one turn for each connection ahead of it, seconds in all.
 */
const BATCH_MILLISECONDS = 10;

interface Queued {
  work: (manager: EntityManager) => Promise<unknown>;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

/** A work done in the open transaction, waiting for the shared COMMIT. */
interface Done {
  queued: Queued;
  result: unknown;
}

/**
 * Group commit on SQLite: works that arrive together share ONE transaction (one BEGIN ... COMMIT),
 * run one after the other in the order they arrived (so the audit chain is appended in that order),
 * each after the first in a savepoint of its own. A work that fails is rolled back to its savepoint
 * (the whole transaction, if it is the first), changing nothing, and its caller is rejected at once;
 * the others' callers are answered only once the shared COMMIT has succeeded. If the COMMIT fails (a
 * deferred foreign key, say), the whole transaction is rolled back and every caller of the batch is
 * rejected.
 *
 * A batch closes when no more works are waiting, at MAX_BATCH works, or once it has run for
 * BATCH_MILLISECONDS; works still waiting then go in the next, a turn of the event loop later. To let works of concurrent
 * requests join, it waits ONE turn of the event loop (setImmediate) before closing, but only when
 * callers are concurrent: more than one work in the batch already, a work that arrived while the
 * previous batch was open, or one that came from another callback of the turn in which a batch
 * committed (another request that was ready at the same time; see sinceCommit). A lone caller,
 * whose next work comes from the very callbacks its commit set off, never waits that turn.
 * The price of that turn: a read outside any transaction (on the one connection) made during it sees
 * the batch's works before their COMMIT. Those that failed are already undone by then; what it sees
 * is lost only if the COMMIT fails or the process dies first, and a state change writes only on the
 * version it decided on, so none decided on such a read commits over a change that was lost.
 *
 * TypeORM's better-sqlite3 driver has one query runner, shared by all; the transaction is begun,
 * committed and rolled back through it so that its state (isTransactionActive, transactionDepth)
 * stays right, and the works get its manager. Statements prepared on the connection directly run in
 * the same transaction, since there is only one connection.
 */
export class GroupCommit {
  private readonly waiting: Queued[] = [];
  private draining = false;
  /** A work arrived while a batch was open: callers are concurrent, the next batch waits a turn for more. */
  private crowded = false;
  /**
   * Where the event loop is since the last commit of this turn: still in the callbacks that commit
   * set off ('answering': its callers' next works come from there), past them ('later': a work now
   * comes from another callback of the same turn, i.e. another request ready at the same time), or
   * in a turn of its own ('idle').
   */
  private sinceCommit: 'idle' | 'answering' | 'later' = 'idle';
  private readonly answered = () => {
    if (this.sinceCommit === 'answering') this.sinceCommit = 'later';
  };
  private readonly turnEnded = () => {
    this.sinceCommit = 'idle';
  };

  constructor(private readonly dataSource: DataSource) {}

  /** Resolves with the work's result once it has committed; rejects if it failed or the commit did. */
  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (result: unknown) => void, reject });
      if (this.draining || this.sinceCommit === 'later') this.crowded = true;
      if (!this.draining) {
        this.draining = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    let first = true;
    while (this.draining) {
      // Works left from the last batch wait one turn, in which the loop reads, writes and accepts.
      if (!first) await new Promise<void>((resolve) => setImmediate(resolve));
      first = false;
      const crowded = this.crowded;
      this.crowded = false;
      const done = await this.batch(crowded);
      // Decided before the callers hear of their commit: the next work a caller sends then starts a
      // batch of its own rather than counting as one that arrived while this one was open.
      if (this.waiting.length === 0) this.draining = false;
      if (done.length > 0) this.committed();
      for (const d of done) d.queued.resolve(d.result);
    }
  }

  /**
   * One shared transaction: BEGIN, the works waiting (each after the first in its savepoint),
   * COMMIT. Returns the works committed; those that failed, or all when the COMMIT did, are rejected
   * here. Never throws: every work it took from the queue is settled.
   */
  private async batch(crowded: boolean): Promise<Done[]> {
    let runner: QueryRunner;
    try {
      runner = this.dataSource.createQueryRunner();
      await runner.startTransaction();
    } catch (err) {
      // Nothing ran: the first work's caller hears why; the others try again in a batch of their own.
      this.waiting.shift()!.reject(err);
      return [];
    }
    const done: Done[] = [];
    let yielded = false;
    let taken = 0;
    const closesAt = performance.now() + BATCH_MILLISECONDS;
    try {
      const connection = sqliteConnection(this.dataSource);
      while (done.length < MAX_BATCH && (taken === 0 || performance.now() < closesAt)) {
        if (this.waiting.length === 0) {
          if (yielded || !(crowded || done.length > 1)) break;
          yielded = true;
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        // The first work needs no savepoint: if it fails, the transaction holds nothing else and is
        // rolled back whole, so that a lone caller pays for no more statements than without group commit.
        const first = done.length === 0;
        if (!first) connection.exec('SAVEPOINT group_work');
        const queued = this.waiting.shift()!;
        taken++;
        let result: unknown;
        try {
          result = await queued.work(runner.manager);
        } catch (err) {
          // Undone before its caller hears, who may read at once what the work wrote.
          if (first) {
            await this.rollBack(runner);
            queued.reject(err);
            return [];
          }
          try {
            this.undo(connection);
          } finally {
            queued.reject(err);
          }
          continue;
        }
        // An I/O error, or a full disk, makes SQLite roll the whole transaction back even if the work
        // went on: then nothing of the batch is kept.
        if (!connection.inTransaction) {
          queued.reject(new Error('SQLite rolled the transaction back during the work.'));
          throw new Error('SQLite rolled the shared transaction back.');
        }
        if (!first) connection.exec('RELEASE group_work');
        done.push({ queued, result });
      }
      await runner.commitTransaction();
      return done;
    } catch (err) {
      // The COMMIT failed, or a savepoint could not be undone (SQLite may have rolled the whole
      // transaction back itself): nothing of the batch is kept, and none of its callers is told otherwise.
      await this.rollBack(runner);
      for (const d of done) d.queued.reject(err);
      return [];
    }
  }

  /**
   * A nextTick runs once the promise callbacks the commit sets off are done (they run first), a
   * setImmediate once every callback ready in this turn has run.
   */
  private committed(): void {
    if (this.sinceCommit === 'idle') setImmediate(this.turnEnded);
    this.sinceCommit = 'answering';
    process.nextTick(this.answered);
  }

  /** Back to the work's savepoint; throws if the transaction is gone (then the whole batch is). */
  private undo(connection: ReturnType<typeof sqliteConnection>): void {
    connection.exec('ROLLBACK TO group_work');
    connection.exec('RELEASE group_work');
  }

  private async rollBack(runner: QueryRunner): Promise<void> {
    try {
      await runner.rollbackTransaction();
    } catch {
      // No transaction is left open on the connection (SQLite ended it): only the runner's state is wrong.
      const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
      state.isTransactionActive = false;
      state.transactionDepth = 0;
    }
  }
}
