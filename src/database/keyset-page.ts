import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * One page of rows in (`column`, id) order, newest first (DESC) or oldest first (ASC), from just
 * past the row a cursor names; one row more than the page, so that the caller knows whether another
 * page follows. `after.key` is the row's `column` as the database compares it. The statement, to run
 * (getMany) or to read the plan of.
 */
export function keysetPage<T extends ObjectLiteral>(
  sql: SelectQueryBuilder<T>,
  alias: string,
  order: 'ASC' | 'DESC',
  after: { key: unknown; id: string } | null,
  limit: number,
  column = 'created_at',
): SelectQueryBuilder<T> {
  const past = order === 'DESC' ? '<' : '>';
  const key = `${alias}.${column}`;
  if (after) {
    // Names of their own, so that they never take the place of the query's own parameters. As a row
    // value, which both engines seek in an index of (…, column, id), where an OR of the two
    // comparisons is walked from the start of the range.
    sql.andWhere(`(${key}, ${alias}.id) ${past} (:afterKey, :afterId)`, { afterKey: after.key, afterId: after.id });
  }
  return sql
    .orderBy(key, order)
    .addOrderBy(`${alias}.id`, order)
    .limit(limit + 1);
}

/**
 * One page of a list that several keyset walks serve (each in the list's order of (`keyOf`, id),
 * ascending unless `order` says DESC, `limit` and one more): their rows merged in that order, `limit`
 * and one more.
 */
export async function mergedWalks<T extends ObjectLiteral & { id: string }>(
  walks: SelectQueryBuilder<T>[],
  keyOf: (row: T) => number,
  limit: number,
  order: 'ASC' | 'DESC' = 'ASC',
): Promise<T[]> {
  const pages = await Promise.all(walks.map((walk) => walk.getMany()));
  if (pages.length === 1) return pages[0];
  const direction = order === 'ASC' ? 1 : -1;
  return pages
    .flat()
    .sort((a, b) => direction * (keyOf(a) - keyOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .slice(0, limit + 1);
}
