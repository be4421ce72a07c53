import type { Repository } from 'typeorm';
import type { ChainRow } from './audit-chain';
import type { AuditEntry } from './audit-entry.entity';
import { PostgresChainRows } from './postgres-chain-rows';
import { SqliteChainRows } from './sqlite-chain-rows';

/**
 * Reads the chain for verification: seq, prev_hash, hash and the canonical bytes of each entry, a
 * range at a time, without making an entity of each row (at a million entries, hydration and its
 * garbage cost more than the hashing itself).
 */
export interface ChainRows {
  /** Up to `limit` entries with afterSeq < seq <= toSeq, in sequence order. */
  range(afterSeq: number, toSeq: number, limit: number): Promise<ChainRow[]>;
}

export function chainRowsFor(entries: Repository<AuditEntry>): ChainRows {
  return entries.manager.connection.driver.options.type === 'postgres' ? new PostgresChainRows(entries) : new SqliteChainRows(entries);
}
