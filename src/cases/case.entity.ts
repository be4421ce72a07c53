import { Column, Entity, EventSubscriber, Index, PrimaryColumn } from 'typeorm';
import { migrateCaseSnapshot, type CaseStatus, type ClosureReason, type CompactDate, type PersistedCaseSnapshot } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { JSON_DOCUMENT, TIMESTAMP } from '../database/column-types';
import { SnapshotMigrationOnLoad } from '../database/snapshot-migration-on-load';

/** A supervision case moving (or moved) from a sending state to a receiving state. */
@Entity({ name: 'cases' })
@Index('idx_cases_sending_created', ['sendingState', 'createdAt', 'id'])
// The receiving state's list holds only cases transmitted to it (see case-visibility.ts): drafts are left out of the index.
@Index('idx_cases_receiving_created', ['receivingState', 'createdAt', 'id'], { where: '"transmitted_at" IS NOT NULL' })
// The list's default order, the last changed first (sort=updated).
@Index('idx_cases_sending_updated', ['sendingState', 'updatedAt', 'id'])
@Index('idx_cases_receiving_updated', ['receivingState', 'updatedAt', 'id'], { where: '"transmitted_at" IS NOT NULL' })
// The status filter, in that order. (The search's own index, case_search, is the migrations' alone: see case-search.ts.)
@Index('idx_cases_sending_status_updated', ['sendingState', 'status', 'updatedAt', 'id'])
@Index('idx_cases_receiving_status_updated', ['receivingState', 'status', 'updatedAt', 'id'], { where: '"transmitted_at" IS NOT NULL' })
// A search's exact number first: indexes of LOWER(case_number) and LOWER(offender_id), the migrations' own (CaseSearchWords).
@Index('idx_cases_case_number_lower', { synchronize: false })
@Index('idx_cases_offender_id_lower', { synchronize: false })
// The order by what falls due next (sort=due), and with the status filter.
@Index('idx_cases_sending_due', ['sendingState', 'nextDueOn', 'id'])
@Index('idx_cases_receiving_due', ['receivingState', 'nextDueOn', 'id'], { where: '"transmitted_at" IS NOT NULL' })
@Index('idx_cases_sending_status_due', ['sendingState', 'status', 'nextDueOn', 'id'])
@Index('idx_cases_receiving_status_due', ['receivingState', 'status', 'nextDueOn', 'id'], { where: '"transmitted_at" IS NOT NULL' })
export class SupervisionCase {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index({ unique: true })
  @Column({ name: 'case_number', type: 'varchar', length: 32 })
  caseNumber: string;

  @Column({ name: 'offender_name', type: 'varchar', length: 200 })
  offenderName: string;

  @Column({ name: 'offender_id', type: 'varchar', length: 64, nullable: true })
  offenderId: string | null;

  @Column({ name: 'sending_state', type: 'varchar', length: 2 })
  sendingState: StateCode;

  @Column({ name: 'receiving_state', type: 'varchar', length: 2 })
  receivingState: StateCode;

  @Column({ type: 'varchar', length: 32 })
  status: CaseStatus;

  @Column({ name: 'closure_reason', type: 'varchar', length: 32, nullable: true })
  closureReason: ClosureReason | null;

  /**
   * The lifecycle machine's persisted snapshot. Stored as machine version `machineVersion` wrote it;
   * once loaded, in the current machine's shape (CaseSnapshotMigration).
   */
  @Column({ type: JSON_DOCUMENT })
  snapshot: PersistedCaseSnapshot;

  /** The version of the lifecycle machine that wrote the row; every transition writes the current one. */
  @Column({ name: 'machine_version', type: 'integer' })
  machineVersion: number;

  /** Bumped by every accepted transition; the conditional UPDATE checks it. */
  @Column({ type: 'integer' })
  version: number;

  /**
   * When the transfer request first left the sending state (the first SUBMIT_TRANSFER_REQUEST accepted);
   * null while the case is the sending state's alone. Never cleared: a case once sent stays the receiver's too.
   */
  @Column({ name: 'transmitted_at', type: TIMESTAMP, nullable: true })
  transmittedAt: Date | null;

  /** The last day of supervision the sentence sets (its maximum expiration date), Eastern; the closure notice counts from it. */
  @Column({ name: 'supervision_ends_on', type: 'varchar', length: 10, nullable: true })
  supervisionEndsOn: CompactDate | null;

  /** Rule 3.105: the date a person whose transfer request went before release is to be released, as its latest request gave it. */
  @Column({ name: 'planned_release_date', type: 'varchar', length: 10, nullable: true })
  plannedReleaseDate: CompactDate | null;

  /** The user each side has assigned the case to: reminders go to them. The sending side's is the officer who opened it. */
  @Column({ name: 'sending_assignee_id', type: 'varchar', length: 36, nullable: true })
  sendingAssigneeId: string | null;

  /** Assigned by the receiving compact office on acceptance; null until then, and the compact office acts. */
  @Column({ name: 'receiving_assignee_id', type: 'varchar', length: 36, nullable: true })
  receivingAssigneeId: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy: string;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;

  /**
   * The due date of the case's earliest open deadline (soonest due, then by id), its activities'
   * included, and that deadline's id; NO_DUE_DATE (case.repository.ts) and null while none is open.
   * Written by the database alone, by the deadlines' triggers (migration CaseNextDue), in the
   * transaction of every deadline write; each trigger changes them from what they hold, so nothing
   * else may write them: no insert or save of a case through TypeORM does. Absent on a case made in
   * memory.
   */
  @Column({ name: 'next_due_on', type: 'varchar', length: 10, default: '9999-12-31', insert: false, update: false })
  readonly nextDueOn?: CompactDate;

  @Column({ name: 'next_due_id', type: 'varchar', length: 36, nullable: true, insert: false, update: false })
  readonly nextDueId?: string | null;

  /**
   * The offender's name's words and the numbers' words as the search compares them (searchColumnsOf
   * of case-search.ts), set by CaseRepository.create with the name and numbers they are made of, which
   * nothing changes afterwards. Read by the search's statements only.
   */
  @Column({ name: 'search_name', type: 'text', default: '', update: false, select: false })
  readonly searchName?: string;

  @Column({ name: 'search_numbers', type: 'text', default: '', update: false, select: false })
  readonly searchNumbers?: string;
}

/** A case stored by an older lifecycle machine is read as the current one would have stored it. */
@EventSubscriber()
export class CaseSnapshotMigration extends SnapshotMigrationOnLoad<SupervisionCase> {
  protected readonly entity = SupervisionCase;
  protected migrate = migrateCaseSnapshot;
}
