import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CompactDate, DayUnit, DeadlineStatus, Measure, Side, TimeLimit } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { TIMESTAMP } from '../database/column-types';

/**
 * One obligation under a time limit: written in the transaction of the step that starts its clock,
 * and met, missed or cancelled in the transaction of the step that ends it. Its rule version, limit
 * and due date are kept as they were when it started: a later rule never moves them.
 */
@Entity({ name: 'deadlines' })
@Index('idx_deadlines_case', ['caseId', 'startedAt'])
// A state's workload, an officer's (or nobody's yet) and one time limit's: the open deadlines, soonest due first.
@Index('idx_deadlines_state_open', ['responsibleState', 'dueAt', 'id'], { where: `"status" = 'open'` })
@Index('idx_deadlines_state_assignee_open', ['responsibleState', 'assigneeId', 'dueAt', 'id'], { where: `"status" = 'open'` })
@Index('idx_deadlines_state_limit_open', ['responsibleState', 'limit', 'dueAt', 'id'], { where: `"status" = 'open'` })
// The deadlines behind a compliance count: a state's of one measure, by due date.
@Index('idx_deadlines_state_measure_due', ['responsibleState', 'measure', 'dueOn', 'id'])
// The reminder pass's one question: which open deadlines have a notice that has fallen due?
@Index('idx_deadlines_next_notice', ['nextNoticeAt'], { where: `"next_notice_at" IS NOT NULL` })
// The deadlines of an activity, for its answers.
@Index('idx_deadlines_activity', ['activityId', 'startedAt'], { where: `"activity_id" IS NOT NULL` })
export class Deadline {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  /** The supervision activity of the case it belongs to (a progress report, a violation report…); null for the case's own. */
  @Column({ name: 'activity_id', type: 'varchar', length: 36, nullable: true })
  activityId: string | null;

  @Column({ name: 'time_limit', type: 'varchar', length: 16 })
  limit: TimeLimit;

  /** The version of the rule in force on the day the clock started (DEADLINE_RULES). */
  @Column({ name: 'rule_version', type: 'varchar', length: 40 })
  ruleVersion: string;

  /** The rule as cited when the clock started. */
  @Column({ type: 'varchar', length: 40 })
  rule: string;

  @Column({ name: 'limit_days', type: 'integer' })
  limitDays: number;

  @Column({ name: 'limit_unit', type: 'varchar', length: 8 })
  limitUnit: DayUnit;

  @Column({ type: 'varchar', length: 24, nullable: true })
  measure: Measure | null;

  @Column({ name: 'responsible_side', type: 'varchar', length: 9 })
  responsibleSide: Side;

  @Column({ name: 'responsible_state', type: 'varchar', length: 2 })
  responsibleState: StateCode;

  /** The user of the owing side the case is assigned to; null while nobody is, and the compact office acts. */
  @Column({ name: 'assignee_id', type: 'varchar', length: 36, nullable: true })
  assigneeId: string | null;

  /** The step that started the clock, and when its activity was transmitted and received; no step for a supervision end date. */
  @Column({ name: 'started_by', type: 'varchar', length: 32 })
  startedBy: string;

  @Column({ name: 'transmitted_at', type: TIMESTAMP, nullable: true })
  transmittedAt: Date | null;

  @Column({ name: 'received_at', type: TIMESTAMP, nullable: true })
  receivedAt: Date | null;

  /** Day 0 of the count, an Eastern date. */
  @Column({ name: 'start_on', type: 'varchar', length: 10 })
  startOn: CompactDate;

  @Column({ name: 'started_at', type: TIMESTAMP })
  startedAt: Date;

  /** The Eastern date the deadline falls due, and the instant that date ends. */
  @Column({ name: 'due_on', type: 'varchar', length: 10 })
  dueOn: CompactDate;

  @Column({ name: 'due_at', type: TIMESTAMP })
  dueAt: Date;

  @Column({ type: 'varchar', length: 9 })
  status: DeadlineStatus;

  /** When, and by which step, it was met, missed or cancelled. */
  @Column({ name: 'ended_at', type: TIMESTAMP, nullable: true })
  endedAt: Date | null;

  @Column({ name: 'ended_by', type: 'varchar', length: 32, nullable: true })
  endedBy: string | null;

  /** Met on or before its due date, Eastern; null while open. */
  @Column({ name: 'on_time', type: 'boolean', nullable: true })
  onTime: boolean | null;

  /** When the next reminder falls due; null once none is left, or the deadline has ended. */
  @Column({ name: 'next_notice_at', type: TIMESTAMP, nullable: true })
  nextNoticeAt: Date | null;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;
}
