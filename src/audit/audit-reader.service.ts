import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { setImmediate } from 'node:timers/promises';
import { Repository, type SelectQueryBuilder } from 'typeorm';
import type { ChainRow } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import type { AuditFilter } from './audit-filter';
import { chainRowsFor, type ChainRows } from './chain-rows';
import { sqliteExportRows } from './sqlite-export-rows';

export interface AuditSlice {
  items: AuditEntry[];
  /** Sequence number to continue after, or null at the end. */
  nextCursor: number | null;
}

const SCOPE_COLUMNS = ['primary_state', 'secondary_state'] as const;

/** Reads the history in sequence order, by keyset, within the states an auditor may see. */
@Injectable()
export class AuditReader {
  private rows: ChainRows | null = null;

  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /**
   * One page of the entries of `state` after `afterSeq`. An entry belongs to a state through either
   * of two indexed columns; each is read as its own seq-ordered range and the two are merged, which
   * stays a few index steps however long the history grows (an OR would scan).
   */
  async page(filter: AuditFilter, state: string, limit: number, afterSeq = 0): Promise<AuditSlice> {
    const ranges = [];
    for (const column of SCOPE_COLUMNS) {
      const query = this.filtered(filter, afterSeq)
        .andWhere(`e.${column} = :state`, { state })
        .orderBy('e.seq', 'ASC')
        .limit(limit + 1);
      ranges.push(await query.getMany());
    }
    const merged = ranges.flat().sort((a, b) => a.seq - b.seq).slice(0, limit + 1);
    const items = merged.slice(0, limit);
    return { items, nextCursor: merged.length > limit ? items[items.length - 1].seq : null };
  }

  /**
   * Every matching entry of `state`, in sequence order, with memory flat however many there are:
   * on SQLite in one pass over a connection of its own (see sqliteExportRows), on PostgreSQL a page
   * at a time.
   */
  async *stream(filter: AuditFilter, state: string, pageSize = 1000): AsyncGenerator<AuditEntry> {
    const database = (this.entries.manager.connection.driver.options as { database?: string }).database;
    if (this.entries.manager.connection.driver.options.type === 'better-sqlite3' && database && database !== ':memory:') {
      const ranges = SCOPE_COLUMNS.map((column) => this.filtered(filter, 0).andWhere(`e.${column} = :state`, { state }).orderBy('e.seq', 'ASC'));
      yield* sqliteExportRows(this.entries, ranges);
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

  private filtered(f: AuditFilter, afterSeq: number): SelectQueryBuilder<AuditEntry> {
    const q = this.entries.createQueryBuilder('e').where('e.seq > :afterSeq', { afterSeq });
    if (f.caseId) q.andWhere('e.case_id = :caseId', { caseId: f.caseId });
    if (f.actor) q.andWhere('e.actor_username = :actor', { actor: f.actor.toLowerCase() });
    if (f.action) q.andWhere('e.action = :action', { action: f.action });
    if (f.outcome) q.andWhere('e.outcome = :outcome', { outcome: f.outcome });
    if (f.from) q.andWhere('e.occurred_at >= :from', { from: this.stored(f.from) });
    if (f.to) q.andWhere('e.occurred_at < :to', { to: this.stored(f.to) });
    return q;
  }

  /** A time as the database stores it, for comparisons in hand-built WHERE clauses. */
  private stored(at: Date): unknown {
    const column = this.entries.metadata.findColumnWithPropertyName('occurredAt')!;
    return this.entries.manager.connection.driver.preparePersistentValue(at, column);
  }
}
