import { Column, Entity, EventSubscriber, Index, PrimaryColumn } from 'typeorm';
import { migrateReopenRequestSnapshot, type PersistedReopenRequestSnapshot, type ReopenRequestStatus } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { JSON_DOCUMENT, TIMESTAMP } from '../database/column-types';
import { SnapshotMigrationOnLoad } from '../database/snapshot-migration-on-load';

/**
 * A field officer's or supervisor's request that the receiving state's compact office reopen a
 * closed case.
 */
@Entity({ name: 'reopen_requests' })
// One pending request per case, held by the database itself so that two simultaneous asks cannot both win.
@Index('uq_reopen_requests_one_pending', ['caseId'], { unique: true, where: `"status" = 'pending'` })
@Index('idx_reopen_requests_case_created', ['caseId', 'createdAt', 'id'])
@Index('idx_reopen_requests_receiving_created', ['receivingState', 'createdAt', 'id'])
@Index('idx_reopen_requests_sending_created', ['sendingState', 'createdAt', 'id'])
// A state's requests of one status, oldest first: the compact office's queue.
@Index('idx_reopen_requests_receiving_status_created', ['receivingState', 'status', 'createdAt', 'id'])
@Index('idx_reopen_requests_sending_status_created', ['sendingState', 'status', 'createdAt', 'id'])
export class ReopenRequest {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  /**
   * The case's two states, copied because they never change: the queues of the compact offices and
   * of the officers are then one indexed range of this table.
   */
  @Column({ name: 'sending_state', type: 'varchar', length: 2 })
  sendingState: StateCode;

  @Column({ name: 'receiving_state', type: 'varchar', length: 2 })
  receivingState: StateCode;

  @Column({ type: 'varchar', length: 16 })
  status: ReopenRequestStatus;

  /** Why the requester asks. */
  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  /** The requester's user id; only they may withdraw. */
  @Column({ name: 'requested_by', type: 'varchar', length: 36 })
  requestedBy: string;

  @Column({ name: 'requested_by_username', type: 'varchar', length: 64 })
  requestedByUsername: string;

  /** Who approved, denied or withdrew it. */
  @Column({ name: 'decided_by', type: 'varchar', length: 36, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_by_username', type: 'varchar', length: 64, nullable: true })
  decidedByUsername: string | null;

  @Column({ name: 'decision_reason', type: 'varchar', length: 1000, nullable: true })
  decisionReason: string | null;

  /**
   * The reopen-request machine's persisted snapshot. Stored as machine version `machineVersion` wrote
   * it; once loaded, in the current machine's shape (ReopenRequestSnapshotMigration).
   */
  @Column({ type: JSON_DOCUMENT })
  snapshot: PersistedReopenRequestSnapshot;

  /** The version of the reopen-request machine that wrote the row; every change writes the current one. */
  @Column({ name: 'machine_version', type: 'integer' })
  machineVersion: number;

  /** Bumped by every change; the conditional UPDATE checks it. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;

  @Column({ name: 'decided_at', type: TIMESTAMP, nullable: true })
  decidedAt: Date | null;
}

/** A request stored by an older reopen-request machine is read as the current one would have stored it. */
@EventSubscriber()
export class ReopenRequestSnapshotMigration extends SnapshotMigrationOnLoad<ReopenRequest> {
  protected readonly entity = ReopenRequest;
  protected migrate = migrateReopenRequestSnapshot;
}
