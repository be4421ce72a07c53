import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

/** Milliseconds a writer waits for another process's lock on the SQLite file before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Where the engine keeps its data: PostgreSQL when DATABASE_URL is set (several instances may share
 * it), else one SQLite file. Migrations are run by runMigrations() at start, under a lock.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'sqlitePath' | 'databaseUrl'>,
  env: NodeJS.ProcessEnv = process.env,
): DataSourceOptions {
  return config.databaseUrl ? postgresOptions(config.databaseUrl, env) : sqliteOptions(config.sqlitePath);
}

function postgresOptions(url: string, env: NodeJS.ProcessEnv): DataSourceOptions {
  const pool = Number(env.DATABASE_POOL_SIZE || 10);
  if (!Number.isInteger(pool) || pool < 2 || pool > 200) {
    throw new Error(`DATABASE_POOL_SIZE must be a whole number from 2 to 200; it is "${env.DATABASE_POOL_SIZE}".`);
  }
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: POSTGRES_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    // Each transition waits for the audit chain's head row; a pool a little larger than the
    // expected concurrency keeps requests from queueing for a connection instead.
    poolSize: pool,
    connectTimeoutMS: 10_000,
    applicationName: 'compact-case-engine',
  };
}

function sqliteOptions(path: string): DataSourceOptions {
  mkdirSync(dirname(path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: path,
    entities: ENTITIES,
    migrations: SQLITE_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    // WAL with synchronous=NORMAL survives a process crash; only an OS crash can lose the last commits.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
    },
  };
}
