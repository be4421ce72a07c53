import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';

/**
 * One page of rows in (`column`, id) order, newest first (DESC) or oldest first (ASC), from just
 * past the row a cursor names; one row more than the page, so that the caller knows whether another
 * page follows. `after.key` is the row's `column` as the database compares it.
 */
export function keysetPage<T extends ObjectLiteral>(
  sql: SelectQueryBuilder<T>,
  alias: string,
  order: 'ASC' | 'DESC',
  after: { key: unknown; id: string } | null,
  limit: number,
  column = 'created_at',
): Promise<T[]> {
  const past = order === 'DESC' ? '<' : '>';
  const key = `${alias}.${column}`;
  if (after) {
    // Names of their own, so that they never take the place of the query's own parameters.
    const keys = { afterKey: after.key, afterId: after.id };
    sql.andWhere(new Brackets((b) => b.where(`${key} ${past} :afterKey`, keys).orWhere(`(${key} = :afterKey AND ${alias}.id ${past} :afterId)`, keys)));
  }
  return sql
    .orderBy(key, order)
    .addOrderBy(`${alias}.id`, order)
    .limit(limit + 1)
    .getMany();
}
