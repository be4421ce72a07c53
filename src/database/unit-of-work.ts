import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { answerScope } from './answer-scope';

export interface RunOptions {
  /**
   * What this transaction returns is the request's answer: a request with an Idempotency-Key
   * stores it in the same transaction (see answer-scope.ts).
   */
  answers?: boolean;
}

/** Work to do once the transaction it was asked for in has committed (counters, nudges). */
const afterCommitScope = new AsyncLocalStorage<Array<() => void>>();

/**
 * Runs a piece of work in one database transaction.
 *
 * TypeORM's better-sqlite3 driver shares ONE query runner between all callers, and it nests a second
 * transaction() into a running one as a savepoint. Two requests writing at once would therefore share
 * a transaction, and one's rollback could take the other's audit entry with it. SQLite admits one
 * writer at a time anyway, so transactions here wait their turn; PostgreSQL gets one connection each
 * (READ COMMITTED; what must not change under a transaction is locked or updated conditionally).
 */
@Injectable()
export class UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>, options: RunOptions = {}): Promise<T> {
    const answer = options.answers ? answerScope.getStore() : undefined;
    const afterCommit: Array<() => void> = [];
    const transaction = () =>
      this.dataSource.transaction((manager) =>
        afterCommitScope.run(afterCommit, async () => {
          const result = await work(manager);
          if (answer && !answer.written) await answer.write(manager, result);
          return result;
        }),
      );
    const committed = (result: T): T => {
      if (answer) answer.written = true;
      for (const f of afterCommit) f();
      return result;
    };
    if (!this.serialize) return transaction().then(committed);
    const turn = this.queue.then(transaction);
    this.queue = turn.catch(() => undefined);
    return turn.then(committed);
  }

  /** Runs `f` after the current transaction commits; never if it rolls back. Outside one, at once. */
  afterCommit(f: () => void): void {
    const pending = afterCommitScope.getStore();
    if (pending) pending.push(f);
    else f();
  }
}
