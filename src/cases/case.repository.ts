import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type QueryDeepPartialEntity, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { CaseStatus, CompactDate, Jurisdiction, TimeLimit } from '../../machines';
import { forShare, forUpdate, onPostgres } from '../database/row-locks';
import { decodeCaseListCursor, type CaseSort } from './case-cursor';
import { caseRowsFor, type CaseRows } from './case-rows';
import { exactNumberOf, hasSearchWords, sqliteCaseMatch } from './case-search';
import { onSqlite } from '../database/sqlite-table';
import { visibleCasesSql } from './case-visibility';
import { SupervisionCase } from './case.entity';
import { managerOf, type Transaction } from '../database/transaction';

/** One page of a state's cases, by the filters of GET /cases. */
export interface CaseQuery {
  state: Jurisdiction;
  status?: CaseStatus;
  side?: 'sending' | 'receiving';
  /** The start of words of the offender's name, or of the case number or offender number (case-search.ts). */
  q?: string;
  sort: CaseSort;
  cursor?: string;
  limit: number;
}

/** The earliest open deadline of a case, its activities' included: what falls due next. */
export interface NextDue {
  deadlineId: string;
  dueOn: CompactDate;
  rule: string;
  limit: TimeLimit;
}

/** A case of the list, with what falls due next on it (null: no deadline is open). */
export interface ListedCase {
  case: SupervisionCase;
  nextDue: NextDue | null;
  /** Found by a search whose text is its case number or offender number, whole: such cases come first. */
  exact: boolean;
}

/** After every Eastern date: cases with no open deadline come last in the `due` order (the stored next_due_on of such a case). */
const NO_DUE_DATE = '9999-12-31';

/**
 * A column of a case's earliest open deadline, the one its stored next_due_id names (kept by the
 * deadlines' triggers: case.entity.ts), looked up by primary key for the rows of the page only.
 */
const nextDueSql = (column: 'rule' | 'time_limit'): string => `(SELECT d.${column} FROM deadlines d WHERE d.id = c.next_due_id)`;

/** Each order's key, as SQL, and its direction; ties by the case id, the same way. Each side has an index of (state, key, id) and (state, status, key, id). */
const ORDERS: Record<CaseSort, { key: string; order: 'ASC' | 'DESC' }> = {
  updated: { key: 'c.updated_at', order: 'DESC' },
  due: { key: 'c.next_due_on', order: 'ASC' },
};

/** Up to how many matches of a search PostgreSQL fetches by their ids (CaseRepository.walks). */
const FEW_MATCHES = 2000;
const FEW_MATCHES_SQL = `SELECT s.case_id FROM case_search s WHERE s.document @@ case_search_query($1) LIMIT ${FEW_MATCHES + 1}`;

/** A search's first band (0): the cases whose case number or offender number is the search text itself. */
const EXACT_FIRST = 'CASE WHEN LOWER(c.case_number) = :exactNumber OR LOWER(c.offender_id) = :exactNumber THEN 0 ELSE 1 END';

/** Cases of the walks of both sides, in the list's order `sort`, as the database orders them: by the key, then by id. */
function inListOrder(cases: ListedCase[], sort: CaseSort): ListedCase[] {
  const keyOf = (l: ListedCase): number | string => (sort === 'updated' ? l.case.updatedAt.getTime() : (l.case.nextDueOn ?? NO_DUE_DATE));
  const direction = ORDERS[sort].order === 'DESC' ? -1 : 1;
  const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  const unique = [...new Map(cases.map((l) => [l.case.id, l])).values()];
  return unique.sort((a, b) => direction * (compare(keyOf(a), keyOf(b)) || compare(a.case.id, b.case.id)));
}

/**
 * Every statement on the cases table. A transition's read and conditional write take the prepared
 * fast paths of CaseRows; the rest goes through TypeORM.
 */
@Injectable()
export class CaseRepository {
  private readonly rows: CaseRows;

  constructor(@InjectRepository(SupervisionCase) private readonly cases: Repository<SupervisionCase>) {
    this.rows = caseRowsFor(cases);
  }

