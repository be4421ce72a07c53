import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type Repository } from 'typeorm';
import { EntityColumns } from '../database/entity-columns';
import type { ChainRow } from './audit-chain';
import { AuditChainHead } from './audit-chain-head.entity';
import { auditChainRowsFor, type AuditChainRows } from './audit-chain-rows';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditEntry } from './audit-entry.entity';
import { walkStatement, type IndexWalk, type SeqRange, type StoredFilter } from './audit-page-plan';
import type { SignedCheckpoint } from './audit-signer';
import { AuditSql } from './audit-sql';
import { chainRowsFor, type ChainRows } from './chain-rows';
import { sqliteExportRows } from './sqlite-export-rows';
import { managerOf, type Transaction } from '../database/transaction';

const HEAD_ID = 1;

/** What an append did: wrote the entry, or nothing because the head had moved or the entry's seq was taken. */
type Appended = 'appended' | 'head moved' | 'seq taken';

/**
 * Whether a write failed because a row of `table` already has the sequence number written. The
 * append's statements are prepared by hand (better-sqlite3's own error on SQLite) or run through
 * TypeORM (a QueryFailedError around the driver's), so both are unwrapped. The sequence number is
 * the only unique key of the chain's tables.
 */
function isSeqTaken(err: unknown, table: string): boolean {
  const e = (err instanceof QueryFailedError ? err.driverError : err) as { code?: unknown; table?: unknown; message?: unknown } | null;
  if (typeof e !== 'object' || e === null) return false;
  if (e.code === '23505') return e.table === table;
  return typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT') && String(e.message).includes(`${table}.seq`);
}

function checkpointOf(row: AuditCheckpoint): SignedCheckpoint {
  return { seq: row.seq, hash: row.hash, signedAt: row.signedAt.toISOString(), keyId: row.keyId, signature: row.signature };
}

/**
 * Every statement on the audit history: its entries, the chain head and the signed checkpoints. The
 * append and the verifier's reads take the prepared fast paths (AuditChainRows, ChainRows), an export
 * on SQLite a connection of its own (sqliteExportRows); the page walks are written by hand
 * (AuditSql); the rest goes through TypeORM.
 */
@Injectable()
export class AuditLogRepository {
  private readonly chain: AuditChainRows;
  private readonly entryColumns: EntityColumns<AuditEntry>;
  private rows: ChainRows | null = null;

  constructor(
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    @InjectRepository(AuditChainHead) private readonly heads: Repository<AuditChainHead>,
    @InjectRepository(AuditCheckpoint) private readonly checkpoints: Repository<AuditCheckpoint>,
  ) {
    this.chain = auditChainRowsFor(entries.manager.connection);
    this.entryColumns = new EntityColumns(entries.manager.connection, AuditEntry);
  }

  // --- The chain head and the append, in the caller's transaction.

  /** The head row, locked until `tx` ends (see AuditChainRows.lockHead); null if it is missing. */
  lockHead(tx: Transaction): Promise<AuditChainHead | null> {
    return this.chain.lockHead(tx);
  }

  /** Inserts the entry and moves the head to it, only from `head` (see AuditChainRows.append). */
  async append(tx: Transaction, head: AuditChainHead, entry: AuditEntry): Promise<Appended> {
    try {
      return (await this.chain.append(tx, head, entry)) ? 'appended' : 'head moved';
    } catch (err) {
      if (isSeqTaken(err, this.entries.metadata.tableName)) return 'seq taken';
      throw err;
    }
  }

  /** The head as last committed, unlocked. */
  head(): Promise<AuditChainHead> {
    return this.heads.findOneByOrFail({ id: HEAD_ID });
  }

  // --- Entries one by one.

  entry(seq: number): Promise<AuditEntry | null> {
    return this.entries.findOneBy({ seq });
  }

