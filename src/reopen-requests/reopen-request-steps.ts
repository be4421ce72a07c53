import type { ReopenRequest } from './reopen-request.entity';

/** What the case's history says of a reopen that a request brought about. */
export function reopenReasonOf(request: Pick<ReopenRequest, 'requestedByUsername' | 'reason'>, note: string | null): string {
  const asked = `On the reopen request of ${request.requestedByUsername}: ${request.reason.trim()}`;
  return note ? `${asked}; approved with the note: ${note}` : asked;
}
