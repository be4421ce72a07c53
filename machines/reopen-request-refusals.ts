import type { CaseFacts, CaseStatus } from './case-events';
import {
  REOPEN_REQUEST_EVENT_TYPES,
  type ReopenRequestEventType,
  type ReopenRequestStatus,
} from './reopen-request-events';
import type { Refusal } from './refusal';
import { inWords } from './wording';

export function forbiddenToAsk(facts: CaseFacts): Refusal {
  return {
    refusal: 'forbidden',
    message:
      `Only a field officer or supervisor of the sending state (${facts.sendingState}) or the receiving ` +
      `state (${facts.receivingState}) may ask for a closed case to be reopened; ` +
      `the compact office of the receiving state reopens a case itself.`,
  };
}

export function caseNotClosed(status: CaseStatus): Refusal {
  return {
    refusal: 'invalid',
    message: `A reopen request can only be made for a closed case; this case is ${status}.`,
  };
}

export const REASON_FOR_ASKING_MISSING: Refusal = {
  refusal: 'bad_request',
  message: 'The field "reason" is required to ask for a closed case to be reopened and must not be blank.',
};

export function unknownReopenRequestEvent(type: unknown): Refusal {
  return {
    refusal: 'bad_request',
    message:
      `Unknown event ${JSON.stringify(type)}; ` +
      `the events of a reopen request are ${inWords(REOPEN_REQUEST_EVENT_TYPES)}.`,
  };
}

export function forbiddenReopenRequestEvent(type: ReopenRequestEventType, facts: CaseFacts): Refusal {
  const message =
    type === 'WITHDRAW'
      ? 'Only the person who made this reopen request may withdraw it.'
      : `Only the compact office of the receiving state (${facts.receivingState}) may ` +
        `${type === 'APPROVE' ? 'approve' : 'deny'} a reopen request.`;
  return { refusal: 'forbidden', message };
}

export function reopenRequestDecided(status: ReopenRequestStatus): Refusal {
  const message =
    status === 'superseded'
      ? 'This reopen request was superseded: its case left closed while it was pending. It cannot change; ' +
        'if the case is closed again, make a new request.'
      : `This reopen request was already ${status} and cannot change.`;
  return { refusal: 'invalid', message };
}

export function supersededOnlyOffClosed(): Refusal {
  return { refusal: 'invalid', message: 'A reopen request is superseded only when its case has left closed; this case is still closed.' };
}

export const REASON_FOR_DENIAL_MISSING: Refusal = {
  refusal: 'bad_request',
  message: 'The field "reason" is required to deny a reopen request and must not be blank.',
};
