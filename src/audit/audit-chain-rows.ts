import type { DataSource } from 'typeorm';
import { PostgresStatement, PostgresTable } from '../database/postgres-table';
import { SqliteTable, onSqlite } from '../database/sqlite-table';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditEntry } from './audit-entry.entity';
import { managerOf, type Transaction } from '../database/transaction';

const HEAD_ID = 1;

/** The statements of an append, each inside the caller's transaction (`tx`'s). */
export interface AuditChainRows {
  /**
   * The head row, locked until the transaction ends. On PostgreSQL, SELECT … FOR UPDATE makes every
   * other appender (of any instance) wait here, and under READ COMMITTED it then reads the head as
   * the previous appender committed it: appends form one chain, never a fork or a gap. On SQLite the
   * one writer at a time gives the same. Every transaction takes this lock after its other row locks.
   */
  lockHead(tx: Transaction): Promise<AuditChainHead | null>;
  /**
   * Inserts the entry and moves the head to it, conditional on the head the entry chained to, so
   * that even without the lock a fork could not commit. False if the head had moved: then nothing
   * was written.
   */
  append(tx: Transaction, from: AuditChainHead, entry: AuditEntry): Promise<boolean>;
}

/**
 * Prepared statements on both engines: TypeORM re-prepares nearly every call on SQLite, and has
 * PostgreSQL parse and plan every statement it sends.
 */
export function auditChainRowsFor(dataSource: DataSource): AuditChainRows {
  return onSqlite(dataSource) ? new SqliteAuditChainRows(dataSource) : new PostgresAuditChainRows(dataSource);
}

/**
 * Two round trips under the head's lock before the COMMIT: the SELECT … FOR UPDATE, then one
 * statement that moves the head and inserts the entry only if that move matched (every other
 * appender waits on the lock through each round trip, so these bound the rate of appends).
 */
class PostgresAuditChainRows implements AuditChainRows {
  private readonly heads: PostgresTable<AuditChainHead>;
  private readonly entries: PostgresTable<AuditEntry>;
  private readonly lock: PostgresStatement;
  private readonly appendEntry: PostgresStatement;

  constructor(private readonly dataSource: DataSource) {
    const h = (this.heads = new PostgresTable(dataSource, AuditChainHead));
    const e = (this.entries = new PostgresTable(dataSource, AuditEntry));
    this.lock = new PostgresStatement(`SELECT * FROM ${h.name} WHERE ${h.column('id')} = $1 FOR UPDATE`);
    // In a SELECT list PostgreSQL cannot infer a parameter's type from the column it goes to: each is cast.
    const n = e.columns.length;
    this.appendEntry = new PostgresStatement(
      `WITH moved AS (UPDATE ${h.name} SET ${h.column('lastSeq')} = $${n + 1}, ${h.column('lastHash')} = $${n + 2} ` +
        `WHERE ${h.column('id')} = $${n + 3} AND ${h.column('lastSeq')} = $${n + 4} AND ${h.column('lastHash')} = $${n + 5} RETURNING 1) ` +
        `INSERT INTO ${e.name} (${e.columns.map((c) => `"${c.databaseName}"`).join(', ')}) ` +
        `SELECT ${e.columns.map((c, i) => e.typed(i + 1, c)).join(', ')} FROM moved`,
    );
  }

  async lockHead(tx: Transaction): Promise<AuditChainHead | null> {
    const { rows } = await this.lock.run(this.dataSource, managerOf(tx), [HEAD_ID]);
    return rows[0] ? this.heads.hydrate(rows[0]) : null;
  }

  async append(tx: Transaction, from: AuditChainHead, entry: AuditEntry): Promise<boolean> {
    const values = this.entries.columns.map((c) => this.entries.storedIn(c, entry[c.propertyName as keyof AuditEntry]));
    const result = await this.appendEntry.run(this.dataSource, managerOf(tx), [...values, entry.seq, entry.hash, HEAD_ID, from.lastSeq, from.lastHash]);
    return result.rowCount === 1;
  }
}

/** SQLite has no row locks: the one writer at a time (the unit of work's turn) is the lock. */
class SqliteAuditChainRows implements AuditChainRows {
  private readonly heads: SqliteTable<AuditChainHead>;
  private readonly entries: SqliteTable<AuditEntry>;
  private readonly selectHeadSql: string;
  private readonly moveHeadSql: string;

  constructor(dataSource: DataSource) {
    const h = (this.heads = new SqliteTable(dataSource, AuditChainHead));
    this.entries = new SqliteTable(dataSource, AuditEntry);
    this.selectHeadSql = `SELECT * FROM "${h.name}" WHERE ${h.column('id')} = ?`;
    this.moveHeadSql =
      `UPDATE "${h.name}" SET ${h.column('lastSeq')} = ?, ${h.column('lastHash')} = ? ` +
      `WHERE ${h.column('id')} = ? AND ${h.column('lastSeq')} = ? AND ${h.column('lastHash')} = ?`;
  }

  async lockHead(): Promise<AuditChainHead | null> {
    const row = this.heads.statement(this.selectHeadSql).get(HEAD_ID) as Record<string, unknown> | undefined;
    return row ? this.heads.hydrate(row) : null;
  }

  /** The head first, so that a head moved meanwhile writes nothing at all, as on PostgreSQL. */
  async append(_manager: Transaction, from: AuditChainHead, entry: AuditEntry): Promise<boolean> {
    if (this.heads.statement(this.moveHeadSql).run(entry.seq, entry.hash, HEAD_ID, from.lastSeq, from.lastHash).changes !== 1) return false;
    this.entries.insert(entry);
    return true;
  }
}
