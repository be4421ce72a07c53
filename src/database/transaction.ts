import type { EntityManager } from 'typeorm';

declare const OPEN_TRANSACTION: unique symbol;

/**
 * A database transaction as services hold it: something to pass along to the repositories that
 * write in it, and to the outbox and the audit, never a handle to query through. Only the data
 * access of a table opens it (managerOf); the lint keeps it so.
 */
export interface Transaction {
  readonly [OPEN_TRANSACTION]: true;
}

/** The transaction's TypeORM manager, for the statements of a repository. */
export function managerOf(tx: Transaction): EntityManager {
  return tx as unknown as EntityManager;
}

/** The handle of a transaction TypeORM runs (UnitOfWork). */
export function transactionOf(manager: EntityManager): Transaction {
  return manager as unknown as Transaction;
}
