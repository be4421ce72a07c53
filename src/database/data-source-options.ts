import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';

/** Milliseconds a writer waits for another process's lock on the SQLite file before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

export function dataSourceOptions(config: Pick<AppConfig, 'sqlitePath' | 'databaseUrl'>): DataSourceOptions {
  if (config.databaseUrl) {
    throw new Error('PostgreSQL support (DATABASE_URL) is not built yet; unset DATABASE_URL to use SQLite.');
  }
  mkdirSync(dirname(config.sqlitePath), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: config.sqlitePath,
    entities: ENTITIES,
    migrations: SQLITE_MIGRATIONS,
    migrationsRun: true,
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
