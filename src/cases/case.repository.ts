import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type ObjectLiteral, type QueryDeepPartialEntity, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { CaseStatus, CompactDate, Jurisdiction, TimeLimit } from '../../machines';
import { forShare, forUpdate, onPostgres } from '../database/row-locks';
import { decodeCaseListCursor, type CaseSort } from './case-cursor';
import { caseRowsFor, type CaseRows } from './case-rows';
import { exactNumberOf, hasSearchWords, searchColumnsOf, searchProbeSql, sqliteCaseMatch } from './case-search';
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

/** What a line about a case in a list of other things shows of it, and what its visibility reads (isVisibleTo). */
export type CaseLabel = Pick<SupervisionCase, 'id' | 'caseNumber' | 'offenderName' | 'status' | 'sendingState' | 'receivingState' | 'transmittedAt'>;
const CASE_LABEL = { id: true, caseNumber: true, offenderName: true, status: true, sendingState: true, receivingState: true, transmittedAt: true } as const;

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
  // The (state, status, updated_at, id) indexes walked the other way: a queue's oldest first.
  waiting: { key: 'c.updated_at', order: 'ASC' },
  due: { key: 'c.next_due_on', order: 'ASC' },
};

/** Up to how many matches of a search PostgreSQL fetches by their ids (CaseRepository.fullTextPage). */
const FEW_MATCHES = 2000;
const FEW_MATCHES_SQL = `SELECT s.case_id FROM case_search s WHERE s.document @@ case_search_query($1) LIMIT ${FEW_MATCHES + 1}`;

/** The cases whose case number or offender number is the search text itself: a search's first band. Each side is an index of its own. */
const EXACT_NUMBER = '(LOWER(c.case_number) = :exactNumber OR LOWER(c.offender_id) = :exactNumber)';
/** A search's band of a case: 0 for an exact number (EXACT_NUMBER), 1 for the other matches. */
const EXACT_FIRST = `CASE WHEN ${EXACT_NUMBER} THEN 0 ELSE 1 END`;

/**
 * The rows of each side a search walks first in the list's order, testing each, before it asks the
 * full-text index instead: a search many cases match finds its page among the first rows of the
 * list, while all its matches would be read and sorted; one that few match is cheaper found in the
 * index than by walking the state's cases (some 0.5 ms a thousand rows on SQLite).
 */
const SEARCH_WALK_ROWS = 250;

/**
 * How much further each side's walk goes on, when the first walks found matches but too few for a
 * sure page, and at least WORTH_WALKING_ON of them: enough for a page of 20 where one case in 200
 * matches. Fewer, and the index serves.
 */
const SEARCH_WALK_ON_ROWS = 4000;
const WORTH_WALKING_ON = 2;

/** Cases of one exact number a search reads before it leaves them to the full-text index: a number is one case's, or one offender's few. */
const EXACT_NUMBERS_READ = 200;

/** A sort key as the database gave it (a timestamp as a Date on PostgreSQL, as text on SQLite; a due date as text), comparable. */
const comparableKey = (k: unknown): number | string => (k instanceof Date ? k.getTime() : String(k));

/** A row of a search's walk: a match's id and sort key, as the database gave them. */
interface WalkedRow {
  id: string;
  k: unknown;
}

/**
 * A side's walk: its first matches in the list's order, and `examinedTo`, the last row it read, when
 * rows past it may match (null: it read the side to its end).
 */
interface SideWalk {
  side: 'sending' | 'receiving';
  matches: WalkedRow[];
  examinedTo: WalkedRow | null;
}

/** Where a walk goes on from, as the database stores its key (CaseRepository.visible). */
interface ListPosition {
  afterKey: unknown;
  afterId: string;
}

const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

/** The list's order `sort` over (key, id) pairs, as the database orders them: by the key, then by id. */
const listOrder =
  (sort: CaseSort) =>
  (a: { key: number | string; id: string }, b: { key: number | string; id: string }): number =>
    (ORDERS[sort].order === 'DESC' ? -1 : 1) * (compare(a.key, b.key) || compare(a.id, b.id));

