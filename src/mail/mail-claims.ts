import { In, IsNull, LessThan, Or } from 'typeorm';
import { onPostgres } from '../database/row-locks';
import { MAIL_RETRY } from './mail-backoff';
import { OutboxMail } from './mail-outbox.entity';
import { managerOf, type Transaction } from '../database/transaction';

/**
 * How long a sender pass holds the mails it took. Longer than a batch can take to deliver; after a
 * crash, the mails it held wait this long before another pass (of any instance) takes them.
 */
const MAIL_CLAIM_MS = 15 * 60_000;

/**
 * Takes up to `limit` due mails for one sender pass (`token`), so that the senders of several
 * instances on one database never deliver the same mail: on PostgreSQL the due rows are read FOR
 * UPDATE SKIP LOCKED, and every engine marks them claimed before the transaction ends.
 */
export async function claimDueMails(m: Transaction, token: string, now: Date, limit: number): Promise<OutboxMail[]> {
  const due = managerOf(m)
    .createQueryBuilder(OutboxMail, 'm')
    .select('m.id', 'id')
    .where('m.sent_at IS NULL')
    .andWhere('m.next_attempt_at <= :now', { now })
    .andWhere('m.attempts < :max', { max: MAIL_RETRY.maxAttempts })
    .andWhere('(m.claimed_until IS NULL OR m.claimed_until < :now)', { now })
    .orderBy('m.created_at', 'ASC')
    .addOrderBy('m.id', 'ASC')
    .limit(limit);
  if (onPostgres(managerOf(m))) due.setLock('pessimistic_write').setOnLocked('skip_locked');
  const ids = (await due.getRawMany<{ id: string }>()).map((r) => r.id);
  if (ids.length === 0) return [];
  await managerOf(m).update(
    OutboxMail,
    { id: In(ids), sentAt: IsNull(), claimedUntil: Or(IsNull(), LessThan(now)) },
    { claimedBy: token, claimedUntil: new Date(now.getTime() + MAIL_CLAIM_MS) },
  );
  return managerOf(m).find(OutboxMail, { where: { claimedBy: token, sentAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
}

/** Gives back what a pass took but did not get to (a shutdown), so the next pass need not wait. */
export async function releaseMailClaims(m: Transaction, token: string): Promise<void> {
  await managerOf(m).update(OutboxMail, { claimedBy: token, sentAt: IsNull() }, { claimedBy: null, claimedUntil: null });
}

/** Records a delivery attempt and gives the claim back; false when this pass no longer held the mail. */
export async function settleClaim(tx: Transaction, id: string, token: string, change: Partial<OutboxMail>): Promise<boolean> {
  const result = await managerOf(tx).update(OutboxMail, { id, claimedBy: token }, { ...change, claimedBy: null, claimedUntil: null });
  return result.affected === 1;
}
