import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * An entity's columns, for statements written by hand. Values are converted by TypeORM's own
 * driver (preparePersistentValue / prepareHydratedValue) from the entity's column metadata, so a
 * row written by hand is the row TypeORM would write, and reads back the same through either path.
 */
export class EntityColumns<T extends ObjectLiteral> {
  protected readonly metadata: EntityMetadata;

  constructor(
    protected readonly dataSource: DataSource,
    entity: EntityTarget<T>,
  ) {
    this.metadata = dataSource.getMetadata(entity);
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

  /** A row (keyed by column name) as TypeORM would hydrate it into the entity: without the columns it reads only when asked (`select: false`). */
  hydrate(row: Record<string, unknown>): T {
    const entity = this.metadata.create() as T;
    for (const column of this.metadata.columns) {
      if (!column.isSelect) continue;
      (entity as ObjectLiteral)[column.propertyName] = this.dataSource.driver.prepareHydratedValue(row[column.databaseName], column);
    }
    return entity;
  }

  private columnOf(property: string): ColumnMetadata {
    const column = this.metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${this.metadata.tableName} has no column for ${property}`);
    return column;
  }
}
