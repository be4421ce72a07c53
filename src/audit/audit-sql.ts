import type { DataSource } from 'typeorm';

/** The highest seq there can be: the column is a 32-bit integer on PostgreSQL. */
const LAST_SEQ = 2_147_483_647;

/**
 * A statement on audit_entries written by hand, for the two engines: the parameters' placeholders
 * differ, and only SQLite takes an index hint.
 */
export class AuditSql {
  private readonly values: unknown[] = [];

  constructor(private readonly engine: 'sqlite' | 'postgres') {}

  static for(dataSource: DataSource): AuditSql {
    return new AuditSql(dataSource.options.type === 'postgres' ? 'postgres' : 'sqlite');
  }

  /** A placeholder for `value`. */
  param(value: unknown): string {
    this.values.push(value);
    return this.engine === 'postgres' ? `$${this.values.length}` : '?';
  }

  /**
   * The table, walked through `index` on SQLite. SQLite's planner, without statistics, walks a
   * state's whole range for a case or an action filter, and with them it may walk the primary key
   * instead; INDEXED BY pins the plan the page was designed for (and fails loudly if the index is
   * gone). `null` keeps SQLite off every index but the primary key. PostgreSQL has no hints; its
   * statistics (ANALYZE, autovacuum) lead it to the same indexes.
   */
  table(index: string | null): string {
    if (this.engine === 'postgres') return '"audit_entries"';
    return index === null ? '"audit_entries" NOT INDEXED' : `"audit_entries" INDEXED BY "${index}"`;
  }

  /**
   * The part of an index (keys…, seq) whose keys have these values and whose seq is in
   * (after, through], and the ORDER BY that walks it in seq order.
   *
   * Plainly "key = value AND seq > after AND seq <= through ORDER BY seq", except on PostgreSQL
   * when the range runs to the end of the history. PostgreSQL drops a column from an ORDER BY once
   * "=" fixes it, and then likes to walk the primary key in seq order and filter, guessing that
   * matches are spread evenly: for an actor or an action of which the state's history holds little
   * after the cursor, that walks the whole rest of the history. So there the last key goes with seq
   * as a row value, (key, seq) > (value, after) AND (key, seq) <= (value, LAST_SEQ), ordered by
   * (key, seq): only the intended index yields that order, whatever the statistics say. (The row
   * value stops a PostgreSQL 15 scan at the end of the key, not at a seq; a bounded range keeps the
   * plain form, where any plan stays within the bound.) SQLite, held to the index by INDEXED BY,
   * seeks the plain form exactly.
   */
  indexRange(keys: ReadonlyArray<readonly [column: string, value: unknown]>, after: number, through: number | null): { where: string[]; orderBy: string } {
    if (this.engine === 'sqlite' || through !== null || keys.length === 0) {
      const where = keys.map(([column, value]) => `"${column}" = ${this.param(value)}`);
      where.push(`"seq" > ${this.param(after)}`);
      if (through !== null) where.push(`"seq" <= ${this.param(through)}`);
      return { where, orderBy: '"seq" ASC' };
    }
    const where = keys.slice(0, -1).map(([column, value]) => `"${column}" = ${this.param(value)}`);
    const [column, value] = keys[keys.length - 1];
    const walked = `("${column}", "seq")`;
    where.push(`${walked} > (${this.param(value)}, ${this.param(after)})`, `${walked} <= (${this.param(value)}, ${LAST_SEQ})`);
    return { where, orderBy: `"${column}" ASC, "seq" ASC` };
  }

  get parameters(): unknown[] {
    return this.values;
  }
}
