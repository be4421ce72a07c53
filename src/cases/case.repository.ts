import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, type QueryDeepPartialEntity, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { CaseStatus, CompactDate, Jurisdiction, TimeLimit } from '../../machines';
import { forShare } from '../database/row-locks';
import { decodeCaseListCursor, type CaseSort } from './case-cursor';
import { caseRowsFor, type CaseRows } from './case-rows';
import { visibleCasesSql } from './case-visibility';
import { SupervisionCase } from './case.entity';
import { managerOf, type Transaction } from '../database/transaction';

/** One page of a state's cases, by the filters of GET /cases. */
export interface CaseQuery {
  state: Jurisdiction;
  status?: CaseStatus;
  side?: 'sending' | 'receiving';
  /** Part of the offender's name, the start of the case number, or the whole offender number. */
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
}

/**
 * A column of a case's earliest open deadline (soonest due, then by id), as a scalar subquery on the
 * deadlines table, so that one query sorts the list by it, pages through it and shows it.
 */
const nextDueSql = (column: 'id' | 'due_on' | 'rule' | 'time_limit'): string =>
  `(SELECT d.${column} FROM deadlines d WHERE d.case_id = c.id AND d.status = 'open' ORDER BY d.due_on, d.id LIMIT 1)`;

/** After every Eastern date: cases with no open deadline come last in the `due` order. */
const NO_DUE_DATE = '9999-12-31';

/** Each order's key, as SQL, and its direction; ties by the case id, the same way. */
const ORDERS: Record<CaseSort, { key: string; order: 'ASC' | 'DESC' }> = {
  updated: { key: 'c.updated_at', order: 'DESC' },
  due: { key: `COALESCE(${nextDueSql('due_on')}, '${NO_DUE_DATE}')`, order: 'ASC' },
};

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

  async insert(tx: Transaction, c: SupervisionCase): Promise<void> {
    await managerOf(tx).insert(SupervisionCase, c as QueryDeepPartialEntity<SupervisionCase>);
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

  /** In the order `query.sort`; one more row than the page, so that the caller knows whether another page follows. */
  async page(query: CaseQuery): Promise<ListedCase[]> {
    const sql = this.cases.createQueryBuilder('c');
    sql.where(visibleCasesSql('c', query.side), { state: query.state });
    if (query.status) sql.andWhere('c.status = :status', { status: query.status });
    if (query.q) this.searched(sql, query.q);
    const { key, order } = ORDERS[query.sort];
    if (query.cursor) {
      const cursor = decodeCaseListCursor(query.cursor, query.sort);
      const past = order === 'DESC' ? '<' : '>';
      // Names of their own, so that they never take the place of the query's own parameters.
      const after = { afterKey: cursor.sort === 'updated' ? this.storedTimestamp(new Date(cursor.key)) : (cursor.key ?? NO_DUE_DATE), afterId: cursor.id };
      sql.andWhere(new Brackets((b) => b.where(`${key} ${past} :afterKey`, after).orWhere(`(${key} = :afterKey AND c.id ${past} :afterId)`, after)));
    }
    const { entities, raw } = await sql
      .addSelect(nextDueSql('id'), 'next_due_id')
      .addSelect(nextDueSql('due_on'), 'next_due_on')
      .addSelect(nextDueSql('rule'), 'next_due_rule')
      .addSelect(nextDueSql('time_limit'), 'next_due_limit')
      .orderBy(key, order)
      .addOrderBy('c.id', order)
      .limit(query.limit + 1)
      .getRawAndEntities<{ c_id: string; next_due_id: string | null; next_due_on: CompactDate; next_due_rule: string; next_due_limit: TimeLimit }>();
    const nextDue = new Map(
      raw.map((r) => [r.c_id, r.next_due_id ? { deadlineId: r.next_due_id, dueOn: r.next_due_on, rule: r.next_due_rule, limit: r.next_due_limit } : null]),
    );
    return entities.map((c) => ({ case: c, nextDue: nextDue.get(c.id) ?? null }));
  }

  /**
   * The cases whose offender's name holds `q`, whose case number starts with it, or whose offender
   * number is it, all regardless of case (LOWER on both engines).
   */
  private searched(sql: SelectQueryBuilder<SupervisionCase>, q: string): void {
    const typed = q.toLowerCase();
    // LIKE's own wildcards in the search text are matched as themselves.
    const escaped = typed.replace(/[\\%_]/g, (ch) => `\\${ch}`);
    const search = { inName: `%${escaped}%`, numberStart: `${escaped}%`, offenderNumber: typed };
    sql.andWhere(
      new Brackets((b) =>
        b
          .where("LOWER(c.offender_name) LIKE :inName ESCAPE '\\'", search)
          .orWhere("LOWER(c.case_number) LIKE :numberStart ESCAPE '\\'", search)
          .orWhere('LOWER(c.offender_id) = :offenderNumber', search),
      ),
    );
  }

  /** A time as this database stores it, for comparisons in hand-built WHERE clauses. */
  private storedTimestamp(at: Date): unknown {
    const column = this.cases.metadata.findColumnWithPropertyName('createdAt');
    return this.cases.manager.connection.driver.preparePersistentValue(at, column!);
  }
}
