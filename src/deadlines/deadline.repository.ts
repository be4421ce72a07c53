import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import type { CompactDate, ComplianceOutcome, Measure, OutcomeTally, Side } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { keysetPageBy } from '../database/keyset-page';
import { DeadlineNotice } from './deadline-notice.entity';
import { Deadline } from './deadline.entity';
import { managerOf, type Transaction } from '../database/transaction';

/** How a step ended a deadline. */
export type DeadlineEnding = Pick<Deadline, 'status' | 'endedAt' | 'endedBy' | 'onTime'>;

/** Every statement on the deadlines and their reminders. */
@Injectable()
export class DeadlineRepository {
  constructor(
    @InjectRepository(Deadline) private readonly deadlines: Repository<Deadline>,
    @InjectRepository(DeadlineNotice) private readonly notices: Repository<DeadlineNotice>,
  ) {}

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

  async insert(tx: Transaction, rows: readonly Deadline[]): Promise<void> {
    if (rows.length) await managerOf(tx).insert(Deadline, [...rows] as QueryDeepPartialEntity<Deadline>[]);
  }

  /** The deadlines still open on a case, inside the transaction of the step that may end them. */
  openOf(tx: Transaction, caseId: string): Promise<Deadline[]> {
    return managerOf(tx).find(Deadline, { where: { caseId, status: 'open' }, order: { startedAt: 'ASC', id: 'ASC' } });
  }

  /** Ends an open deadline; no reminder of it is left to send. */
  async end(tx: Transaction, id: string, ending: DeadlineEnding): Promise<void> {
    await managerOf(tx).update(Deadline, { id, status: 'open' }, { ...ending, nextNoticeAt: null });
  }

  /** Hands a side's open deadlines of a case to its new assignee. */
  async reassignOpen(tx: Transaction, caseId: string, side: Side, assigneeId: string): Promise<number> {
    const result = await managerOf(tx).update(Deadline, { caseId, responsibleSide: side, status: 'open' }, { assigneeId });
    return result.affected ?? 0;
  }

  /** The deadlines of some cases, in the order their clocks started; `tx`: inside a transaction, the answer's own. */
  async ofCases(caseIds: readonly string[], tx: Transaction | null): Promise<Deadline[]> {
    if (caseIds.length === 0) return [];
    const manager = tx ? managerOf(tx) : this.deadlines.manager;
    // Two clocks can start at one instant (a closure notice's, from the same supervision end date, after a reopen): the older row first.
    return manager.find(Deadline, { where: { caseId: In([...caseIds]) }, order: { startedAt: 'ASC', createdAt: 'ASC', id: 'ASC' } });
  }

  // --- Reminders.

  // --- Workloads.

  // --- Compliance.

  /**
   * How many deadlines of each measure due in each period came to each outcome as of `today`, the
   * owing state's apart from the others': the counting is the database's, one row per group.
   */
  async complianceTallies(query: ComplianceQuery): Promise<PeriodTally[]> {
    const { periods, state, today } = query;
    // The periods follow one another: a deadline is in the first whose last day is not before its due date.
    const periodOf = periods.map((_p, i) => `WHEN d.due_on <= :periodEnd${i} THEN ${i}`).join(' ');
    const ends = Object.fromEntries(periods.map((p, i) => [`periodEnd${i}`, p.to]));
    const rows = await this.deadlines
      .createQueryBuilder('d')
      .select(`CASE ${periodOf} END`, 'period')
      .addSelect('d.measure', 'measure')
      .addSelect('CASE WHEN d.responsible_state = :state THEN 1 ELSE 0 END', 'own_state')
      .addSelect(OUTCOME_SQL, 'outcome')
      .addSelect('COUNT(*)', 'count')
      .where('d.measure IS NOT NULL')
      .andWhere('d.due_on >= :from AND d.due_on <= :to', { from: periods[0].from, to: periods[periods.length - 1].to })
      .setParameters({ ...ends, state, today })
      .groupBy('period')
      .addGroupBy('d.measure')
      .addGroupBy('own_state')
      .addGroupBy('outcome')
      .getRawMany<{ period: number | string; measure: Measure; own_state: number | string; outcome: ComplianceOutcome; count: number | string }>();
    return rows.map((r) => ({ period: Number(r.period), measure: r.measure, ownState: Number(r.own_state) === 1, outcome: r.outcome, count: Number(r.count) }));
  }

  /** The deadlines behind one count, by due date then id; one more than the page, so that the caller knows whether another follows. */
  complianceDeadlines(query: ComplianceDeadlinesQuery): Promise<Deadline[]> {
    const sql = this.deadlines
      .createQueryBuilder('d')
      .where('d.measure = :measure', { measure: query.measure })
      .andWhere('d.due_on >= :from AND d.due_on <= :to', { from: query.from, to: query.to })
      .setParameter('today', query.today);
    if (query.state) sql.andWhere('d.responsible_state = :state', { state: query.state });
    if (query.outcome) sql.andWhere(`${OUTCOME_SQL} = :outcome`, { outcome: query.outcome });
    return keysetPageBy(sql, 'd.due_on', 'd', 'ASC', query.after && { key: query.after.dueOn, id: query.after.id }, query.limit);
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

export interface ComplianceQuery {
  /** One after the other, from the first day of the range to its last. */
  periods: readonly { from: CompactDate; to: CompactDate }[];
  state: StateCode;
  today: CompactDate;
}

/** The tallies of one period, by its index in the query. */
export interface PeriodTally extends OutcomeTally {
  period: number;
}

export interface ComplianceDeadlinesQuery {
  measure: Measure;
  from: CompactDate;
  to: CompactDate;
  today: CompactDate;
  /** The owing state; every state's when absent. */
  state?: StateCode;
  outcome?: ComplianceOutcome;
  after: { dueOn: CompactDate; id: string } | null;
  limit: number;
}
