import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

export type IdempotencyKeyStatus = 'in_progress' | 'completed';

/**
 * One Idempotency-Key of one user: the request it was first used for and, once that request is
 * done, the answer it got, so that a retry is answered the same without doing anything again.
 */
@Entity({ name: 'idempotency_keys' })
// Keys are kept for a retention period; the purge deletes by age.
@Index('idx_idempotency_keys_created', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  /** "POST /cases/…/events", to tell a client what the key was first used for. */
  @Column({ type: 'varchar', length: 300 })
  request: string;

  @Column({ type: 'varchar', length: 16 })
  status: IdempotencyKeyStatus;

  /**
   * Which attempt holds the key. A retry may take over a key whose holder died (its lease ran out);
   * the old holder's write of the answer then matches no row, and its transaction rolls back.
   */
  @Column({ type: 'varchar', length: 36 })
  attempt: string;

  @Column({ name: 'locked_until', type: TIMESTAMP })
  lockedUntil: Date;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus: number | null;

  /** The answer's JSON body, as first sent. */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  @Column({ name: 'completed_at', type: TIMESTAMP, nullable: true })
  completedAt: Date | null;
}
