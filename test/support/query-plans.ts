import type { DataSource } from 'typeorm';
import { onPostgres } from './test-database';

/**
 * The plan of a statement, for pinning: on SQLite, EXPLAIN QUERY PLAN as the planner sees the tables
 * (the statement's own steps at the top level, a subquery's indented under them); on PostgreSQL,
 * EXPLAIN with sequential scans priced out, and sorts too when `ordered` (an index must serve the
 * order), as a handful of rows would make a sequential scan cheapest.
 */
export async function planOf(dataSource: DataSource, [sql, parameters]: [string, unknown[]], ordered: boolean): Promise<string> {
  if (!onPostgres) {
    const rows = (await dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as Array<{ parent: number; detail: string }>;
    return rows.map((r) => (r.parent === 0 ? r.detail : `  ${r.detail}`)).join('\n');
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SET enable_seqscan = off');
    if (ordered) await runner.query('SET enable_sort = off');
    return ((await runner.query(`EXPLAIN ${sql}`, parameters)) as Array<Record<string, string>>).map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await runner.query('RESET enable_seqscan');
    await runner.query('RESET enable_sort');
    await runner.release();
  }
}
