import type { Database, Statement } from 'better-sqlite3';
import type { EntityMetadata, Repository } from 'typeorm';
import { canonicalBytesOrNull, type ChainRow } from './audit-chain';
import type { AuditEntry } from './audit-entry.entity';
import { CANONICAL_FIELDS } from './audit-hash';
import type { ChainRows } from './chain-rows';

/** How TypeORM stores a datetime on SQLite, as a GLOB pattern. */
const STORED_TIME = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]';

/**
 * The chain on SQLite, with each entry's canonical bytes made by SQLite's own json_array(): one
 * string per row crosses into JavaScript instead of twenty, which is most of the cost of a verify.
 *
 * json_array() writes the same bytes as JSON.stringify() for what these columns hold (integers, and
 * text: the same escapes, \" \\ \b \f \n \r \t and \u00xx, nothing else escaped); the e2e test
 * audit-canonical-bytes compares the two over varied entries. The time is the one field stored in
 * another form: TypeORM writes "YYYY-MM-DD HH:MM:SS.SSS" (UTC) and the bytes hold its ISO form, made
 * here by moving characters. A stored time of another shape (only an edit makes one) gets the bytes
 * of its entity as TypeORM reads it, as before. A time of that shape that is no real date (say
 * February 31st) keeps its own text and so no longer matches its hash: stricter than reading it
 * through a Date, which would have rolled it over to a valid one. Where SQLite refuses a row
 * (json_array() cannot hold a BLOB), the whole range is read through entities.
 */
export class SqliteChainRows implements ChainRows {
  private statement: Statement<[number, number, number], ChainRow> | null = null;

  constructor(private readonly entries: Repository<AuditEntry>) {}

  async range(afterSeq: number, toSeq: number, limit: number): Promise<ChainRow[]> {
    let rows: ChainRow[];
    try {
      // A single synchronous call: it spans no await, so it cannot interleave with another user of the shared connection.
      rows = this.prepared().all(afterSeq, toSeq, limit);
    } catch {
      return chainRowsOfEntities(this.entries, afterSeq, toSeq, limit);
    }
    for (let i = 0; i < rows.length; i++) {
      const [seq, prevHash, hash, bytes] = rows[i];
      if (bytes === null) rows[i] = [seq, prevHash, hash, await this.bytesOfEntity(seq)];
    }
    return rows;
  }

  private async bytesOfEntity(seq: number): Promise<string | null> {
    const entry = await this.entries.findOneBy({ seq });
    return entry && canonicalBytesOrNull(entry);
  }

  private prepared(): Statement<[number, number, number], ChainRow> {
    if (this.statement) return this.statement;
    const db = this.entries.manager.connection.driver as unknown as { databaseConnection: Database };
    this.statement = db.databaseConnection
      .prepare<[number, number, number], ChainRow>(sqliteChainRowsSql(this.entries.metadata))
      .raw(true) as unknown as Statement<[number, number, number], ChainRow>;
    return this.statement;
  }
}

/**
 * The statement SqliteChainRows prepares, as text, for a reader on another connection (the verifier's
 * workers, see audit-parallel-verify.ts): parameters afterSeq, toSeq, limit; rows as ChainRow when read raw.
 */
export function sqliteChainRowsSql(metadata: EntityMetadata): string {
  const column = (field: string) => `"${metadata.findColumnWithPropertyName(field)!.databaseName}"`;
  const time = column('occurredAt');
  const fields = CANONICAL_FIELDS.map((f) => (f === 'occurredAt' ? `substr(${time}, 1, 10) || 'T' || substr(${time}, 12) || 'Z'` : column(f)));
  const table = `"${metadata.tableName}"`;
  const seq = column('seq');
  return (
    `SELECT ${seq}, ${column('prevHash')}, ${column('hash')}, ` +
    `CASE WHEN ${time} GLOB '${STORED_TIME}' THEN json_array(${fields.join(', ')}) END ` +
    `FROM ${table} WHERE ${seq} > ? AND ${seq} <= ? ORDER BY ${seq} LIMIT ?`
  );
}

/** The plain way, through entities, for a range SQLite will not serialise. */
async function chainRowsOfEntities(entries: Repository<AuditEntry>, afterSeq: number, toSeq: number, limit: number): Promise<ChainRow[]> {
  const batch = await entries
    .createQueryBuilder('e')
    .where('e.seq > :afterSeq AND e.seq <= :toSeq', { afterSeq, toSeq })
    .orderBy('e.seq', 'ASC')
    .limit(limit)
    .getMany();
  return batch.map((e) => [e.seq, e.prevHash, e.hash, canonicalBytesOrNull(e)]);
}
