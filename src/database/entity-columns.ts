import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/** A column's value as read, to its value in the entity. */
type Read = (value: unknown) => unknown;

/** A selectable column: its property, its name in a row, and how its value is read. */
interface ColumnRead {
  property: string;
  name: string;
  read: Read;
}

/** The column types TypeORM's SQLite driver converts as it reads them; it hands back any other type's value as it is. */
const CONVERTED_ON_SQLITE: ReadonlySet<string> = new Set([
  'boolean',
  'datetime',
  'date',
  'time',
  'json',
  'jsonb',
  'simple-json',
  'simple-array',
  'simple-enum',
]);

/** How TypeORM writes a datetime on SQLite: UTC, to the millisecond, a space between date and time. */
const SQLITE_DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;

/**
 * An entity's columns, for statements written by hand. Values are converted by TypeORM's own
 * driver (preparePersistentValue / prepareHydratedValue) from the entity's column metadata, so a
 * row written by hand is the row TypeORM would write, and reads back the same through either path.
 */
export class EntityColumns<T extends ObjectLiteral> {
  protected readonly metadata: EntityMetadata;
  /** The selectable columns and how each is read, worked out once: a case's step reads dozens of rows. */
  protected readonly reads: readonly ColumnRead[];

  constructor(
    protected readonly dataSource: DataSource,
    entity: EntityTarget<T>,
  ) {
    this.metadata = dataSource.getMetadata(entity);
    this.reads = this.metadata.columns.filter((c) => c.isSelect).map((c) => ({ property: c.propertyName, name: c.databaseName, read: this.readerOf(c) }));
  }

  get columns(): ColumnMetadata[] {
    return this.metadata.columns;
  }

  /** The quoted column name of a property. */
  column(property: keyof T & string): string {
    return `"${this.columnOf(property).databaseName}"`;
  }

  /** A property's value as TypeORM stores it in this column. */
  stored(property: keyof T & string, value: unknown): unknown {
    return this.storedIn(this.columnOf(property), value);
  }

  storedIn(column: ColumnMetadata, value: unknown): unknown {
    const stored = this.dataSource.driver.preparePersistentValue(value, column);
    return stored === undefined ? null : stored;
  }

  /**
   * A row (keyed by column name) as TypeORM would hydrate it into the entity: without the columns it
   * reads only when asked (`select: false`), nor those the row's statement did not select.
   */
  hydrate(row: Record<string, unknown>): T {
    const entity = this.metadata.create() as ObjectLiteral;
    for (const { property, name, read } of this.reads) if (name in row) entity[property] = read(row[name]);
    return entity as T;
  }

  /**
   * How to hydrate rows read as arrays of values in the order of `names`, the statement's columns: a
   * column the statement does not select is left out of the entity, as TypeORM's own select leaves it.
   */
  protected hydratorOf(names: readonly string[]): (values: readonly unknown[]) => T {
    const layout = this.reads.map(({ property, name, read }) => ({ property, at: names.indexOf(name), read })).filter(({ at }) => at >= 0);
    return (values) => {
      const entity = this.metadata.create() as ObjectLiteral;
      for (const { property, at, read } of layout) entity[property] = read(values[at]);
      return entity as T;
    };
  }

  /**
   * The driver's own conversion (prepareHydratedValue), except where its result is known without
   * the call: on SQLite, a type it does not convert (the value as it is) and a datetime as TypeORM
   * writes it (the same instant it parses). The general call remains for anything else.
   */
  private readerOf(column: ColumnMetadata): Read {
    const driver = this.dataSource.driver;
    const general: Read = (value) => driver.prepareHydratedValue(value, column);
    if (this.dataSource.options.type !== 'better-sqlite3' || column.transformer || typeof column.type !== 'string') return general;
    if (!CONVERTED_ON_SQLITE.has(column.type)) return (value) => value;
    if (column.type !== 'datetime') return general;
    return (value) => (typeof value === 'string' && SQLITE_DATETIME.test(value) ? new Date(`${value.slice(0, 10)}T${value.slice(11)}Z`) : general(value));
  }

  private columnOf(property: string): ColumnMetadata {
    const column = this.metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${this.metadata.tableName} has no column for ${property}`);
    return column;
  }
}
