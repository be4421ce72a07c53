import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

/**
 * A signed statement "the chain had this head at this sequence". Kept here and, more importantly,
 * exported and kept elsewhere: an attacker who rewrites the whole table cannot sign a new one.
 */
@Entity({ name: 'audit_checkpoints' })
export class AuditCheckpoint {
  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ name: 'signed_at', type: TIMESTAMP })
  signedAt: Date;

  @Column({ name: 'key_id', type: 'varchar', length: 32 })
  keyId: string;

  @Column({ type: 'varchar', length: 128 })
  signature: string;
}
