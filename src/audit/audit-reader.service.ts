import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { setImmediate } from 'node:timers/promises';
import { Repository } from 'typeorm';
import { isNationalRole, type Actor } from '../../machines/roles';
import { EntityColumns } from '../database/entity-columns';
import type { ChainRow } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import type { AuditFilter } from './audit-filter';
import { planAuditPage, walkStatement, type SeqRange, type StoredFilter } from './audit-page-plan';
import { AuditSql } from './audit-sql';
import { AuditTimeWindows } from './audit-time-window';
import { chainRowsFor, type ChainRows } from './chain-rows';
import { sqliteExportRows } from './sqlite-export-rows';

export interface AuditSlice {
  items: AuditEntry[];
  /** Sequence number to continue after, or null at the end. */
  nextCursor: number | null;
}

/**
 * Whose entries an auditor reads: those of their state, or (null) every entry, the ones that
 * belong to no state included, for the Commission's national auditors.
 */
export function auditScopeOf(actor: Pick<Actor, 'role' | 'state'>): string | null {
  return isNationalRole(actor.role) ? null : actor.state;
}

/** Reads the history in sequence order, by keyset, within the states an auditor may see. */
@Injectable()
export class AuditReader {
  private readonly windows: AuditTimeWindows;
  private readonly entryColumns: EntityColumns<AuditEntry>;
  private rows: ChainRows | null = null;

  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {
    this.windows = new AuditTimeWindows(entries.manager.connection);
    this.entryColumns = new EntityColumns(entries.manager.connection, AuditEntry);
  }

  /**
   * One page of the entries of `state` (null: of every state, see auditScopeOf) after `afterSeq`. Each walk of the plan (audit-page-plan.ts)
   * is an index range in seq order that stops at `limit + 1` matches, bounded by the time window's
   * seqs when there is one; the walks' seqs are merged, and only the page's entries are then loaded.
   */
  async page(filter: AuditFilter, state: string | null, limit: number, afterSeq = 0): Promise<AuditSlice> {
    const stored = this.filtered(filter);
    const range = await this.rangeOf(filter, stored, afterSeq);
    if (range === null) return { items: [], nextCursor: null };
    const found = new Set<number>();
    for (const walk of planAuditPage(stored, state)) {
      const sql = AuditSql.for(this.entries.manager.connection);
      const statement = walkStatement(sql, walk, stored, range, limit + 1);
      for (const row of (await this.entries.query(statement, sql.parameters)) as Array<{ seq: unknown }>) found.add(Number(row.seq));
    }
    const seqs = [...found].sort((a, b) => a - b).slice(0, limit + 1);
    const pageSeqs = seqs.slice(0, limit);
    const items = pageSeqs.length ? await this.load(pageSeqs) : [];
    return { items, nextCursor: seqs.length > limit ? pageSeqs[pageSeqs.length - 1] : null };
  }

  /**
   * Every matching entry of `state`, in sequence order, with memory flat however many there are:
   * on SQLite in one pass over a connection of its own (see sqliteExportRows), on PostgreSQL a page
   * at a time.
   */
  async *stream(filter: AuditFilter, state: string | null, pageSize = 1000): AsyncGenerator<AuditEntry> {
    const database = (this.entries.manager.connection.driver.options as { database?: string }).database;
    if (this.entries.manager.connection.driver.options.type === 'better-sqlite3' && database && database !== ':memory:') {
      const stored = this.filtered(filter);
      const range = await this.rangeOf(filter, stored, 0);
      if (range === null) return;
      const columns = this.entries.metadata.columns.map((c) => `"${c.databaseName}" AS "${c.propertyName}"`).join(', ');
      const walks = planAuditPage(stored, state).map((walk) => {
        const sql = AuditSql.for(this.entries.manager.connection);
        return { sql: walkStatement(sql, walk, stored, range, null, columns), parameters: sql.parameters };
      });
      yield* sqliteExportRows(this.entries, walks);
      return;
    }
    let after = 0;
    for (;;) {
      const { items, nextCursor } = await this.page(filter, state, pageSize, after);
      yield* items;
      if (nextCursor === null) return;
      after = nextCursor;
    }
  }

  /**
   * The whole chain (no scope, no filter) from fromSeq to toSeq, in batches of rows for verification
   * (see ChainRows). Between batches the event loop gets a turn: a verify of a million entries takes
   * seconds and must not hold up the requests served meanwhile.
   */
  async *chain(fromSeq: number, toSeq: number, batchSize = 4000): AsyncGenerator<ChainRow[]> {
    this.rows ??= chainRowsFor(this.entries);
    let after = fromSeq - 1;
    for (;;) {
      const batch = await this.rows.range(after, toSeq, batchSize);
      if (batch.length > 0) yield batch;
      if (batch.length < batchSize) return;
      after = batch[batch.length - 1][0];
      await setImmediate();
    }
  }

  findBySeq(seq: number): Promise<AuditEntry | null> {
    return this.entries.findOneBy({ seq });
  }

  /**
   * The entries of `seqs`, in order. Read as plain rows and typed column by column by the driver's
   * own conversions, as TypeORM would: its general entity builder cost more than the query.
   */
  private async load(seqs: number[]): Promise<AuditEntry[]> {
    const sql = AuditSql.for(this.entries.manager.connection);
    const statement = `SELECT * FROM "audit_entries" WHERE "seq" IN (${seqs.map((seq) => sql.param(seq)).join(', ')}) ORDER BY "seq" ASC`;
    const rows = (await this.entries.query(statement, sql.parameters)) as Array<Record<string, unknown>>;
    return rows.map((row) => this.entryColumns.hydrate(row));
  }

  /** The filter as the database compares it: the actor's name in lower case, times as stored. */
  private filtered(f: AuditFilter): StoredFilter {
    return {
      ...f,
      actor: f.actor?.toLowerCase(),
      from: f.from ? this.stored(f.from) : undefined,
      to: f.to ? this.stored(f.to) : undefined,
    };
  }

  /** Where the page may come from: after the cursor, within the time window's seqs; null if the window is empty. */
  private async rangeOf(f: AuditFilter, stored: StoredFilter, afterSeq: number): Promise<SeqRange | null> {
    if (!f.from && !f.to) return { after: afterSeq, through: null };
    const window = await this.windows.seqRange(`${f.from?.toISOString()}/${f.to?.toISOString()}`, stored.from, stored.to);
    if (window === null || window.last <= afterSeq) return null;
    return { after: Math.max(afterSeq, window.first - 1), through: window.last };
  }

  /** A time as the database stores it, for comparisons in hand-built WHERE clauses. */
  private stored(at: Date): unknown {
    const column = this.entries.metadata.findColumnWithPropertyName('occurredAt')!;
    return this.entries.manager.connection.driver.preparePersistentValue(at, column);
  }
}
