import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The newest entry of the chain, kept in one row so that an append knows its predecessor without a
 * scan, and so that concurrent appends (later: several instances on PostgreSQL) queue on one row lock.
 */
@Entity({ name: 'audit_chain_head' })
export class AuditChainHead {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq: number;

  @Column({ name: 'last_hash', type: 'varchar', length: 64 })
  lastHash: string;
}