  ofCase(caseId: string): Promise<AuditEntry[]> {
    return this.entries.find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  // --- Pages: the walks of a page plan (audit-page-plan.ts), then the page's entries.

  /** The seqs one walk finds, at most `limit`, in seq order. */
  async walk(walk: IndexWalk, f: StoredFilter, range: SeqRange, limit: number): Promise<number[]> {
    const sql = AuditSql.for(this.entries.manager.connection);
    const statement = walkStatement(sql, walk, f, range, limit);
    return ((await this.entries.query(statement, sql.parameters)) as Array<{ seq: unknown }>).map((row) => Number(row.seq));
  }

  /**
   * The entries of `seqs`, in order. Read as plain rows and typed column by column by the driver's
   * own conversions, as TypeORM would: its general entity builder cost more than the query.
   */
  async load(seqs: number[]): Promise<AuditEntry[]> {
    const sql = AuditSql.for(this.entries.manager.connection);
    const statement = `SELECT * FROM "audit_entries" WHERE "seq" IN (${seqs.map((seq) => sql.param(seq)).join(', ')}) ORDER BY "seq" ASC`;
    const rows = (await this.entries.query(statement, sql.parameters)) as Array<Record<string, unknown>>;
    return rows.map((row) => this.entryColumns.hydrate(row));
  }

  /** A time as the database stores it, for comparisons in hand-built WHERE clauses. */
  storedTime(at: Date): unknown {
    const column = this.entries.metadata.findColumnWithPropertyName('occurredAt')!;
    return this.entries.manager.connection.driver.preparePersistentValue(at, column);
  }

  // --- Time windows (see AuditTimeWindows).

  /** The highest seq written. */
  async lastSeq(): Promise<number> {
    const [row] = (await this.entries.query('SELECT MAX("seq") AS "head" FROM "audit_entries"')) as Array<{ head: unknown }>;
    return Number(row?.head ?? 0);
  }

  /**
   * The lowest and highest seq in (range.after, range.through] of the entries with `from <= occurred_at
   * < to` (times as stored; either bound may be missing), read through `index` (see AuditSql.table).
   */
  async windowSeqs(
    from: unknown,
    to: unknown,
    range: { after: number; through: number },
    index: string | null,
  ): Promise<{ first: number | null; last: number | null }> {
    const sql = AuditSql.for(this.entries.manager.connection);
    const where = [`"seq" > ${sql.param(range.after)}`, `"seq" <= ${sql.param(range.through)}`];
    if (from !== undefined) where.push(`"occurred_at" >= ${sql.param(from)}`);
    if (to !== undefined) where.push(`"occurred_at" < ${sql.param(to)}`);
    // "+ 0" keeps PostgreSQL from answering MIN and MAX by walking the primary key from either end
    // until a row falls in the window, which is a walk of the whole history for a window in its middle.
    const statement = `SELECT MIN("seq" + 0) AS "first", MAX("seq" + 0) AS "last" FROM ${sql.table(index)} WHERE ${where.join(' AND ')}`;
    const [row] = (await this.entries.query(statement, sql.parameters)) as Array<{ first: unknown; last: unknown }>;
    const seq = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    return { first: seq(row?.first), last: seq(row?.last) };
  }

  // --- The export.

  /** Whether an export reads on a connection of its own (SQLite in a file), see exportRows. */
  get exportsApart(): boolean {
    const options = this.entries.manager.connection.driver.options as { type: string; database?: string };
    return options.type === 'better-sqlite3' && !!options.database && options.database !== ':memory:';
  }

  /** Every entry the walks find, whole, in seq order, in one pass on a read-only connection (see sqliteExportRows). */
  exportRows(walks: readonly IndexWalk[], f: StoredFilter, range: SeqRange): Generator<AuditEntry> {
    const columns = this.entries.metadata.columns.map((c) => `"${c.databaseName}" AS "${c.propertyName}"`).join(', ');
    const statements = walks.map((walk) => {
      const sql = AuditSql.for(this.entries.manager.connection);
      return { sql: walkStatement(sql, walk, f, range, null, columns), parameters: sql.parameters };
    });
    return sqliteExportRows(this.entries, statements);
  }

  // --- The verifier's reads.

  /** Up to `limit` rows of the chain with afterSeq < seq <= toSeq, in seq order (see ChainRows). */
  chainRange(afterSeq: number, toSeq: number, limit: number): Promise<ChainRow[]> {
    this.rows ??= chainRowsFor(this.entries);
    return this.rows.range(afterSeq, toSeq, limit);
  }

  // --- Signed checkpoints.

  /** The checkpoint stored at `seq`, read in `tx`. */
  async checkpointAt(tx: Transaction, seq: number): Promise<SignedCheckpoint | null> {
    const row = await managerOf(tx).findOneBy(AuditCheckpoint, { seq });
    return row ? checkpointOf(row) : null;
  }

  /** False when a checkpoint is already stored at its seq: then nothing was written. */
  async insertCheckpoint(tx: Transaction, signed: SignedCheckpoint): Promise<boolean> {
    try {
      await managerOf(tx).insert(AuditCheckpoint, { ...signed, signedAt: new Date(signed.signedAt) });
      return true;
    } catch (err) {
      if (isSeqTaken(err, this.checkpoints.metadata.tableName)) return false;
      throw err;
    }
  }

  async checkpointsBefore(limit: number, beforeSeq?: number): Promise<SignedCheckpoint[]> {
    const query = this.checkpoints.createQueryBuilder('c').orderBy('c.seq', 'DESC').limit(limit);
    if (beforeSeq !== undefined) query.where('c.seq < :beforeSeq', { beforeSeq });
    return (await query.getMany()).map(checkpointOf);
  }

  /** All stored checkpoints with fromSeq <= seq <= toSeq, oldest first, for the verifier. */
  async checkpointsWithin(fromSeq: number, toSeq: number): Promise<SignedCheckpoint[]> {
    const rows = await this.checkpoints
      .createQueryBuilder('c')
      .where('c.seq >= :fromSeq AND c.seq <= :toSeq', { fromSeq, toSeq })
      .orderBy('c.seq', 'ASC')
      .getMany();
    return rows.map(checkpointOf);
  }

  /** The oldest stored checkpoint after `seq`, for the verifier. */
  async checkpointAfter(seq: number): Promise<SignedCheckpoint | null> {
    const row = await this.checkpoints.createQueryBuilder('c').where('c.seq > :seq', { seq }).orderBy('c.seq', 'ASC').limit(1).getOne();
    return row ? checkpointOf(row) : null;
  }
}
