import { randomBytes } from 'node:crypto';
import { dropSchema, recreateSchema, urlWithSchema } from '../../src/database/postgres-schema';
import { sleep } from './phase';

/** A query as the pg package takes it; a `name` makes it a prepared statement of that connection. */
interface PgQuery {
  name?: string;
  text: string;
  values?: unknown[];
}

/** The part of the pg package's Client used here (the app ships no types for pg). */
export interface PgClient {
  connect(): Promise<void>;
  query<R = Record<string, unknown>>(query: string | PgQuery, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
  end(): Promise<void>;
}

export async function connectPg(url: string): Promise<PgClient> {
  const { Client } = require('pg') as { Client: new (options: { connectionString: string }) => PgClient };
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

export async function withPg<T>(url: string, work: (db: PgClient) => Promise<T>): Promise<T> {
  const db = await connectPg(url);
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/**
 * A schema of the benchmark's own in the database of DATABASE_URL, made empty at start and dropped
 * at the end: every run starts from the same empty database, whatever ran there before, and leaves
 * nothing behind. `url` is DATABASE_URL with that schema as search_path (what the engine is given).
 */
export async function benchSchema(baseUrl: string, label: string): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `bench_${label}_${randomBytes(3).toString('hex')}`;
  const url = urlWithSchema(baseUrl, schema);
  await recreateSchema(url, schema);
  return { url, schema, drop: () => dropSchema(url, schema) };
}

/** The server's version and the settings that decide what a commit costs, for the report. */
export interface PgSettings {
  version: string;
  fsync: string;
  synchronousCommit: string;
  fullPageWrites: string;
  walLevel: string;
  sharedBuffers: string;
  /** Where the client reaches the server (host:port or a socket directory). */
  host: string;
}

export function pgSettings(url: string): Promise<PgSettings> {
  return withPg(url, async (db) => {
    const show = async (name: string) => (await db.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name];
    const u = new URL(url);
    return {
      version: await show('server_version'),
      fsync: await show('fsync'),
      synchronousCommit: await show('synchronous_commit'),
      fullPageWrites: await show('full_page_writes'),
      walLevel: await show('wal_level'),
      sharedBuffers: await show('shared_buffers'),
      host: u.searchParams.get('host') ?? `${u.hostname}:${u.port || 5432}`,
    };
  });
}

/**
 * The status of each case as the database holds it, once the audit chain's head has stopped moving
 * (the server goes on with requests it had already read when the load generator hung up). On a
 * loaded machine a request can sit in the server's pool queue for over a second, so the head must
 * stay still for a whole second, with no transaction of the engine's open.
 */
export async function settledStatuses(url: string, ids: readonly string[]): Promise<Map<string, string>> {
  return withPg(url, async (db) => {
    let last = -1;
    let still = 0;
    while (still < 4) {
      const seq = Number((await db.query<{ last_seq: number }>('SELECT last_seq FROM audit_chain_head WHERE id = 1')).rows[0].last_seq);
      const busy = Number(
        (
          await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'compact-case-engine' AND state <> 'idle' AND pid <> pg_backend_pid()`,
          )
        ).rows[0].n,
      );
      still = seq === last && busy === 0 ? still + 1 : 0;
      last = seq;
      await sleep(250);
    }
    const rows = (await db.query<{ id: string; status: string }>('SELECT id, status FROM cases WHERE id = ANY($1::text[])', [ids])).rows;
    return new Map(rows.map((r) => [r.id, r.status]));
  });
}