/** Cases of the walks of both sides, in the list's order `sort`. */
function inListOrder(cases: ListedCase[], sort: CaseSort): ListedCase[] {
  const keyOf = (l: ListedCase) => ({ key: sort === 'due' ? (l.case.nextDueOn ?? NO_DUE_DATE) : l.case.updatedAt.getTime(), id: l.case.id });
  const unique = [...new Map(cases.map((l) => [l.case.id, l])).values()];
  const order = listOrder(sort);
  return unique.sort((a, b) => order(keyOf(a), keyOf(b)));
}

/**
 * The first `wanted` matches of the walks of both sides in the list's order, or null when a walk
 * stopped before the page was sure: a match of the other side beyond where that walk stopped might
 * come after a match it had not reached, or the page is short and a walk did not reach its side's end.
 */
function walkedPage(walks: SideWalk[], sort: CaseSort, wanted: number): string[] | null {
  const order = listOrder(sort);
  const at = (r: WalkedRow) => ({ key: comparableKey(r.k), id: r.id });
  const matches = walks.flatMap((w) => w.matches.map(at)).sort(order);
  const page = matches.slice(0, wanted);
  const stops = walks.flatMap((w) => (w.examinedTo ? [at(w.examinedTo)] : []));
  const sure = (m: { key: number | string; id: string }) => stops.every((stop) => order(m, stop) <= 0);
  if (page.length < wanted && stops.length) return null;
  return page.every(sure) ? page.map((m) => m.id) : null;
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

  /** What a line about each of these cases shows of it, without its snapshot and the rest (CaseLabel). */
  labelsOf(ids: readonly string[]): Promise<CaseLabel[]> {
    return ids.length ? this.cases.find({ select: CASE_LABEL, where: { id: In([...ids]) } }) : Promise.resolve([]);
  }

  findByNumber(caseNumber: string): Promise<SupervisionCase | null> {
    return this.cases.findOneBy({ caseNumber });
  }

  /** With the words the search reads (searchColumnsOf), made of its name and numbers. */
  create(fields: SupervisionCase): SupervisionCase {
    return this.cases.create({ ...fields, ...searchColumnsOf(fields) });
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

  /** How many rows of each side a search walks first, and then on, before it asks the full-text index (fewer in tests that take each way). */
  searchWalk = { rows: SEARCH_WALK_ROWS, onRows: SEARCH_WALK_ON_ROWS };

  /**
   * In the order `query.sort` (a search's exact number first); one more row than the page, so that
   * the caller knows whether another page follows.
   */
  async page(query: CaseQuery): Promise<ListedCase[]> {
    if (query.q !== undefined) return this.searchPage({ ...query, q: query.q });
    const walks: ListedCase[][] = [];
    for (const side of this.sidesOf(query)) walks.push(await this.listed(this.ordered(this.visible({ ...query, side }), query)));
    return walks.length === 1 ? walks[0] : inListOrder(walks.flat(), query.sort).slice(0, query.limit + 1);
  }

  /**
   * The statements page() may run for `query`, with their parameters, for pinning their plans. A
   * search's: its exact numbers, the walk of each side, and the full-text index's statement (on
   * PostgreSQL, the look-up of its matches first, which runs, to choose the statement after it).
   */
  async plannedStatements(query: CaseQuery): Promise<Array<[sql: string, parameters: unknown[]]>> {
    if (query.q === undefined) return this.sidesOf(query).map((side) => this.ordered(this.visible({ ...query, side }), query).getQueryAndParameters());
    const search = { ...query, q: query.q };
    if (!hasSearchWords(search.q)) return [];
    const statements = [
      this.exactNumbers(search).getQueryAndParameters(),
      ...this.sidesOf(search).map((side) => this.walk(search, side, 1, this.searchWalk.rows).getQueryAndParameters()),
    ];
    const indexed = await this.fullTextPage(search);
    if (!indexed) return statements;
    return onSqlite(this.cases.manager.connection)
      ? [...statements, indexed.getQueryAndParameters()]
      : [...statements, [FEW_MATCHES_SQL, [search.q]], indexed.getQueryAndParameters()];
  }

  /** One side's walk, or both sides' (merged by the caller: an OR of the two in one statement has the database gather and sort every case of the state). */
  private sidesOf(query: CaseQuery): Array<'sending' | 'receiving'> {
    return query.side ? [query.side] : ['sending', 'receiving'];
  }

  /**
   * A search's page: the cases whose number is `q` itself (by the indexes of the numbers), then the
   * other matches, found by walking each side in the list's order (walkedMatches) or, when the walks
   * end before the page is sure, by the full-text index (case-search.ts).
   */
  private async searchPage(query: CaseQuery & { q: string }): Promise<ListedCase[]> {
    if (!hasSearchWords(query.q)) return [];
    const cursor = query.cursor ? decodeCaseListCursor(query.cursor, query.sort) : undefined;
    const wanted = query.limit + 1;
    const exact = await this.exactMatches(query);
    if (exact === null) return this.listedByFullText(query);
    // A page that ended past the exact numbers goes on among the other matches only.
    const ids = (cursor?.exact ? this.pastCursor(exact, query) : cursor ? [] : exact).slice(0, wanted).map((r) => r.id);
    if (ids.length < wanted) {
      const others = await this.walkedMatches(query, wanted - ids.length, new Set(exact.map((r) => r.id)));
      if (!others) return this.listedByFullText(query);
      ids.push(...others);
    }
    if (!ids.length) return [];
    const sql = this.cases.createQueryBuilder('c').where('c.id IN (:...pageIds)', { pageIds: ids }).setParameter('exactNumber', exactNumberOf(query.q));
    return this.listed(this.ordered(sql, query, EXACT_FIRST));
  }

  private async listedByFullText(query: CaseQuery & { q: string }): Promise<ListedCase[]> {
    const indexed = await this.fullTextPage(query);
    return indexed ? this.listed(indexed) : [];
  }

  /**
   * Every case of the state whose case number or offender number is `q`, in the list's order; null
   * when more than EXACT_NUMBERS_READ have it (the full-text index's statement serves then).
   */
  private async exactMatches(query: CaseQuery & { q: string }): Promise<WalkedRow[] | null> {
    const rows = (await this.exactNumbers(query).getRawMany()) as WalkedRow[];
    return rows.length > EXACT_NUMBERS_READ ? null : rows;
  }

  /** `rows` (in the list's order) past the cursor of `query`. */
  private pastCursor(rows: WalkedRow[], query: CaseQuery): WalkedRow[] {
    const order = listOrder(query.sort);
    const cursor = this.cursorPosition(query.cursor!, query.sort);
    const past = { key: comparableKey(cursor.afterKey), id: cursor.afterId };
    return rows.filter((r) => order({ key: comparableKey(r.k), id: r.id }, past) > 0);
  }

  /**
   * The state's cases whose number is `q`, in the list's order, found by the indexes of the numbers.
   * The state, side and status are tested as expressions no index serves, and the cursor is the
   * caller's to apply: a planner without statistics would walk the side's index otherwise, to its
   * end for a number that one case has.
   */
  private exactNumbers(query: CaseQuery & { q: string }): SelectQueryBuilder<SupervisionCase> {
    const probe = this.probe(query.q, 'c');
    const { key, order } = ORDERS[query.sort];
    const sql = this.cases.createQueryBuilder('c').where(visibleCasesSql('c', query.side, { unindexed: true }), { state: query.state });
    if (query.status) sql.andWhere(`(c.status || '') = :status`, { status: query.status });
    return sql
      .andWhere(EXACT_NUMBER, { exactNumber: exactNumberOf(query.q) })
      .andWhere(probe.sql, probe.parameters)
      .select('c.id', 'id')
      .addSelect(key, 'k')
      .orderBy(key, order)
      .addOrderBy('c.id', order)
      .limit(EXACT_NUMBERS_READ + 1);
  }

  private probe(q: string, alias: string): { sql: string; parameters: Record<string, string> } {
    return searchProbeSql(q, alias, onSqlite(this.cases.manager.connection) ? 'instr' : 'strpos');
  }

  /**
   * The first `wanted` matches of `q` past the cursor that are not its exact numbers (`exact`), each
   * side walked in the list's order: searchWalk.rows rows, then on from there searchWalk.onRows more
   * when those found WORTH_WALKING_ON matches at least; null when the walks stopped before the page
   * was sure.
   */
  private async walkedMatches(query: CaseQuery & { q: string }, wanted: number, exact: ReadonlySet<string>): Promise<string[] | null> {
    const walks: SideWalk[] = [];
    for (const side of this.sidesOf(query)) walks.push(await this.sideWalk(query, side, wanted, exact, this.searchWalk.rows, null));
    const page = walkedPage(walks, query.sort, wanted);
    if (page || walks.reduce((n, w) => n + w.matches.length, 0) < WORTH_WALKING_ON) return page;
    for (const [i, walk] of walks.entries()) {
      if (!walk.examinedTo || walk.matches.length >= wanted) continue;
      const on = await this.sideWalk(query, walk.side, wanted - walk.matches.length, exact, this.searchWalk.onRows, walk.examinedTo);
      walks[i] = { ...on, matches: [...walk.matches, ...on.matches] };
    }
    return walkedPage(walks, query.sort, wanted);
  }

  /**
   * One side's walk of `rows` rows past the cursor (or past `from`, where an earlier walk stopped),
   * up to its `wanted`-th match that is not an exact number.
   */
  private async sideWalk(
    query: CaseQuery & { q: string },
    side: 'sending' | 'receiving',
    wanted: number,
    exact: ReadonlySet<string>,
    rows: number,
    from: WalkedRow | null,
  ): Promise<SideWalk> {
    const at = from && { afterKey: from.k, afterId: from.id };
    // The exact numbers are matches too: as many more are asked for, and left out here.
    const limit = wanted + exact.size;
    const found = (await this.walk(query, side, limit, rows, at).getRawMany()) as WalkedRow[];
    let examinedTo: WalkedRow | null = found.length === limit ? found[found.length - 1] : null;
    if (!examinedTo) {
      // The window was read to its end: its last row, if the side has that many (else the walk read the side to its end).
      const last = this.sideInOrder(query, side, at)
        .offset(rows - 1)
        .limit(1);
      examinedTo = ((await last.getRawOne()) as WalkedRow | undefined) ?? null;
    }
    return { side, matches: found.filter((r) => !exact.has(r.id)), examinedTo };
  }

  /** A side's cases past the cursor of the matches (or past `from`), in the list's order: each one's id and sort key (`k`). */
  private sideInOrder(query: CaseQuery, side: 'sending' | 'receiving', from?: ListPosition | null): SelectQueryBuilder<SupervisionCase> {
    const { key, order } = ORDERS[query.sort];
    return this.visible({ ...query, side, cursor: this.othersCursor(query) }, undefined, from)
      .select('c.id', 'id')
      .addSelect(key, 'k')
      .orderBy(key, order)
      .addOrderBy('c.id', order);
  }

  /** The cursor of the matches past the exact numbers: none while the page before ended among the exact numbers. */
  private othersCursor(query: CaseQuery): string | undefined {
    return query.cursor && !decodeCaseListCursor(query.cursor, query.sort).exact ? query.cursor : undefined;
  }

  /**
   * One side's first `rows` rows in the list's order past the cursor (or `from`), and of them the
   * first `limit` that match `q`. The rows are read in the window's order and the statement ends at
   * the `limit`-th match: both engines keep the order of the window's index.
   */
  private walk(
    query: CaseQuery & { q: string },
    side: 'sending' | 'receiving',
    limit: number,
    rows: number,
    from?: ListPosition | null,
  ): SelectQueryBuilder<ObjectLiteral> {
    const { order } = ORDERS[query.sort];
    const window = this.sideInOrder(query, side, from).addSelect('c.search_name', 'search_name').addSelect('c.search_numbers', 'search_numbers').limit(rows);
    const probe = this.probe(query.q, 'w');
    return this.cases.manager
      .createQueryBuilder()
      .select('w.id', 'id')
      .addSelect('w.k', 'k')
      .from(`(${window.getQuery()})`, 'w')
      .setParameters(window.getParameters())
      .where(probe.sql, probe.parameters)
      .orderBy('w.k', order)
      .addOrderBy('w.id', order)
      .limit(limit);
  }

  /**
   * A search's page by the full-text index: the cases it finds (case-search.ts), the state's own among
   * them, those whose case number or offender number is `q` itself first; null when nothing matches.
   */
  private async fullTextPage(query: CaseQuery & { q: string }): Promise<SelectQueryBuilder<SupervisionCase> | null> {
    const sql = this.visible(query, EXACT_FIRST).setParameter('exactNumber', exactNumberOf(query.q));
    if (onSqlite(this.cases.manager.connection)) {
      sql.andWhere('c.id IN (SELECT case_search.case_id FROM case_search WHERE case_search MATCH :searchMatch)', { searchMatch: sqliteCaseMatch(query.q) });
    } else {
      // PostgreSQL guesses a prefix query to match some 2% of the rows, whatever it matches. So the
      // matches are looked up first: a few, and their cases are fetched by primary key; more, and
      // the planner joins them to the state's cases its own way (a hash join over them).
      const few = ((await this.cases.query(FEW_MATCHES_SQL, [query.q])) as Array<{ case_id: string }>).map((r) => r.case_id);
      if (!few.length) return null;
      if (few.length <= FEW_MATCHES) sql.andWhere('c.id = ANY(CAST(:matchIds AS varchar[]))', { matchIds: few });
      else sql.andWhere('c.id IN (SELECT s.case_id FROM case_search s WHERE s.document @@ case_search_query(:searchText))', { searchText: query.q });
      // Its document folds accents by a table of its own: the words each case keeps have the last word.
      const probe = this.probe(query.q, 'c');
      sql.andWhere(probe.sql, probe.parameters);
    }
    return this.ordered(sql, query, EXACT_FIRST);
  }

  /**
   * The cases of `query.state` on `query.side` (either: both), of its status, after its cursor (or
   * after `from`): in the order of `band` first (0 before 1), when a band is given.
   */
  private visible(query: CaseQuery, band?: string, from?: ListPosition | null): SelectQueryBuilder<SupervisionCase> {
    const sql = this.cases.createQueryBuilder('c');
    sql.where(visibleCasesSql('c', query.side), { state: query.state });
    if (query.status) sql.andWhere('c.status = :status', { status: query.status });
    const after = from ?? (query.cursor ? this.cursorPosition(query.cursor, query.sort) : null);
    if (after) {
      const { key, order } = ORDERS[query.sort];
      // As a row value, which both engines seek in an index of (…, key, id), rather than walk from the start of the range.
      const pastCursor = `(${key}, c.id) ${order === 'DESC' ? '<' : '>'} (:afterKey, :afterId)`;
      if (!band) sql.andWhere(pastCursor, after);
      // Within the first band, on past the cursor and then the whole second band; within the second, on past the cursor.
      else if (decodeCaseListCursor(query.cursor!, query.sort).exact) sql.andWhere(`((${band} = 0 AND ${pastCursor}) OR ${band} = 1)`, after);
      else sql.andWhere(`${band} = 1`).andWhere(pastCursor, after);
    }
    return sql;
  }

  /** Where a cursor stands, as the database stores its key; names of their own, so that they never take the place of a query's own parameters. */
  private cursorPosition(raw: string, sort: CaseSort): ListPosition {
    const cursor = decodeCaseListCursor(raw, sort);
    return { afterKey: cursor.sort === 'due' ? (cursor.key ?? NO_DUE_DATE) : this.storedTimestamp(new Date(cursor.key)), afterId: cursor.id };
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
