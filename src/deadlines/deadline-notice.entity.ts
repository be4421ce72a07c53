import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NoticeKind } from '../../machines';
import { TIMESTAMP } from '../database/column-types';

/**
 * A reminder of a deadline, recorded in the transaction that puts its mail in the outbox. The unique
 * index is what makes each reminder go once: two instances that both find it due cannot both record it.
 */
@Entity({ name: 'deadline_notices' })
@Index('idx_deadline_notices_once', ['deadlineId', 'noticeIndex'], { unique: true })
export class DeadlineNotice {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'deadline_id', type: 'varchar', length: 36 })
  deadlineId: string;

  /** Its place in the rule's schedule of reminders. */
  @Column({ name: 'notice_index', type: 'integer' })
  noticeIndex: number;

  @Column({ type: 'varchar', length: 9 })
  kind: NoticeKind;

  /** Sent; or superseded, set aside unsent because a later reminder of the same deadline had fallen due too. */
  @Column({ type: 'varchar', length: 10 })
  outcome: 'sent' | 'superseded';

  /** How many people the mail went to. */
  @Column({ type: 'integer' })
  recipients: number;

  /** When the reminder was due to go out, and when it was recorded. */
  @Column({ name: 'due_at', type: TIMESTAMP })
  dueAt: Date;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;
}
