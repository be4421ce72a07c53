import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

/** Why a session ended; a session without one is open. */
export type SessionEndReason = 'signed_out' | 'idle' | 'password_reset' | 'password_changed' | 'role_changed' | 'deactivated';

/**
 * One sign-in, on the server: the access token names it, and the auth guard refuses the token as soon
 * as the session has ended, however long the token itself would still be valid.
 */
@Entity({ name: 'sessions' })
// Ending every session of an account (reset, role change, deactivation) reads only the open ones.
@Index('idx_sessions_open_by_user', ['userId'], { where: `"ended_at" IS NULL` })
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  /** Written at most once a minute (see session-rules), so that reads stay reads. */
  @Column({ name: 'last_seen_at', type: TIMESTAMP })
  lastSeenAt: Date;

  @Column({ name: 'ended_at', type: TIMESTAMP, nullable: true })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 32, nullable: true })
  endReason: SessionEndReason | null;

  @Column({ name: 'client_address', type: 'varchar', length: 64, nullable: true })
  clientAddress: string | null;
}
