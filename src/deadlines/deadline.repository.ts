import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, type FindOptionsSelect, type ObjectLiteral, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { CompactDate, ComplianceOutcome, Measure, Side } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { DeadlineNotice } from './deadline-notice.entity';
import { Deadline } from './deadline.entity';
import { keysetPage, mergedWalks } from '../database/keyset-page';
import { deadlineRowsFor, type DeadlineEnding, type DeadlineRows } from './deadline-rows';
import { SHOWN_OF_DEADLINE, type ShownDeadline } from './deadline-view';
import { forUpdate } from '../database/row-locks';
import { managerOf, type Transaction } from '../database/transaction';

const SELECT_SHOWN = Object.fromEntries(SHOWN_OF_DEADLINE.map((p) => [p, true])) as FindOptionsSelect<Deadline>;

/** My work counts each part of a workload up to this many, and says "or more" beyond. */
export const WORKLOAD_COUNTED_UP_TO = 1000;

/** Whose open deadlines a workload lists: a state's, one user's (null: nobody's yet), due in a stretch of time, of some limits. */
export interface WorkloadFilter {
  state: string;
  assigneeId?: string | null;
  /** Only those whose due instant is `from` or later and before `before` (past due at `now`: before now). */
  due?: { from?: Date; before?: Date };
  limits?: readonly string[];
}

/**
 * The walks of a workload page, each in an index's order: one per time limit asked for, merged by
 * workloadPage, as an IN of several has the database gather and sort every open deadline of them.
 * Several filters (disjoint ones: one assignee's and nobody's) are walked each, and merged the same way.
 */
function workloadWalks(filters: WorkloadFilter | readonly WorkloadFilter[]): WorkloadFilter[] {
  return [filters]
    .flat()
    .flatMap((filter) => (filter.limits && filter.limits.length > 1 ? filter.limits.map((limit) => ({ ...filter, limits: [limit] })) : [filter]));
}

/** Every statement on the deadlines and their reminders. */
@Injectable()
export class DeadlineRepository {
  private readonly rows: DeadlineRows;

  constructor(
    @InjectRepository(Deadline) private readonly deadlines: Repository<Deadline>,
    @InjectRepository(DeadlineNotice) private readonly notices: Repository<DeadlineNotice>,
  ) {
    this.rows = deadlineRowsFor(deadlines);
  }

  find(id: string): Promise<Deadline | null> {
    return this.deadlines.findOneBy({ id });
  }

  noticesOf(deadlineId: string): Promise<DeadlineNotice[]> {
    return this.notices.find({ where: { deadlineId }, order: { noticeIndex: 'ASC' } });
  }

  // --- The deadlines of a case: started, ended and reassigned with its steps; read for its answers.

  create(fields: Deadline): Deadline {
    return this.deadlines.create(fields);
  }

  insert(tx: Transaction, rows: readonly Deadline[]): Promise<void> {
    return this.rows.insert(tx, rows);
  }

  /** The deadlines still open on a case, inside the transaction of the step that may end them. */
  openOf(tx: Transaction, caseId: string): Promise<Deadline[]> {
    return this.rows.openOfCase(tx, caseId);
  }

  /** Ends an open deadline; no reminder of it is left to send. */
  end(tx: Transaction, id: string, ending: DeadlineEnding): Promise<void> {
    return this.rows.end(tx, id, ending);
  }

  /** Hands a side's open deadlines of a case to its new assignee. */
  async reassignOpen(tx: Transaction, caseId: string, side: Side, assigneeId: string): Promise<number> {
    const result = await managerOf(tx).update(Deadline, { caseId, responsibleSide: side, status: 'open' }, { assigneeId });
    return result.affected ?? 0;
  }

  /** The deadlines of some cases as their views show them, in the order their clocks started; `tx`: inside a transaction, the answer's own. */
  async ofCases(caseIds: readonly string[], tx: Transaction | null): Promise<ShownDeadline[]> {
    if (caseIds.length === 0) return [];
    // One case (a step's answer, a case page) is the common read: its own statement, an index seek.
    return caseIds.length === 1 ? this.rows.ofCase(tx, caseIds[0]) : this.rows.ofCases(tx, caseIds);
  }

