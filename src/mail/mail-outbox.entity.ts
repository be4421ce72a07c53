import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TIMESTAMP } from '../database/column-types';

/**
 * A mail waiting to be sent, written in the same transaction as the change it tells of: a crash
 * after the commit leaves the row here, and the sender delivers it after the restart.
 */
@Entity({ name: 'mail_outbox' })
// The sender's one question, "what is due?", reads only the unsent rows.
@Index('idx_mail_outbox_due', ['nextAttemptAt'], { where: `"sent_at" IS NULL` })
export class OutboxMail {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'to', type: 'varchar', length: 254 })
  to: string;

  @Column({ type: 'varchar', length: 300 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'created_at', type: TIMESTAMP })
  createdAt: Date;

  /** Delivery attempts so far, failed ones and the one that succeeded. */
  @Column({ type: 'integer' })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: TIMESTAMP })
  nextAttemptAt: Date;

  @Column({ name: 'sent_at', type: TIMESTAMP, nullable: true })
  sentAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /**
   * The sender pass that is delivering this mail, so that several instances on one database never
   * deliver it twice; a claim whose holder died runs out at claimed_until and is taken again.
   */
  @Column({ name: 'claimed_by', type: 'varchar', length: 36, nullable: true })
  claimedBy: string | null;

  @Column({ name: 'claimed_until', type: TIMESTAMP, nullable: true })
  claimedUntil: Date | null;

  /** See MailDraft.holdsSecret. */
  @Column({ name: 'holds_secret', type: 'boolean', default: false })
  holdsSecret: boolean;
}