  find(id: string): Promise<SupervisionCase | null> {
    return this.rows.find(id);
  }

  findMany(ids: readonly string[]): Promise<SupervisionCase[]> {
    return ids.length ? this.cases.findBy({ id: In([...ids]) }) : Promise.resolve([]);
  }

  findByNumber(caseNumber: string): Promise<SupervisionCase | null> {
    return this.cases.findOneBy({ caseNumber });
  }

  create(fields: SupervisionCase): SupervisionCase {
    return this.cases.create(fields);
  }

  /** Without reading back the columns the database fills in (its next due date, while no deadline is open: case.entity.ts). */
  async insert(tx: Transaction, c: SupervisionCase): Promise<void> {
    await managerOf(tx)
      .createQueryBuilder()
      .insert()
      .into(SupervisionCase)
      .values(c as QueryDeepPartialEntity<SupervisionCase>)
      .updateEntity(false)
      .execute();
  }

  /** False when another transaction changed the case since `before` was read: nothing was written. */
  updateIfVersion(tx: Transaction, before: SupervisionCase, after: SupervisionCase): Promise<boolean> {
    return this.rows.updateIfVersion(tx, before, after);
  }

  /**
   * Whether the case is still at the version `c` was read at, share-locked on PostgreSQL until the
   * commit, so that a transition of the case on another instance waits for this transaction.
   */
  async stillAt(tx: Transaction, c: SupervisionCase): Promise<boolean> {
    const now = await managerOf(tx).findOne(SupervisionCase, { select: { id: true, version: true }, where: { id: c.id }, ...forShare(managerOf(tx)) });
    return now?.version === c.version;
  }

  /** The case's row locked until the commit, on PostgreSQL; SQLite has one writer at a time. */
  async lock(tx: Transaction, id: string): Promise<void> {
    const manager = managerOf(tx);
    if (onPostgres(manager)) await manager.findOne(SupervisionCase, { select: { id: true }, where: { id }, ...forUpdate(manager) });
  }

  /**
   * In the order `query.sort` (a search's exact number first); one more row than the page, so that
   * the caller knows whether another page follows.
   */
  async page(query: CaseQuery): Promise<ListedCase[]> {
    const walks: ListedCase[][] = [];
    for (const walk of await this.walks(query)) walks.push(await this.listed(walk));
    return walks.length === 1 ? walks[0] : inListOrder(walks.flat(), query.sort).slice(0, query.limit + 1);
  }

  /**
   * The statements page() runs for `query`, with their parameters, for pinning their plans: on
   * PostgreSQL, a search's look-up of its matches first (it runs, to choose the statement after it).
   */
  async plannedStatements(query: CaseQuery): Promise<Array<[sql: string, parameters: unknown[]]>> {
    const walks = (await this.walks(query)).map((walk) => walk.getQueryAndParameters());
    return query.q !== undefined && walks.length && !onSqlite(this.cases.manager.connection) ? [[FEW_MATCHES_SQL, [query.q]], ...walks] : walks;
  }

  /**
   * The statements of a page, each up to the page in the list's order:
   * - a search: the cases the full-text index finds (case-search.ts), the state's own among them,
   *   those whose case number or offender number is `q` itself first (nothing when `q` has no word);
   * - one side: that side's index, walked in the list's order (the status one with a status);
   * - either side: a walk of each side's index, merged by page(). An OR of the two in one statement
   *   has the database gather and sort every case of the state.
   */
  private async walks(query: CaseQuery): Promise<SelectQueryBuilder<SupervisionCase>[]> {
    if (query.q !== undefined) {
      if (!hasSearchWords(query.q)) return [];
      const sql = this.visible(query, EXACT_FIRST).setParameter('exactNumber', exactNumberOf(query.q));
      if (onSqlite(this.cases.manager.connection)) {
        sql.andWhere('c.id IN (SELECT case_search.case_id FROM case_search WHERE case_search MATCH :searchMatch)', { searchMatch: sqliteCaseMatch(query.q) });
      } else {
        // PostgreSQL guesses a prefix query to match some 2% of the rows, whatever it matches. So the
        // matches are looked up first: a few, and their cases are fetched by primary key; more, and
        // the planner joins them to the state's cases its own way (a hash join over them).
        const few = ((await this.cases.query(FEW_MATCHES_SQL, [query.q])) as Array<{ case_id: string }>).map((r) => r.case_id);
        if (!few.length) return [];
        if (few.length <= FEW_MATCHES) sql.andWhere('c.id = ANY(CAST(:matchIds AS varchar[]))', { matchIds: few });
        else sql.andWhere('c.id IN (SELECT s.case_id FROM case_search s WHERE s.document @@ case_search_query(:searchText))', { searchText: query.q });
      }
      return [this.ordered(sql, query, EXACT_FIRST)];
    }
    const sides = query.side ? [query.side] : (['sending', 'receiving'] as const);
    return sides.map((side) => this.ordered(this.visible({ ...query, side }), query));
  }