  /** The deadlines of some activities, as ofCases. */
  async ofActivities(activityIds: readonly string[], tx: Transaction | null): Promise<ShownDeadline[]> {
    if (activityIds.length === 0) return [];
    if (activityIds.length === 1) return this.rows.ofActivity(tx, activityIds[0]);
    const manager = tx ? managerOf(tx) : this.deadlines.manager;
    return manager.find(Deadline, {
      select: SELECT_SHOWN,
      where: { activityId: In([...activityIds]) },
      order: { startedAt: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  // --- Reminders.

  /** Open deadlines whose next reminder has fallen due by `now`, in the order they fell due, from past `after`: `limit` and one more. */
  withNoticeDue(now: Date, after: { key: Date; id: string } | null, limit: number): Promise<Deadline[]> {
    const sql = this.deadlines
      .createQueryBuilder('d')
      .select(['d.id', 'd.nextNoticeAt'])
      .where("d.status = 'open'")
      .andWhere('d.next_notice_at <= :now', { now });
    return keysetPage(sql, 'd', 'ASC', after, limit, 'next_notice_at').getMany();
  }

  /**
   * The deadline, if a reminder of it is still due: open, and not taken by another instance since it
   * was listed. Locked on PostgreSQL, so that a second instance waits here and then finds it done.
   */
  dueForNotice(tx: Transaction, id: string, now: Date): Promise<Deadline | null> {
    const manager = managerOf(tx);
    return manager.findOne(Deadline, { where: { id, status: 'open', nextNoticeAt: LessThanOrEqual(now) }, ...forUpdate(manager) });
  }

  async noticeIndexesOf(tx: Transaction, deadlineId: string): Promise<Set<number>> {
    const rows = await managerOf(tx).find(DeadlineNotice, { select: { noticeIndex: true }, where: { deadlineId } });
    return new Set(rows.map((r) => r.noticeIndex));
  }

  /** Records reminders; a reminder another instance recorded first fails the unique index, and the transaction with it. */
  async recordNotices(tx: Transaction, rows: readonly DeadlineNotice[]): Promise<void> {
    if (rows.length) await managerOf(tx).insert(DeadlineNotice, [...rows]);
  }

  async setNextNotice(tx: Transaction, id: string, at: Date | null): Promise<void> {
    await managerOf(tx).update(Deadline, { id }, { nextNoticeAt: at });
  }

  // --- Workloads.

  /** One page of open deadlines, soonest due first, past the (dueAt, id) `after`: `limit` and one more. */
  workloadPage(filters: WorkloadFilter | readonly WorkloadFilter[], after: { key: Date; id: string } | null, limit: number): Promise<Deadline[]> {
    return mergedWalks(
      workloadWalks(filters).map((f) => this.workloadStatement(f, after, limit)),
      (d) => d.dueAt.getTime(),
      limit,
    );
  }

  /** How many open deadlines the filters hold, up to `upTo`, counted in the index a page of them walks. */
  async workloadCount(filters: WorkloadFilter | readonly WorkloadFilter[], upTo: number): Promise<number> {
    let count = 0;
    // The walks hold disjoint deadlines (of other limits, or other assignees): their counts add up.
    for (const f of workloadWalks(filters)) {
      if (count >= upTo) break;
      const row = await this.workloadCountStatement(f, upTo - count).getRawOne<{ count: unknown }>();
      count += Number(row?.count ?? 0);
    }
    return count;
  }

  /** The statements workloadPage, workloadCount or complianceDeadlines runs, with their parameters, for pinning their plans. */
  plannedStatements(
    list: { workload: WorkloadFilter; after: { key: Date; id: string } | null } | { workloadCount: WorkloadFilter } | { compliance: ComplianceDeadlinesQuery },
  ): Array<[sql: string, parameters: unknown[]]> {
    if ('compliance' in list) return [this.complianceStatement(list.compliance).getQueryAndParameters()];
    if ('workloadCount' in list)
      return workloadWalks(list.workloadCount).map((f) => this.workloadCountStatement(f, WORKLOAD_COUNTED_UP_TO).getQueryAndParameters());
    return workloadWalks(list.workload).map((f) => this.workloadStatement(f, list.after, 20).getQueryAndParameters());
  }

  private workloadStatement(filter: WorkloadFilter, after: { key: Date; id: string } | null, limit: number): SelectQueryBuilder<Deadline> {
    return keysetPage(this.workloadWhere(filter), 'd', 'ASC', after, limit, 'due_at');
  }

  /**
   * How many of the filter's deadlines there are, up to `upTo`: a count walks every entry of its
   * index range, and a large state's overdue ones at 1M cases took most of My work's 190 ms.
   */
  private workloadCountStatement(filter: WorkloadFilter, upTo: number): SelectQueryBuilder<ObjectLiteral> {
    const counted = this.workloadWhere(filter).select('d.id', 'id').limit(upTo);
    return this.deadlines.manager.createQueryBuilder().select('COUNT(*)', 'count').from(`(${counted.getQuery()})`, 'w').setParameters(counted.getParameters());
  }

  private workloadWhere(filter: WorkloadFilter): SelectQueryBuilder<Deadline> {
    const sql = this.deadlines.createQueryBuilder('d').where("d.status = 'open'").andWhere('d.responsible_state = :state', { state: filter.state });
    if (filter.assigneeId === null) sql.andWhere('d.assignee_id IS NULL');
    else if (filter.assigneeId) sql.andWhere('d.assignee_id = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter.due?.from) sql.andWhere('d.due_at >= :dueFrom', { dueFrom: filter.due.from });
    if (filter.due?.before) sql.andWhere('d.due_at < :dueBefore', { dueBefore: filter.due.before });
    if (filter.limits) sql.andWhere('d.time_limit IN (:...limits)', { limits: filter.limits });
    return sql;
  }

  // --- Compliance.

  /** The deadlines behind one count, by due date then id; one more than the page, so that the caller knows whether another follows. */
  complianceDeadlines(query: ComplianceDeadlinesQuery): Promise<Deadline[]> {
    return this.complianceStatement(query).getMany();
  }

  private complianceStatement(query: ComplianceDeadlinesQuery): SelectQueryBuilder<Deadline> {
    const sql = this.deadlines
      .createQueryBuilder('d')
      .where('d.responsible_state = :state', { state: query.state })
      .andWhere('d.measure = :measure', { measure: query.measure })
      .andWhere('d.due_on >= :from AND d.due_on <= :to', { from: query.from, to: query.to })
      .setParameter('today', query.today);
    if (query.outcome) sql.andWhere(`${OUTCOME_SQL} = :outcome`, { outcome: query.outcome });
    return keysetPage(sql, 'd', 'ASC', query.after && { key: query.after.dueOn, id: query.after.id }, query.limit, 'due_on');
  }
}

/**
 * A deadline's outcome as of `:today`, as complianceOutcomeOf gives it: met on time; late when met
 * late, missed, or still open past its due date; open until then; cancelled.
 */
const OUTCOME_SQL = `CASE
  WHEN d.status = 'cancelled' THEN 'cancelled'
  WHEN d.status = 'met' AND d.on_time = TRUE THEN 'on_time'
  WHEN d.status = 'open' AND d.due_on >= :today THEN 'open'
  ELSE 'late' END`;

export interface ComplianceDeadlinesQuery {
  measure: Measure;
  from: CompactDate;
  to: CompactDate;
  today: CompactDate;
  /** The owing state. */
  state: StateCode;
  outcome?: ComplianceOutcome;
  after: { dueOn: CompactDate; id: string } | null;
  limit: number;
}
