import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, type QueryDeepPartialEntity, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { KindInStatus } from '../../machines';
import type { Jurisdiction, StateCode } from '../../machines/jurisdiction';
import { SupervisionCase } from '../cases/case.entity';
import { keysetPage, mergedWalks } from '../database/keyset-page';
import { ChangedMeanwhile } from '../engine/refusals';
import { managerOf, type Transaction } from '../database/transaction';
import { caseActivityRowsFor, type CaseActivityRows } from './case-activity-rows';
import { CaseActivity } from './case-activity.entity';

/** One page of a state's activities across its cases, by the filters of GET /activities. */
export interface ActivityListQuery {
  state: Jurisdiction;
  side?: 'sending' | 'receiving';
  /** The kinds in statuses it shows (kindsInStatusOf); null: every activity. */
  of: readonly KindInStatus[] | null;
  /** updated: the last changed first; waiting: the longest unchanged first. */
  order: 'DESC' | 'ASC';
  /** The last activity of the page before: its updatedAt and id. */
  after: { updatedAt: Date; id: string } | null;
  limit: number;
}

/** Every statement on the case activities table. */
@Injectable()
export class CaseActivityRepository {
  private readonly rows: CaseActivityRows;

  constructor(@InjectRepository(CaseActivity) private readonly activities: Repository<CaseActivity>) {
    this.rows = caseActivityRowsFor(activities);
  }

  find(id: string): Promise<CaseActivity | null> {
    return this.activities.findOneBy({ id });
  }

  /** Every activity of a case, oldest first; in `tx` when given. */
  ofCase(caseId: string, tx: Transaction | null = null): Promise<CaseActivity[]> {
    return (tx ? managerOf(tx) : this.activities.manager).find(CaseActivity, { where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The activities of a case not in one of `ended`, in the step's transaction. */
  openOf(tx: Transaction, caseId: string, ended: readonly string[]): Promise<CaseActivity[]> {
    return managerOf(tx).find(CaseActivity, { where: { caseId, status: Not(In([...ended])) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The activities of one kind of these cases, in `tx` when given: one query for a whole page of cases. */
  ofKind(caseIds: readonly string[], kind: CaseActivity['kind'], tx: Transaction | null): Promise<CaseActivity[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return caseIds.length === 1 ? this.rows.ofKind(tx, caseIds[0], kind) : this.rows.ofKindOfCases(tx, caseIds, kind);
  }

  /**
   * The open action requests addressed to `state` on `side` of its cases (sent by the other side),
   * oldest first: an open request has not changed since it was sent (a reply makes it answered), so
   * its last change is when it was sent, and an index of each side's open requests by who sent them serves the order.
   */
  openRequestsTo(state: StateCode, side: 'sending' | 'receiving', limit: number): Promise<CaseActivity[]> {
    return this.openRequestsWalk(state, side, limit).getMany();
  }

  /** The statement openRequestsTo runs, for pinning its plan. */
  openRequestsStatement(state: StateCode, side: 'sending' | 'receiving'): [sql: string, parameters: unknown[]] {
    return this.openRequestsWalk(state, side, 200).getQueryAndParameters();
  }

  private openRequestsWalk(state: StateCode, side: 'sending' | 'receiving', limit: number): SelectQueryBuilder<CaseActivity> {
    return (
      this.activities
        .createQueryBuilder('a')
        .where(`a.${side}_state = :state`, { state })
        .andWhere("a.kind = 'action_request' AND a.status = 'open'")
        // As literals, which the planners match to the index's condition; a parameter they cannot.
        .andWhere(side === 'sending' ? "a.started_by_side = 'receiving'" : "a.started_by_side = 'sending'")
        .orderBy('a.updated_at', 'ASC')
        .addOrderBy('a.id', 'ASC')
        .limit(limit)
    );
  }

  /**
   * One page in the list's order, and one activity more when another page follows; each with the
   * last change the walk found it at (`at`): the page's place in the list, if the activity has changed
   * since.
   */
  async page(query: ActivityListQuery): Promise<Array<{ activity: CaseActivity; at: Date }>> {
    const walks = this.walks(query);
    if (walks.length === 0) return [];
    const found = await mergedWalks(walks, (a) => a.updatedAt.getTime(), query.limit, query.order);
    const rows = new Map((await this.activities.findBy({ id: In(found.map((a) => a.id)) })).map((a) => [a.id, a]));
    return found.flatMap((a) => {
      const activity = rows.get(a.id);
      return activity ? [{ activity, at: a.updatedAt }] : [];
    });
  }

  /** The statements page() walks for `query`, with their parameters, for pinning their plans. */
  plannedStatements(query: ActivityListQuery): Array<[sql: string, parameters: unknown[]]> {
    return this.walks(query).map((walk) => walk.getQueryAndParameters());
  }

  /**
   * A walk of each side's index, of each kind in status the list shows, reading ids and keys only;
   * merged by page(). An OR of the sides, or an IN of the statuses, in one statement has the database
   * gather and sort every activity they hold. The receiving side shows only the activities of cases
   * it has received (visibleCasesSql's rule): one look at the case's row for each activity walked.
   */
  private walks(query: ActivityListQuery): SelectQueryBuilder<CaseActivity>[] {
    const sides = query.side ? [query.side] : (['sending', 'receiving'] as const);
    const after = query.after && { key: query.after.updatedAt, id: query.after.id };
    return sides.flatMap((side) =>
      (query.of ?? [null]).map((of) => {
        const sql = this.activities.createQueryBuilder('a').select(['a.id', 'a.updatedAt']).where(`a.${side}_state = :state`, { state: query.state });
        if (of) sql.andWhere('a.kind = :kind AND a.status = :status', of);
        if (side === 'receiving') sql.innerJoin(SupervisionCase, 'c', 'c.id = a.case_id AND c.transmitted_at IS NOT NULL');
        return keysetPage(sql, 'a', query.order, after, query.limit, 'updated_at');
      }),
    );
  }

  async insert(tx: Transaction, activity: CaseActivity): Promise<void> {
    await managerOf(tx).insert(CaseActivity, activity as QueryDeepPartialEntity<CaseActivity>);
  }

  /** Conditional UPDATE on the version the decision was made on: a concurrent step makes it miss (ChangedMeanwhile). */
  async updateIfVersion(tx: Transaction, before: CaseActivity, after: CaseActivity): Promise<void> {
    const result = await managerOf(tx)
      .createQueryBuilder()
      .update(CaseActivity)
      .set({
        status: after.status,
        snapshot: after.snapshot,
        machineVersion: after.machineVersion,
        version: after.version,
        updatedAt: after.updatedAt,
      } as QueryDeepPartialEntity<CaseActivity>)
      .where('id = :id AND version = :version', { id: before.id, version: before.version })
      .execute();
    if (result.affected !== 1) throw new ChangedMeanwhile('This activity was changed by someone else meanwhile; reload it and try again.');
  }
}
