import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { CaseSide, PersistedActivitySnapshot, SupervisionActivityKind } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { JSON_DOCUMENT, TIMESTAMP } from '../database/column-types';

/**
 * One supervision activity of a case (a progress report, a violation report, a warrant, a return
 * request, a compact action request): its kind's machine snapshot holds its status, its fields and
 * each step's log.
 */
@Entity({ name: 'case_activities' })
@Index('idx_case_activities_case_created', ['caseId', 'createdAt', 'id'])
// A state's activities on each side, by last change (GET /activities): of every kind, or of one kind in
// one status (which also finds the open action requests addressed to the state).
@Index('idx_case_activities_sending_updated', ['sendingState', 'updatedAt', 'id'])
@Index('idx_case_activities_receiving_updated', ['receivingState', 'updatedAt', 'id'])
@Index('idx_case_activities_sending_kind_status_updated', ['sendingState', 'kind', 'status', 'updatedAt', 'id'])
@Index('idx_case_activities_receiving_kind_status_updated', ['receivingState', 'kind', 'status', 'updatedAt', 'id'])
// The open action requests addressed to a state, oldest first: those the other side of its cases sent.
// Its kind and status are columns too, though the condition fixes them: a planner without statistics
// (SQLite's) picks the index with the most equal columns, and the one above has three.
@Index('idx_case_activities_open_requests_sending', ['sendingState', 'kind', 'status', 'startedBySide', 'updatedAt', 'id'], {
  where: `"kind" = 'action_request' AND "status" = 'open'`,
})
@Index('idx_case_activities_open_requests_receiving', ['receivingState', 'kind', 'status', 'startedBySide', 'updatedAt', 'id'], {
  where: `"kind" = 'action_request' AND "status" = 'open'`,
})
export class CaseActivity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @Column({ type: 'varchar', length: 24 })
  kind: SupervisionActivityKind;

  /** The case's two states, copied because they never change. */
  @Column({ name: 'sending_state', type: 'varchar', length: 2 })
  sendingState: StateCode;

  @Column({ name: 'receiving_state', type: 'varchar', length: 2 })
  receivingState: StateCode;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  /** The activity this one answers: a warrant's violation report. */
  @Column({ name: 'linked_activity_id', type: 'varchar', length: 36, nullable: true })
  linkedActivityId: string | null;

  /** The kind's machine snapshot, as SUPERVISION_ACTIVITY_MACHINE_VERSION `machineVersion` wrote it. */
  @Column({ type: JSON_DOCUMENT })
  snapshot: PersistedActivitySnapshot;

  @Column({ name: 'machine_version', type: 'integer' })
  machineVersion: number;

  /** Bumped by every change; the conditional UPDATE checks it. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'started_by', type: 'varchar', length: 36 })
  startedBy: string;

  @Column({ name: 'started_by_username', type: 'varchar', length: 64 })
  startedByUsername: string;

  /** The side of the case that started it, as its snapshot says; it never changes. An action request is addressed to the other. */
  @Column({ name: 'started_by_side', type: 'varchar', length: 9 })
  startedBySide: CaseSide;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'updated_at', type: TIMESTAMP })
  updatedAt: Date;
}
