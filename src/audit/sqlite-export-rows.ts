import Database from '../database/sqlite-driver';
import type { Repository } from 'typeorm';
import type { AuditEntry } from './audit-entry.entity';

/** Page cache of the export's own connection, in KiB. */
const EXPORT_CACHE_KIB = 512;

/**
 * A state's entries on SQLite, in one pass, for an export of any length.
 *
 * Read by pages on the engine's connection, each page was a statement never seen before (TypeORM
 * writes the cursor into the SQL text), prepared, cached and dropped again: SQLite's memory grew
 * with the export and its time went into preparing. Here each walk of the page plan (one per state
 * column, or one for a case or an actor) is one prepared statement iterated to its end, and the walks
 * are merged by seq. An iteration spans the awaits of a slow download, so it runs on a read-only
 * connection of its own (WAL lets it read beside the engine's writer, from one snapshot: the export
 * is the history as it was when it began), closed when the export ends or is abandoned.
 */
/** One walk of the export: a statement whose rows carry the entity's property names, in seq order. */
export interface ExportWalk {
  sql: string;
  parameters: unknown[];
}

export function* sqliteExportRows(entries: Repository<AuditEntry>, walks: ReadonlyArray<ExportWalk>): Generator<AuditEntry> {
  const driver = entries.manager.connection.driver as unknown as { options: { database: string; timeout?: number } };
  const db = new Database(driver.options.database, { readonly: true, fileMustExist: true, timeout: driver.options.timeout });
  const iterators: Array<IterableIterator<AuditEntry>> = [];
  try {
    // better-sqlite3's default page cache is 16 MB a connection; a pass that reads each page once
    // gains nothing from it, and the export would hold that much more.
    db.pragma(`cache_size = -${EXPORT_CACHE_KIB}`);
    // One read transaction for both ranges: the same snapshot, whatever is written meanwhile.
    db.prepare('BEGIN').run();
    const metadata = entries.metadata;
    const time = metadata.findColumnWithPropertyName('occurredAt')!;
    const hydrateTime = (stored: unknown) => entries.manager.connection.driver.prepareHydratedValue(stored, time) as Date;
    for (const walk of walks) iterators.push(db.prepare(walk.sql).iterate(...walk.parameters) as IterableIterator<AuditEntry>);
    const heads = iterators.map((it) => it.next());
    for (;;) {
      // The smallest seq at the head of the ranges; an entry in both ranges (both state columns the same) comes once.
      let next: AuditEntry | null = null;
      for (const head of heads) if (!head.done && (next === null || head.value.seq < next.seq)) next = head.value;
      if (next === null) return;
      for (let i = 0; i < heads.length; i++) if (!heads[i].done && heads[i].value.seq === next.seq) heads[i] = iterators[i].next();
      next.occurredAt = hydrateTime(next.occurredAt);
      yield next;
    }
  } finally {
    // An export abandoned midway leaves its statements open, and a connection closes only without them.
    for (const it of iterators) it.return?.();
    db.close();
  }
}
