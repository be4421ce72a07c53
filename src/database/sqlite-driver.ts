import type BetterSqlite3 from 'better-sqlite3';

/**
 * The better-sqlite3 package this process loads, chosen by Node's major version. better-sqlite3 12,
 * built from source here, aborts Node 24 when its statements are finalized at teardown; 13 ships
 * Node-API builds that work on Node 22 and later but crash Node 20 on the first query. package.json
 * carries both (13 under the alias `better-sqlite3-node22`), and everything that opens SQLite
 * (TypeORM through its `driver` option too) takes it from here, so one process never mixes them.
 */
export const SQLITE_DRIVER_PACKAGE = Number(process.versions.node.split('.')[0]) >= 22 ? 'better-sqlite3-node22' : 'better-sqlite3';

// The API the engine uses is the same in both; the types are those of @types/better-sqlite3.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package is chosen at run time, by Node's version
const Database = require(SQLITE_DRIVER_PACKAGE) as typeof BetterSqlite3;
// Lets `Database.Database` name the connection's type, as with the package's own default import.
declare namespace Database {
  type Database = BetterSqlite3.Database;
}

export default Database;
