import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

/** What a link is for: a forgotten password, or the first password of an account a state administrator opened. */
export type ResetTokenPurpose = 'reset' | 'invitation';

/**
 * A link that sets an account's password, once. Only the SHA-256 of its token is kept: someone who
 * reads the database cannot use a link that is still valid.
 */
@Entity({ name: 'password_reset_tokens' })
@Index('uq_password_reset_tokens_hash', ['tokenHash'], { unique: true })
// Retiring an account's other links after a reset reads only the unused ones.
@Index('idx_password_reset_tokens_unused_by_user', ['userId'], { where: `"used_at" IS NULL` })
export class PasswordResetToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  /** Hex SHA-256 of the token in the link. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 16 })
  purpose: ResetTokenPurpose;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'expires_at', type: TIMESTAMP })
  expiresAt: Date;

  /** When the link was used, or retired unused because another link of the account was used. */
  @Column({ name: 'used_at', type: TIMESTAMP, nullable: true })
  usedAt: Date | null;
}
