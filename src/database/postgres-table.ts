import { createHash } from 'node:crypto';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { EntityColumns } from './entity-columns';

/** What this file uses of node-postgres (the engine has no @types/pg). */
interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>;
}

export interface PostgresResult {
  rows: Record<string, unknown>[];
  rowCount: number;
}

/**
 * One fixed statement of the write path, sent as a named prepared statement: node-postgres parses
 * it once per connection and afterwards sends only Bind/Execute, so PostgreSQL neither parses nor
 * plans it again. (TypeORM sends unnamed statements: parsed and planned on every call.)
 *
 * The name is derived from the text, so two texts never share a name (node-postgres refuses that)
 * and the same text, from any instance of this class, reuses the connection's statement.
 */
export class PostgresStatement {
  readonly name: string;

  constructor(readonly text: string) {
    this.name = `cce_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
  }

  /**
   * Runs inside `manager`'s transaction when it has one (on the very connection TypeORM holds for
   * it), otherwise on a connection of the pool. Errors are TypeORM's QueryFailedError, as for
   * every other query of the engine.
   */
  async run(dataSource: DataSource, manager: EntityManager | null, values: unknown[]): Promise<PostgresResult> {
    const client = await connectionFor(dataSource, manager);
    try {
      const result = await client.query({ name: this.name, text: this.text, values });
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (err) {
      throw new QueryFailedError(this.text, values, err as Error);
    }
  }
}

/** The pg client of the transaction's query runner, or the pool (which lends a client per query). */
async function connectionFor(dataSource: DataSource, manager: EntityManager | null): Promise<PgQueryable> {
  const runner = manager?.queryRunner;
  if (runner) {
    // The runner's connect() answers the client it already holds for its transaction. Released
    // before its transaction ended, it lost its connection (see isDatabaseUnavailable).
    if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
    return (await runner.connect()) as PgQueryable;
  }
  return (dataSource.driver as unknown as { master: PgQueryable }).master;
}

/**
 * One entity's table on PostgreSQL, for the few statements of the write path sent as prepared
 * statements. Values are converted as TypeORM converts them (see EntityColumns) and go through the
 * same node-postgres serialisation as TypeORM's queries: timestamptz from the same Date, jsonb from
 * the same JSON text.
 */
export class PostgresTable<T extends ObjectLiteral> extends EntityColumns<T> {
  /** The quoted table name. */
  readonly name: string;

  constructor(dataSource: DataSource, entity: EntityTarget<T>) {
    super(dataSource, entity);
    this.name = `"${this.metadata.tableName}"`;
  }

  /** A parameter cast to its column's type, for where PostgreSQL cannot infer it (a SELECT list). */
  typed(index: number, column: ColumnMetadata): string {
    return `$${index}::${this.dataSource.driver.normalizeType(column)}`;
  }
}
