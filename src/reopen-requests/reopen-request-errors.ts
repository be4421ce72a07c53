import type { CaseStatus } from '../../machines';
import type { ReopenRequest } from './reopen-request.entity';

export const REQUEST_NOT_FOUND = 'No reopen request with this id exists among the requests of your state.';

/** The index that holds "one pending request per case"; its violation is a 409, never a 500. */
export const ONE_PENDING_INDEX = { name: 'uq_reopen_requests_one_pending', sqliteColumns: 'reopen_requests.case_id' };

export function alreadyPending(pending: Pick<ReopenRequest, 'requestedByUsername' | 'createdAt'> | null): string {
  const by = pending ? ` (asked by ${pending.requestedByUsername} on ${pending.createdAt.toISOString().slice(0, 10)})` : '';
  return (
    `A reopen request for this case is already pending${by}; ` +
    'it must be approved, denied or withdrawn before another can be made.'
  );
}

export function caseNoLongerClosed(status: CaseStatus): string {
  return (
    `This case is no longer closed (it is ${status}): it was reopened or changed after the request was made, ` +
    'so the request cannot be approved. Deny or withdraw it instead.'
  );
}

/** Thrown inside a transaction when the conditional UPDATE found the request changed meanwhile. */
export class ReopenRequestChangedMeanwhile extends Error {
  constructor() {
    super('This reopen request was decided or withdrawn by someone else meanwhile; reload it.');
  }
}
