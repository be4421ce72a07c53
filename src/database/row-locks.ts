import type { EntityManager } from 'typeorm';

type LockOption = { lock?: { mode: 'pessimistic_read' | 'pessimistic_write' } };

/**
 * Row locks for reads that a transaction's writes depend on. PostgreSQL needs them (READ COMMITTED
 * lets another instance change a row between our read and our commit); SQLite has one writer at a
 * time already, and TypeORM refuses lock modes there.
 */
export function forUpdate(manager: EntityManager): LockOption {
  return onPostgres(manager) ? { lock: { mode: 'pessimistic_write' } } : {};
}

export function forShare(manager: EntityManager): LockOption {
  return onPostgres(manager) ? { lock: { mode: 'pessimistic_read' } } : {};
}

export function onPostgres(manager: EntityManager): boolean {
  return manager.connection.options.type === 'postgres';
}
