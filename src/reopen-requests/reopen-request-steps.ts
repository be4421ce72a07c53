import type { ReopenRequestEventType } from '../../machines';
import type { ReopenRequestNews } from './reopen-request-mail';
import type { ReopenRequest } from './reopen-request.entity';

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
