import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config';
import { useColumnTypesOf } from './column-types';
import { ENTITIES, SUBSCRIBERS } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import Database from './sqlite-driver';

/** Milliseconds a writer waits for another process's lock on the SQLite file before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * WAL pages after which a commit copies the WAL back into the database file (SQLite's default: 1000).
 * That checkpoint runs inside the commit, on the event loop, with two fsyncs. Every 16,000 pages
 * (64 MB) instead: a page written again and again (the chain head, the top of each index) is
 * copied once per checkpoint rather than once per 1000 pages, so checkpoints cost less in all.
 * Measured on applyEvent, one at a time, quiet machine: p99 0.4-0.9 ms instead of 1.3-7 ms,
 * p99.9 1.4-7 ms instead of 15 ms; the price is one longer stall (130-150 ms instead of 15-33 ms)
 * about every 3000 transitions. 4000 pages gave p99.9 35-47 ms and 45-58 ms stalls. A PASSIVE
 * checkpoint from a worker thread did not help (its I/O competes with the commits on 2 cores), and
 * without the automatic checkpoint it never lets the WAL restart under steady writes.
 */
const SQLITE_WAL_AUTOCHECKPOINT_PAGES = 16_000;
/** After a checkpoint restarts the WAL, its file is cut back to this (bytes): no lasting growth. */
const SQLITE_WAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * Where the engine keeps its data: PostgreSQL when DATABASE_URL is set (several instances may share
 * it), else one SQLite file. The entities' column types follow that choice. Migrations are run by
 * runMigrations() at start, under a lock.
 */
export function dataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  useColumnTypesOf(config.databaseUrl ? 'postgres' : 'sqlite', ENTITIES);
  return config.databaseUrl ? postgresOptions(config.databaseUrl, config.poolSize) : sqliteOptions(config.sqlitePath);
}

function postgresOptions(url: string, pool: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    subscribers: SUBSCRIBERS,
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
    driver: Database,
    database: path,
    entities: ENTITIES,
    subscribers: SUBSCRIBERS,
    migrations: SQLITE_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    enableWAL: true,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    // WAL with synchronous=NORMAL survives a process crash; only an OS crash can lose the last commits.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES}`);
      db.pragma(`journal_size_limit = ${SQLITE_WAL_SIZE_LIMIT}`);
    },
  };
}
