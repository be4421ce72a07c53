// Shared by the reopen request specs only.
import type { CaseStatus } from '../case-events';
import { openReopenRequest, type PersistedReopenRequestSnapshot } from '../reopen-request';
import { FACTS, actorOf } from './case-actors';

export const caseInStatus = (status: CaseStatus) => ({ caseId: 'case-7', status, ...FACTS });

/** The requester has an id of their own, so that no other actor of the specs is mistaken for them. */
export const REQUESTER = actorOf('field_officer', 'sending', 'officer-17');
export const RECEIVING_OFFICE = actorOf('compact_office', 'receiving');

export function pendingRequest(): PersistedReopenRequestSnapshot {
  const opening = openReopenRequest(caseInStatus('closed'), 'Found a clerical error in the discharge.', REQUESTER);
  if (!opening.allowed) throw new Error(opening.message);
  return opening.snapshot;
}
