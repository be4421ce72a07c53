import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema, recreateSchema, urlWithSchema } from '../../src/database/postgres-schema';

/**
 * The PostgreSQL server of a run on PostgreSQL (`DATABASE_URL=… npm run test:e2e`), or undefined on
 * SQLite. Each test database gets a schema of its own there, so suites may run in parallel workers.
 */
const POSTGRES = process.env.DATABASE_URL?.trim() || undefined;

export const onPostgres = POSTGRES !== undefined;

/** The schema of the test database whose files are in `dir`: named after the folder, so it needs no bookkeeping. */
function schemaFor(dir: string): string {
  return `e2e_${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`;
}

/** A new folder for a test database's files and, on PostgreSQL, an empty schema named after it. */
export async function freshTestDir(prefix: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (POSTGRES) await recreateSchema(POSTGRES, schemaFor(dir));
  return dir;
}

/** Where the database of `dir` is, as the app's settings name it. */
export function databaseEnv(dir: string): { SQLITE_PATH: string; DATABASE_URL?: string } {
  return {
    SQLITE_PATH: join(dir, 'test.sqlite'),
    ...(POSTGRES ? { DATABASE_URL: urlWithSchema(POSTGRES, schemaFor(dir)) } : {}),
  };
}

/** Drops the schema of `dir`, if any, and removes its files. */
export async function removeTestDir(dir: string): Promise<void> {
  if (POSTGRES) await dropSchema(POSTGRES, schemaFor(dir));
  rmSync(dir, { recursive: true, force: true });
}

/** Raw SQL written with `?` placeholders, for either engine (PostgreSQL numbers them: $1, $2 …). */
export function portableSql(sql: string): string {
  let n = 0;
  return onPostgres ? sql.replace(/\?/g, () => `$${++n}`) : sql;
}
