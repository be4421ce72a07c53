import type { ReopenRequestEventType } from '../../machines';
import { REQUEST_REOPEN } from '../cases/cases.service';
import type { ReopenRequestNews } from './reopen-request-mail';
import type { ReopenRequest } from './reopen-request.entity';

/** The audit history's names for the steps of a reopen request; asking has the name cases offer it by. */
export const REOPEN_REQUEST_ACTIONS = {
  ASK: REQUEST_REOPEN,
  APPROVE: 'APPROVE_REOPEN',
  DENY: 'DENY_REOPEN',
  WITHDRAW: 'WITHDRAW_REOPEN_REQUEST',
  /** Not a person's step: the case left closed by another path while the request was pending. */
  SUPERSEDE: 'SUPERSEDE_REOPEN_REQUEST',
} as const;

/** What the requester's mail tells after each step. */
export const NEWS_OF: Readonly<Record<ReopenRequestEventType, ReopenRequestNews>> = {
  APPROVE: 'approved',
  DENY: 'denied',
  WITHDRAW: 'withdrawn',
};

/** What the case's history says of a reopen that a request brought about. */
export function reopenReasonOf(request: Pick<ReopenRequest, 'requestedByUsername' | 'reason'>, note: string | null): string {
  const asked = `On the reopen request of ${request.requestedByUsername}: ${request.reason.trim()}`;
  return note ? `${asked}; approved with the note: ${note}` : asked;
}
