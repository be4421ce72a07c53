import { Injectable } from '@nestjs/common';
import { setImmediate } from 'node:timers/promises';
import { isNationalRole, type Actor } from '../../machines/roles';
import type { ChainRow } from './audit-chain';
import type { AuditEntry } from './audit-entry.entity';
import type { AuditFilter } from './audit-filter';
import { AuditLogRepository } from './audit-log.repository';
import { planAuditPage, type SeqRange, type StoredFilter } from './audit-page-plan';
import { AuditTimeWindows } from './audit-time-window';

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

  constructor(private readonly log: AuditLogRepository) {
    this.windows = new AuditTimeWindows(log);
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
    for (const walk of planAuditPage(stored, state)) for (const seq of await this.log.walk(walk, stored, range, limit + 1)) found.add(seq);
    const seqs = [...found].sort((a, b) => a - b).slice(0, limit + 1);
    const pageSeqs = seqs.slice(0, limit);
    const items = pageSeqs.length ? await this.log.load(pageSeqs) : [];
    return { items, nextCursor: seqs.length > limit ? pageSeqs[pageSeqs.length - 1] : null };
  }

  /**
   * Every matching entry of `state`, in sequence order, with memory flat however many there are:
   * on SQLite in one pass over a connection of its own (see AuditLogRepository.exportRows), on
   * PostgreSQL a page at a time.
   */
  async *stream(filter: AuditFilter, state: string | null, pageSize = 1000): AsyncGenerator<AuditEntry> {
    if (this.log.exportsApart) {
      const stored = this.filtered(filter);
      const range = await this.rangeOf(filter, stored, 0);
      if (range === null) return;
      yield* this.log.exportRows(planAuditPage(stored, state), stored, range);
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
   * (see AuditLogRepository.chainRange). Between batches the event loop gets a turn: a verify of a
   * million entries takes seconds and must not hold up the requests served meanwhile.
   */
  async *chain(fromSeq: number, toSeq: number, batchSize = 4000): AsyncGenerator<ChainRow[]> {
    let after = fromSeq - 1;
    for (;;) {
      const batch = await this.log.chainRange(after, toSeq, batchSize);
      if (batch.length > 0) yield batch;
      if (batch.length < batchSize) return;
      after = batch[batch.length - 1][0];
      await setImmediate();
    }
  }

  /** The filter as the database compares it: the actor's name in lower case, times as stored. */
  private filtered(f: AuditFilter): StoredFilter {
    return {
      ...f,
      actor: f.actor?.toLowerCase(),
      from: f.from ? this.log.storedTime(f.from) : undefined,
      to: f.to ? this.log.storedTime(f.to) : undefined,
    };
  }

  /** Where the page may come from: after the cursor, within the time window's seqs; null if the window is empty. */
  private async rangeOf(f: AuditFilter, stored: StoredFilter, afterSeq: number): Promise<SeqRange | null> {
    if (!f.from && !f.to) return { after: afterSeq, through: null };
    const window = await this.windows.seqRange(`${f.from?.toISOString()}/${f.to?.toISOString()}`, stored.from, stored.to);
    if (window === null || window.last <= afterSeq) return null;
    return { after: Math.max(afterSeq, window.first - 1), through: window.last };
  }
}
