import type { Actor } from '../../machines/roles';

/**
 * Whose requests the list shows a user. A compact office's list is its queue: the requests it must
 * decide, for cases its state receives. Everyone else of a case's two states (the officers who ask,
 * their supervisors, auditors and administrators) sees the requests of all their state's cases,
 * their own among them. Who may see one request is the case's rule: sending or receiving state.
 */
export type ReopenRequestAudience = 'receiving_state' | 'either_state';

export function reopenRequestAudienceOf(actor: Pick<Actor, 'role'>): ReopenRequestAudience {
  return actor.role === 'compact_office' ? 'receiving_state' : 'either_state';
}
