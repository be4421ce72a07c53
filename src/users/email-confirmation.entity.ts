import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

/**
 * A change of an account's email address that waits for the owner of the new address. The
 * account keeps its confirmed address (users.email) until the link mailed to the new one is
 * used; like a reset link, only the SHA-256 of the token is kept.
 */
@Entity({ name: 'email_confirmations' })
@Index('uq_email_confirmations_hash', ['tokenHash'], { unique: true })
// The pending change of an account: its one unused row.
@Index('idx_email_confirmations_unused_by_user', ['userId'], { where: `"used_at" IS NULL` })
export class EmailConfirmation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  /** The new address, which becomes the account's once confirmed. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** Hex SHA-256 of the token in the link. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  /** Who asked for the change: the username of the state administrator. */
  @Column({ name: 'requested_by', type: 'varchar', length: 64 })
  requestedBy: string;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'expires_at', type: TIMESTAMP })
  expiresAt: Date;

  /** When the link was used, or the change was withdrawn or replaced by another. */
  @Column({ name: 'used_at', type: TIMESTAMP, nullable: true })
  usedAt: Date | null;
}
