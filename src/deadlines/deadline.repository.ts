import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import type { Side } from '../../machines';
import { DeadlineNotice } from './deadline-notice.entity';
import { Deadline } from './deadline.entity';
import { SupervisionCase } from '../cases/case.entity';
import { keysetPage } from '../database/keyset-page';
import { forUpdate } from '../database/row-locks';
import { managerOf, type Transaction } from '../database/transaction';

/** Whose open deadlines a workload lists: a state's, one user's (null: nobody's yet), past due or not, of some limits. */
export interface WorkloadFilter {
  state: string;
  assigneeId?: string | null;
  /** Only those past their due instant at `now`, or only those not yet. */
  overdue?: { now: Date; past: boolean };
  limits?: readonly string[];
}

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

  /** Open deadlines whose next reminder has fallen due by `now`, in the order they fell due, from past `after`: `limit` and one more. */
  withNoticeDue(now: Date, after: { key: Date; id: string } | null, limit: number): Promise<Deadline[]> {
    const sql = this.deadlines
      .createQueryBuilder('d')
      .select(['d.id', 'd.nextNoticeAt'])
      .where("d.status = 'open'")
      .andWhere('d.next_notice_at <= :now', { now });
    return keysetPage(sql, 'd', 'ASC', after, limit, 'next_notice_at');
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

  /** The case a reminder names. */
  caseOf(tx: Transaction, caseId: string): Promise<SupervisionCase | null> {
    return managerOf(tx).findOneBy(SupervisionCase, { id: caseId });
  }

  // --- Workloads.

  /** One page of open deadlines, soonest due first, past the (dueAt, id) `after`: `limit` and one more. */
  workloadPage(filter: WorkloadFilter, after: { key: Date; id: string } | null, limit: number): Promise<Deadline[]> {
    const sql = this.deadlines.createQueryBuilder('d').where("d.status = 'open'").andWhere('d.responsible_state = :state', { state: filter.state });
    if (filter.assigneeId === null) sql.andWhere('d.assignee_id IS NULL');
    else if (filter.assigneeId) sql.andWhere('d.assignee_id = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter.overdue) sql.andWhere(`d.due_at ${filter.overdue.past ? '<' : '>='} :now`, { now: filter.overdue.now });
    if (filter.limits) sql.andWhere('d.time_limit IN (:...limits)', { limits: filter.limits });
    return keysetPage(sql, 'd', 'ASC', after, limit, 'due_at');
  }

  /** The cases of some deadlines, by id. */
  async casesOf(caseIds: readonly string[]): Promise<Map<string, SupervisionCase>> {
    const rows = caseIds.length ? await this.deadlines.manager.findBy(SupervisionCase, { id: In([...caseIds]) }) : [];
    return new Map(rows.map((c) => [c.id, c]));
  }

  // --- Compliance.
}
