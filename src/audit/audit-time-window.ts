import type { DataSource } from 'typeorm';
import { AuditSql } from './audit-sql';

/** The first and last seq of the entries of a time window, among the entries up to `checkedThrough`. */
interface WindowSeqs {
  first: number | null;
  last: number | null;
  checkedThrough: number;
}

/** How many windows are remembered: an auditor pages through a few at a time. */
const REMEMBERED = 256;

/**
 * Turns a time window into the stretch of seqs that holds all of its entries, so that a page walks
 * that stretch instead of a state's whole history.
 *
 * Seq order and time order agree only while every appender's clock runs forward: an append stamps
 * the Clock's time under the chain head's lock, so one instance's clock stepping back (an NTP step) or
 * two PostgreSQL instances whose clocks differ would put a later entry before an earlier one in
 * time. So the stretch is not guessed from the window's first entry in time: it is the exact lowest
 * and highest seq among the window's entries, read from the (occurred_at, seq) index alone. That
 * costs a walk of the window's part of the index (every state's entries) once; entries never
 * change, so the answer is remembered and later only topped up with the entries appended since.
 */
export class AuditTimeWindows {
  private readonly known = new Map<string, WindowSeqs>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The seqs between which every entry with `from <= occurred_at < to` lies (either bound may be
   * missing), or null when the window holds no entry. Times are given as the database stores them.
   */
  async seqRange(key: string, from: unknown, to: unknown): Promise<{ first: number; last: number } | null> {
    const head = await this.headSeq();
    let seqs = this.known.get(key);
    if (!seqs) {
      seqs = await this.scan(from, to, { after: 0, through: head }, 'idx_audit_occurred_at_seq');
    } else if (seqs.checkedThrough < head) {
      // The entries appended since, by primary key: a window in the past usually gets none of them.
      const added = await this.scan(from, to, { after: seqs.checkedThrough, through: head }, null);
      seqs = { first: seqs.first ?? added.first, last: added.last ?? seqs.last, checkedThrough: head };
    }
    this.remember(key, seqs);
    return seqs.first === null || seqs.last === null ? null : { first: seqs.first, last: seqs.last };
  }

  private async scan(from: unknown, to: unknown, range: { after: number; through: number }, index: string | null): Promise<WindowSeqs> {
    const sql = AuditSql.for(this.dataSource);
    const where = [`"seq" > ${sql.param(range.after)}`, `"seq" <= ${sql.param(range.through)}`];
    if (from !== undefined) where.push(`"occurred_at" >= ${sql.param(from)}`);
    if (to !== undefined) where.push(`"occurred_at" < ${sql.param(to)}`);
    // "+ 0" keeps PostgreSQL from answering MIN and MAX by walking the primary key from either end
    // until a row falls in the window, which is a walk of the whole history for a window in its middle.
    const statement = `SELECT MIN("seq" + 0) AS "first", MAX("seq" + 0) AS "last" FROM ${sql.table(index)} WHERE ${where.join(' AND ')}`;
    const [row] = (await this.dataSource.query(statement, sql.parameters)) as Array<{ first: unknown; last: unknown }>;
    const seq = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return { first: seq(row?.first), last: seq(row?.last), checkedThrough: range.through };
  }

  private async headSeq(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT MAX("seq") AS "head" FROM "audit_entries"')) as Array<{ head: unknown }>;
    return Number(row?.head ?? 0);
  }

  private remember(key: string, seqs: WindowSeqs): void {
    this.known.delete(key);
    this.known.set(key, seqs);
    if (this.known.size > REMEMBERED) this.known.delete(this.known.keys().next().value!);
  }
}