  /**
   * The cases of `query.state` on `query.side` (either: both), of its status, after its cursor: in
   * the order of `band` first (0 before 1), when a band is given.
   */
  private visible(query: CaseQuery, band?: string): SelectQueryBuilder<SupervisionCase> {
    const sql = this.cases.createQueryBuilder('c');
    sql.where(visibleCasesSql('c', query.side), { state: query.state });
    if (query.status) sql.andWhere('c.status = :status', { status: query.status });
    if (query.cursor) {
      const { key, order } = ORDERS[query.sort];
      const cursor = decodeCaseListCursor(query.cursor, query.sort);
      // Names of their own, so that they never take the place of the query's own parameters.
      const after = { afterKey: cursor.sort === 'updated' ? this.storedTimestamp(new Date(cursor.key)) : (cursor.key ?? NO_DUE_DATE), afterId: cursor.id };
      // As a row value, which both engines seek in an index of (…, key, id), rather than walk from the start of the range.
      const pastCursor = `(${key}, c.id) ${order === 'DESC' ? '<' : '>'} (:afterKey, :afterId)`;
      if (!band) sql.andWhere(pastCursor, after);
      // Within the first band, on past the cursor and then the whole second band; within the second, on past the cursor.
      else if (cursor.exact) sql.andWhere(`((${band} = 0 AND ${pastCursor}) OR ${band} = 1)`, after);
      else sql.andWhere(`${band} = 1`).andWhere(pastCursor, after);
    }
    return sql;
  }

  /** `sql` with what falls due next on each case, in the list's order (`band` first), up to the page and one more. */
  private ordered(sql: SelectQueryBuilder<SupervisionCase>, query: CaseQuery, band?: string): SelectQueryBuilder<SupervisionCase> {
    const { key, order } = ORDERS[query.sort];
    sql.addSelect(nextDueSql('rule'), 'next_due_rule').addSelect(nextDueSql('time_limit'), 'next_due_limit');
    if (band) sql.addSelect(band, 'search_band').orderBy(band, 'ASC').addOrderBy(key, order);
    else sql.orderBy(key, order);
    return sql.addOrderBy('c.id', order).limit(query.limit + 1);
  }

  private async listed(sql: SelectQueryBuilder<SupervisionCase>): Promise<ListedCase[]> {
    const { entities, raw } = await sql.getRawAndEntities<{
      c_id: string;
      next_due_rule: string;
      next_due_limit: TimeLimit;
      search_band?: number | string;
    }>();
    const byId = new Map(raw.map((r) => [r.c_id, r]));
    return entities.map((c) => {
      const r = byId.get(c.id);
      const nextDue = c.nextDueId && c.nextDueOn && r ? { deadlineId: c.nextDueId, dueOn: c.nextDueOn, rule: r.next_due_rule, limit: r.next_due_limit } : null;
      return { case: c, nextDue, exact: r?.search_band !== undefined && Number(r.search_band) === 0 };
    });
  }

  /** A time as this database stores it, for comparisons in hand-built WHERE clauses. */
  private storedTimestamp(at: Date): unknown {
    const column = this.cases.metadata.findColumnWithPropertyName('createdAt');
    return this.cases.manager.connection.driver.preparePersistentValue(at, column!);
  }
}
