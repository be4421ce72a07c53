import { DataSource } from 'typeorm';

/** A DATABASE_URL whose connections use `schema` (search_path), created beforehand with recreateSchema. */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** The schema that a DATABASE_URL's connections work in. */
async function schemaOf(url: string): Promise<string> {
  return withConnection(url, async (db) => {
    const [row] = await db.query(`SELECT current_schema() AS current, current_setting('search_path') AS path`);
    // current_schema() is null while the first schema of the search path does not exist yet.
    return String(row.current ?? String(row.path).split(',')[0].trim().replace(/^"|"$/g, ''));
  });
}

/** Empties a schema by dropping it with everything in it and making it anew (the demo's reset, the tests' fresh start). */
export async function recreateSchema(url: string, schema?: string): Promise<string> {
  const name = schema ?? (await schemaOf(url));
  await withConnection(url, async (db) => {
    await db.query(`DROP SCHEMA IF EXISTS ${quoted(name)} CASCADE`);
    await db.query(`CREATE SCHEMA ${quoted(name)}`);
  });
  return name;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  await withConnection(url, (db) => db.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`));
}

function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

async function withConnection<T>(url: string, work: (db: DataSource) => Promise<T>): Promise<T> {
  const db = await new DataSource({ type: 'postgres', url, poolSize: 1 }).initialize();
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}
