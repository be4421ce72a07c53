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
  const past = order === 'DESC' ? '<' : '>';
  if (after) {
    const { createdAt, id } = after;
    sql.andWhere(
      new Brackets((b) =>
        b
          .where(`${alias}.created_at ${past} :createdAt`, { createdAt })
          .orWhere(`(${alias}.created_at = :createdAt AND ${alias}.id ${past} :id)`, { createdAt, id }),
      ),
    );
  }
  return sql
    .orderBy(`${alias}.created_at`, order)
    .addOrderBy(`${alias}.id`, order)
    .limit(limit + 1)
    .getMany();
}
