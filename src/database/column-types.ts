import { getMetadataArgsStorage, type ColumnType } from 'typeorm';

/**
 * Column types that differ between the two engines. Decorators run when an entity is first loaded,
 * before any configuration is read, so an entity names SQLite's type (the default engine's) and
 * useColumnTypesOf() turns it into PostgreSQL's when a data source is made for PostgreSQL.
 */
export type Engine = 'sqlite' | 'postgres';

/** UTC instants: timestamptz on PostgreSQL, SQLite's datetime (stored as UTC text) otherwise. */
export const TIMESTAMP = 'datetime' satisfies ColumnType;

/** JSON documents such as machine snapshots: jsonb on PostgreSQL. */
export const JSON_DOCUMENT = 'simple-json' satisfies ColumnType;

const ON_POSTGRES: Readonly<Record<string, ColumnType>> = { [TIMESTAMP]: 'timestamptz', [JSON_DOCUMENT]: 'jsonb' };

/** The type each column was declared with, before any engine's was filled in. */
const declared = new WeakMap<object, ColumnType | undefined>();

/**
 * Gives the declared columns of `entities` the types of `engine`. TypeORM copies a column's type
 * into the data source's own metadata when it initializes, so this must run before that, and a
 * data source made earlier for the other engine keeps its types.
 */
export function useColumnTypesOf(engine: Engine, entities: ReadonlyArray<object>): void {
  const targets = new Set<unknown>(entities);
  for (const column of getMetadataArgsStorage().columns) {
    if (!targets.has(column.target)) continue;
    if (!declared.has(column)) declared.set(column, column.options.type);
    const type = declared.get(column);
    column.options.type = engine === 'postgres' && typeof type === 'string' ? (ON_POSTGRES[type] ?? type) : type;
  }
}
