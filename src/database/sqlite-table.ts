import type Database from 'better-sqlite3';
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * One entity's table on SQLite, for the few statements on the write path that run often enough to
 * be worth preparing by hand. TypeORM 1.1 writes most values into the SQL text, so nearly each of
 * its calls prepares a new statement; these are prepared once per connection.
 *
 * Values are converted by TypeORM's own driver (preparePersistentValue / prepareHydratedValue) from
 * the entity's own column metadata, so a row written here is byte for byte the row TypeORM would
 * write (UTC datetime text, JSON text, 0/1 booleans), and reads back identically through either path.
 *
 * On better-sqlite3 TypeORM keeps ONE connection for everything: a statement run here is inside
 * whatever transaction the unit of work has open on it.
 */
export class SqliteTable<T extends ObjectLiteral> {
  readonly name: string;
  private readonly metadata: EntityMetadata;
  private readonly statements = new Map<string, Database.Statement>();
  private preparedOn: Database.Database | null = null;
  private insertSql?: string;

  constructor(private readonly dataSource: DataSource, entity: EntityTarget<T>) {
    this.metadata = dataSource.getMetadata(entity);
    this.name = this.metadata.tableName;
  }

  /** The statement for `sql`, prepared on the current connection the first time it is asked for. */
  statement(sql: string): Database.Statement {
    const connection = sqliteConnection(this.dataSource);
    if (connection !== this.preparedOn) {
      this.statements.clear();
      this.preparedOn = connection;
    }
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = connection.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  /** The quoted column name of a property. */
  column(property: keyof T & string): string {
    return `"${this.columnOf(property).databaseName}"`;
  }

  /** A property's value as TypeORM stores it in this column. */
  stored(property: keyof T & string, value: unknown): unknown {
    const stored = this.dataSource.driver.preparePersistentValue(value, this.columnOf(property));
    return stored === undefined ? null : stored;
  }

  /** INSERT of one entity, every column, with the values TypeORM's insert would write. */
  insert(entity: T): void {
    const columns = this.metadata.columns;
    this.insertSql ??= `INSERT INTO "${this.name}" (${columns.map((c) => `"${c.databaseName}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    this.statement(this.insertSql).run(...columns.map((c) => this.stored(c.propertyName, (entity as ObjectLiteral)[c.propertyName])));
  }

  /** A row as TypeORM would hydrate it into the entity. */
  hydrate(row: Record<string, unknown>): T {
    const entity = this.metadata.create() as T;
    for (const column of this.metadata.columns) {
      (entity as ObjectLiteral)[column.propertyName] = this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column);
    }
    return entity;
  }

  private columnOf(property: string): ColumnMetadata {
    const column = this.metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${this.name} has no column for ${property}`);
    return column;
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
