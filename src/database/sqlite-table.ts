import type Database from 'better-sqlite3';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { EntityColumns } from './entity-columns';

/**
 * One entity's table on SQLite, for the few statements on the write path that run often enough to
 * be worth preparing by hand. TypeORM 1.1 writes most values into the SQL text, so nearly each of
 * its calls prepares a new statement; these are prepared once per connection.
 *
 * Values are converted as TypeORM converts them (see EntityColumns): UTC datetime text, JSON text,
 * 0/1 booleans, byte for byte the row TypeORM would write.
 *
 * On better-sqlite3 TypeORM keeps ONE connection for everything: a statement run here is inside
 * whatever transaction the unit of work has open on it.
 */
export class SqliteTable<T extends ObjectLiteral> extends EntityColumns<T> {
  readonly name: string;
  private readonly statements = new Map<string, Database.Statement>();
  /** The SELECTs whose rows come as arrays, each with its hydrator (see rows). */
  private readonly selects = new Map<string, { statement: Database.Statement; hydrate: (values: readonly unknown[]) => T }>();
  private preparedOn: Database.Database | null = null;
  private insertSql?: string;

  constructor(dataSource: DataSource, entity: EntityTarget<T>) {
    super(dataSource, entity);
    this.name = this.metadata.tableName;
  }

  /** The statement for `sql`, prepared on the current connection the first time it is asked for. */
  statement(sql: string): Database.Statement {
    const connection = this.connection();
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = connection.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  /**
   * The entities a SELECT of this table's rows reads. The rows come as arrays of values (raw mode),
   * which costs better-sqlite3 half what an object keyed by column name does; they are hydrated as
   * hydrate() does. Prepared on the current connection the first time, as statement() is.
   */
  rows(sql: string, ...params: unknown[]): T[] {
    const connection = this.connection();
    let select = this.selects.get(sql);
    if (!select) {
      const statement = connection.prepare(sql).raw(true);
      select = { statement, hydrate: this.hydratorOf(statement.columns().map((c) => c.name)) };
      this.selects.set(sql, select);
    }
    return (select.statement.all(...params) as unknown[][]).map(select.hydrate);
  }

  /** The connection, forgetting the statements prepared on another (the driver reconnected). */
  private connection(): Database.Database {
    const connection = sqliteConnection(this.dataSource);
    if (connection !== this.preparedOn) {
      this.statements.clear();
      this.selects.clear();
      this.preparedOn = connection;
    }
    return connection;
  }

  /** INSERT of one entity, every column, with the values TypeORM's insert would write. */
  insert(entity: T): void {
    const columns = this.columns;
    this.insertSql ??= `INSERT INTO "${this.name}" (${columns.map((c) => `"${c.databaseName}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    this.statement(this.insertSql).run(...columns.map((c) => this.storedIn(c, (entity as ObjectLiteral)[c.propertyName])));
  }
}

/** The better-sqlite3 connection TypeORM's driver opened (it opens exactly one). */
export function sqliteConnection(dataSource: DataSource): Database.Database {
  const connection = (dataSource.driver as unknown as { databaseConnection?: Database.Database }).databaseConnection;
  if (!connection) throw new Error('The SQLite connection is not open.');
  return connection;
}

export function onSqlite(dataSource: DataSource): boolean {
  return dataSource.options.type === 'better-sqlite3';
}
