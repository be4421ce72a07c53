import type { DataSource, EntityManager } from 'typeorm';
import { forUpdate } from '../database/row-locks';
import { SqliteTable, onSqlite } from '../database/sqlite-table';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditEntry } from './audit-entry.entity';

export const HEAD_ID = 1;

/** The three statements of an append, each inside the caller's transaction (`manager`'s). */
export interface AuditChainRows {
  /**
   * The head row, locked until the transaction ends. On PostgreSQL, SELECT … FOR UPDATE makes every
   * other appender (of any instance) wait here, and under READ COMMITTED it then reads the head as
   * the previous appender committed it: appends form one chain, never a fork or a gap. On SQLite the
   * one writer at a time gives the same. Every transaction takes this lock after its other row locks.
   */
  lockHead(manager: EntityManager): Promise<AuditChainHead | null>;
  insert(manager: EntityManager, entry: AuditEntry): Promise<void>;
  /** Conditional on the head the entry chained to, so that even without the lock a fork could not commit. */
  moveHead(manager: EntityManager, from: AuditChainHead, to: AuditEntry): Promise<boolean>;
}

/** Prepared statements on SQLite (where TypeORM re-prepares nearly every call); TypeORM elsewhere. */
export function auditChainRowsFor(dataSource: DataSource): AuditChainRows {
  return onSqlite(dataSource) ? new SqliteAuditChainRows(dataSource) : new TypeOrmAuditChainRows();
}

class TypeOrmAuditChainRows implements AuditChainRows {
  lockHead(manager: EntityManager): Promise<AuditChainHead | null> {
    return manager.findOne(AuditChainHead, { where: { id: HEAD_ID }, ...forUpdate(manager) });
  }

  async insert(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.insert(AuditEntry, entry);
  }

  async moveHead(manager: EntityManager, from: AuditChainHead, to: AuditEntry): Promise<boolean> {
    const moved = await manager
      .createQueryBuilder()
      .update(AuditChainHead)
      .set({ lastSeq: to.seq, lastHash: to.hash })
      .where('id = :id AND last_seq = :seq AND last_hash = :hash', { id: HEAD_ID, seq: from.lastSeq, hash: from.lastHash })
      .execute();
    return moved.affected === 1;
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

  async insert(_manager: EntityManager, entry: AuditEntry): Promise<void> {
    this.entries.insert(entry);
  }

  async moveHead(_manager: EntityManager, from: AuditChainHead, to: AuditEntry): Promise<boolean> {
    return this.heads.statement(this.moveHeadSql).run(to.seq, to.hash, HEAD_ID, from.lastSeq, from.lastHash).changes === 1;
  }
}
