import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import type { Side } from '../../machines';
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
}
