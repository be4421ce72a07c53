import { QueryFailedError } from 'typeorm';

/**
 * Whether a write failed on one particular unique index. SQLite names only the columns in its
 * message ("UNIQUE constraint failed: table.column"); PostgreSQL names the index.
 */
export function isUniqueViolation(err: unknown, index: { name: string; sqliteColumns: string }): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = err.driverError as { code?: unknown; constraint?: unknown; message?: unknown } | undefined;
  if (driverError?.code === '23505') return driverError.constraint === index.name;
  return driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' && String(driverError.message).includes(index.sqliteColumns);
}
