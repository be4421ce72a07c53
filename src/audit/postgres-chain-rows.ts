import type { Repository } from 'typeorm';
import { canonicalBytesOrNull, type ChainRow } from './audit-chain';
import type { AuditEntry } from './audit-entry.entity';
import { CANONICAL_FIELDS } from './audit-hash';
import type { ChainRows } from './chain-rows';

/**
 * The chain on PostgreSQL: plain rows (no entities) named like the entity's properties, so the
 * canonical bytes come from canonicalAuditBytes itself. The pg driver reads timestamptz as a Date
 * and integers as numbers, as TypeORM hands them to an entity.
 */
export class PostgresChainRows implements ChainRows {
  private sql: string | null = null;

  constructor(private readonly entries: Repository<AuditEntry>) {}

  async range(afterSeq: number, toSeq: number, limit: number): Promise<ChainRow[]> {
    const rows: AuditEntry[] = await this.entries.manager.query(this.query(), [afterSeq, toSeq, limit]);
    return rows.map((e) => [e.seq, e.prevHash, e.hash, canonicalBytesOrNull(e)]);
  }

  private query(): string {
    if (this.sql) return this.sql;
    const metadata = this.entries.metadata;
    const column = (field: string) => `"${metadata.findColumnWithPropertyName(field)!.databaseName}"`;
    const select = [...CANONICAL_FIELDS, 'hash'].map((f) => `${column(f)} AS "${f}"`).join(', ');
    const seq = column('seq');
    this.sql = `SELECT ${select} FROM "${metadata.tableName}" WHERE ${seq} > $1 AND ${seq} <= $2 ORDER BY ${seq} LIMIT $3`;
    return this.sql;
  }
}
