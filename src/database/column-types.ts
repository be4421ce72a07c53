/**
 * Column types that differ between the two engines. The engine is chosen by DATABASE_URL before
 * any entity is loaded, so the decorators can read it once here.
 */
const onPostgres = Boolean(process.env.DATABASE_URL?.trim());

/** UTC instants: timestamptz on PostgreSQL, SQLite's datetime (stored as UTC text) otherwise. */
export const TIMESTAMP = onPostgres ? 'timestamptz' : 'datetime';

/** JSON documents such as machine snapshots. */
export const JSON_DOCUMENT = onPostgres ? 'jsonb' : 'simple-json';
