import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';

/**
 * One page of rows in (created_at, id) order, newest first (DESC) or oldest first (ASC), from just
 * past the row a cursor names; one row more than the page, so that the caller knows whether another
 * page follows. `after.createdAt` is the time as the database compares it.
 */
export function keysetPage<T extends ObjectLiteral>(
  sql: SelectQueryBuilder<T>,
  alias: string,
  order: 'ASC' | 'DESC',
  after: { createdAt: unknown; id: string } | null,
  limit: number,
): Promise<T[]> {
  return keysetPageBy(sql, `${alias}.created_at`, alias, order, after && { key: after.createdAt, id: after.id }, limit);
}

/** The same page, in (`column`, id) order: `after.key` is the column's value in the row the cursor names. */
export function keysetPageBy<T extends ObjectLiteral>(
  sql: SelectQueryBuilder<T>,
  column: string,
  alias: string,
  order: 'ASC' | 'DESC',
  after: { key: unknown; id: string } | null,
  limit: number,
): Promise<T[]> {
  const past = order === 'DESC' ? '<' : '>';
  if (after) {
    const { key, id } = after;
    sql.andWhere(
      new Brackets((b) =>
        b
          .where(`${column} ${past} :afterKey`, { afterKey: key })
          .orWhere(`(${column} = :afterKey AND ${alias}.id ${past} :afterId)`, { afterKey: key, afterId: id }),
      ),
    );
  }
  return sql
    .orderBy(column, order)
    .addOrderBy(`${alias}.id`, order)
    .limit(limit + 1)
    .getMany();
}
