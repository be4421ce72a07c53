import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

export type AuditOutcome = 'allowed' | 'denied' | 'error';

/**
 * One line of the append-only history. The database refuses UPDATE and DELETE on this table, and
 * each entry's hash covers its fields and the previous entry's hash, so any edit breaks the chain.
 */
@Entity({ name: 'audit_entries' })
@Index('idx_audit_case_seq', ['caseId', 'seq'])
@Index('idx_audit_actor_seq', ['actorUsername', 'seq'])
@Index('idx_audit_primary_state_seq', ['primaryState', 'seq'])
@Index('idx_audit_secondary_state_seq', ['secondaryState', 'seq'])
// What a filtered page of GET /audit walks in sequence order (see audit-page-plan.ts): a state's
// entries of one action, and a state's refused or failed attempts. Only the rare outcomes are kept
// in the latter, so the common append (an allowed step) writes neither of those two.
@Index('idx_audit_primary_state_action_seq', ['primaryState', 'action', 'seq'])
@Index('idx_audit_secondary_state_action_seq', ['secondaryState', 'action', 'seq'])
@Index('idx_audit_primary_state_outcome_seq', ['primaryState', 'outcome', 'seq'], { where: `"outcome" <> 'allowed'` })
@Index('idx_audit_secondary_state_outcome_seq', ['secondaryState', 'outcome', 'seq'], { where: `"outcome" <> 'allowed'` })
// With seq beside the time, a time window's first and last entries are read from the index alone.
@Index('idx_audit_occurred_at_seq', ['occurredAt', 'seq'])
export class AuditEntry {
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ name: 'occurred_at', type: TIMESTAMP })
  occurredAt: Date;

  @Column({ name: 'actor_id', type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_username', type: 'varchar', length: 64, nullable: true })
  actorUsername: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 32, nullable: true })
  actorRole: string | null;

  @Column({ name: 'actor_state', type: 'varchar', length: 2, nullable: true })
  actorState: string | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  /** The case this entry belongs to, so a case's history is one indexed range. */
  @Column({ name: 'case_id', type: 'varchar', length: 36, nullable: true })
  caseId: string | null;

  /**
   * The states whose auditors may read this entry: a case's sending and receiving state, or the
   * state of the account concerned. Kept on the entry so that a state's history is an indexed range.
   */
  @Column({ name: 'primary_state', type: 'varchar', length: 2, nullable: true })
  primaryState: string | null;

  @Column({ name: 'secondary_state', type: 'varchar', length: 2, nullable: true })
  secondaryState: string | null;

  @Column({ name: 'from_state', type: 'varchar', length: 32, nullable: true })
  fromState: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 32, nullable: true })
  toState: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: AuditOutcome;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ name: 'client_address', type: 'varchar', length: 64, nullable: true })
  clientAddress: string | null;

  /** Version of the canonical serialization that `hash` was computed over. */
  @Column({ name: 'hash_format', type: 'integer' })
  hashFormat: number;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
