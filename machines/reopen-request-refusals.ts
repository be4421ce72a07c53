import type { CaseFacts, CaseStatus } from './case-events';
import { REOPEN_REQUEST_EVENT_TYPES, type ReopenRequestEventType, type ReopenRequestStatus } from './reopen-request-events';
import { refusal, type Refusal } from './refusal';
import { inWords } from './wording';

export function forbiddenToAsk(facts: CaseFacts): Refusal {
  return refusal(
    'reopen.not_asker',
    `Only a field officer or supervisor of the sending state (${facts.sendingState}) or the receiving ` +
      `state (${facts.receivingState}) may ask for a closed case to be reopened; ` +
      `the compact office of the receiving state reopens a case itself.`,
  );
}

export function caseNotClosed(status: CaseStatus): Refusal {
  return refusal('reopen.case_not_closed', `A reopen request can only be made for a closed case; this case is ${status}.`);
}

export const REASON_FOR_ASKING_MISSING: Refusal = refusal(
  'reopen.reason_missing',
  'The field "reason" is required to ask for a closed case to be reopened and must not be blank.',
);

export function unknownReopenRequestEvent(type: unknown): Refusal {
  return refusal('reopen.unknown_event', `Unknown event ${JSON.stringify(type)}; the events of a reopen request are ${inWords(REOPEN_REQUEST_EVENT_TYPES)}.`);
}

export function forbiddenReopenRequestEvent(type: ReopenRequestEventType, facts: CaseFacts): Refusal {
  if (type === 'WITHDRAW') return refusal('reopen.not_requester', 'Only the person who made this reopen request may withdraw it.');
  return refusal(
    'reopen.not_compact_office',
    `Only the compact office of the receiving state (${facts.receivingState}) may ${type === 'APPROVE' ? 'approve' : 'deny'} a reopen request.`,
  );
}

export function reopenRequestDecided(status: ReopenRequestStatus): Refusal {
  const message =
    status === 'superseded'
      ? 'This reopen request was superseded: its case left closed while it was pending. It cannot change; ' + 'if the case is closed again, make a new request.'
      : `This reopen request was already ${status} and cannot change.`;
  return refusal('reopen.already_decided', message);
}

export function supersededOnlyOffClosed(): Refusal {
  return refusal('reopen.case_still_closed', 'A reopen request is superseded only when its case has left closed; this case is still closed.');
}

export const REASON_FOR_DENIAL_MISSING: Refusal = refusal(
  'reopen.denial_reason_missing',
  'The field "reason" is required to deny a reopen request and must not be blank.',
);

/** The rules allow one pending request per case: the compact office decides one question at a time. */
export function alreadyPending(pending: { requestedByUsername: string; createdAt: Date } | null): Refusal {
  const by = pending ? ` (asked by ${pending.requestedByUsername} on ${pending.createdAt.toISOString().slice(0, 10)})` : '';
  return refusal(
    'reopen.already_pending',
    `A reopen request for this case is already pending${by}; it must be approved, denied or withdrawn before another can be made.`,
  );
}

/** Approving reopens the case, which only a closed case can be. */
export function caseNoLongerClosed(status: CaseStatus): Refusal {
  return refusal(
    'reopen.case_no_longer_closed',
    `This case is no longer closed (it is ${status}): it was reopened or changed after the request was made, ` +
      'so the request cannot be approved. Deny or withdraw it instead.',
  );
}
