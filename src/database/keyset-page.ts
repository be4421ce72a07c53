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
    sql.andWhere(
      new Brackets((b) =>
        b.where(`${key} ${past} :key`, { key: after.key }).orWhere(`(${key} = :key AND ${alias}.id ${past} :id)`, { key: after.key, id: after.id }),
      ),
    );
  }
  return sql
    .orderBy(key, order)
    .addOrderBy(`${alias}.id`, order)
    .limit(limit + 1)
    .getMany();
}
