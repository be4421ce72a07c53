import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DATABASE_CONFIG, type DatabaseConfig } from '../config/app-config';
import { answerScope } from './answer-scope';
import { retried } from './connection-retries';
import { CommitOutcomeUnknown, isDatabaseUnavailable } from './database-unavailable';
import { GroupCommit } from './group-commit';
import { transactionOf, type Transaction } from './transaction';

export interface RunOptions {
  /**
   * What this transaction returns is the request's answer: a request with an Idempotency-Key
   * stores it in the same transaction (see answer-scope.ts).
   */
  answers?: boolean;
}

/**
 * Runs a piece of work in one database transaction: all of it commits, or none of it.
 *
 * TypeORM's better-sqlite3 driver shares ONE query runner between all callers, and it nests a second
 * transaction() into a running one as a savepoint. Two requests writing at once would therefore share
 * a transaction, and one's rollback could take the other's audit entry with it. SQLite admits one
 * writer at a time anyway, so transactions here wait their turn, one after the other: with
 * SQLITE_GROUP_COMMIT on (the default), those that arrive together share one BEGIN ... COMMIT, each
 * rolled back alone if it fails (a savepoint each; group-commit.ts), and their callers hear of the
 * commit only once the shared COMMIT succeeded; off, each commits on its own. PostgreSQL gets
 * one connection each (READ COMMITTED; what must not change under a transaction is locked or
 * updated conditionally).
 */
@Injectable()
export class UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;
  /** On SQLite with SQLITE_GROUP_COMMIT on: the shared commits. */
  private readonly group: GroupCommit | null;
  /**
   * Work to do once a transaction has committed (counters, nudges), by the transaction's manager.
   * Keyed on the manager rather than kept in an AsyncLocalStorage: a store would switch on Node's
   * promise hooks for every promise of the process (6 KB and 2-3 % of the CPU per transition).
   */
  private readonly pending = new WeakMap<Transaction, Array<() => void>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_CONFIG) config: DatabaseConfig,
  ) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
    this.group = this.serialize && config.sqliteGroupCommit ? new GroupCommit(dataSource) : null;
  }

  run<T>(work: (manager: Transaction) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const answer = options.answers ? answerScope.getStore() : undefined;
    const afterCommit: Array<() => void> = [];
    let done = false;
    const inTransaction = async (manager: EntityManager): Promise<T> => {
      // On SQLite every transaction gets the same manager (one connection), one after the other.
      const tx = transactionOf(manager);
      this.pending.set(tx, afterCommit);
      try {
        const result = await work(tx);
        if (answer && !answer.written) await answer.write(tx, result);
        done = true;
        return result;
      } finally {
        this.pending.delete(tx);
      }
    };
    const transaction = () => this.dataSource.transaction(inTransaction);
    // PostgreSQL cut the connection under the work (a restart, an administrator): it rolled back,
    // so it runs again, once, on a new connection. Work is database work only (what else it does
    // waits for afterCommit), so a second run is the same as a first.
    const again = async (): Promise<T> => {
      afterCommit.length = 0;
      return transaction();
    };
    const onPostgres = () => retried(again, [0], (err) => !done && isDatabaseUnavailable(err));
    const committed = (result: T): T => {
      if (answer) answer.written = true;
      for (const f of afterCommit) f();
      return result;
    };
    // The work was done and the database went away: the COMMIT failed, or its acknowledgement was lost.
    const failed = (err: unknown): never => {
      throw done && isDatabaseUnavailable(err) ? new CommitOutcomeUnknown(err) : err;
    };
    if (!this.serialize) return onPostgres().then(committed, failed);
    if (this.group) return this.group.run(inTransaction).then(committed, failed);
    const turn = this.queue.then(transaction);
    this.queue = turn.catch(() => undefined);
    return turn.then(committed, failed);
  }

  /** Runs `f` after the transaction of `manager` commits; never if it rolls back. Outside one, at once. */
  afterCommit(manager: Transaction, f: () => void): void {
    const pending = this.pending.get(manager);
    if (pending) pending.push(f);
    else f();
  }
}
