import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a piece of work in one database transaction.
 *
 * TypeORM's better-sqlite3 driver shares ONE query runner between all callers, and it nests a second
 * transaction() into a running one as a savepoint. Two requests writing at once would therefore share
 * a transaction, and one's rollback could take the other's audit entry with it. SQLite admits one
 * writer at a time anyway, so transactions here wait their turn; PostgreSQL gets one connection each.
 */
@Injectable()
export class UnitOfWork {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialize) return this.dataSource.transaction(work);
    const turn = this.queue.then(() => this.dataSource.transaction(work));
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
