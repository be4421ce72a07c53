import type { CaseEventType, CaseFacts } from './case-events';
import type { StateCode } from './jurisdiction';
import { CASE_WORKER_ROLES, type Actor, type Role } from './roles';

/** Which of the case's two states an actor speaks for. */
export type CaseSide = 'sending' | 'receiving';

export interface CaseEventSenders {
  side: CaseSide;
  roles: readonly Role[];
}

/**
 * Who may send each event: the state whose duty the activity is, and the roles there that may act.
 * Deciding a transfer or a reopen is the compact office's alone.
 */
export const CASE_EVENT_SENDERS: Readonly<Record<CaseEventType, CaseEventSenders>> = {
  SUBMIT_TRANSFER_REQUEST: { side: 'sending', roles: CASE_WORKER_ROLES },
  ACCEPT_TRANSFER: { side: 'receiving', roles: ['compact_office'] },
  REJECT_TRANSFER: { side: 'receiving', roles: ['compact_office'] },
  WITHDRAW: { side: 'sending', roles: CASE_WORKER_ROLES },
  NOTICE_OF_DEPARTURE: { side: 'sending', roles: CASE_WORKER_ROLES },
  NOTICE_OF_ARRIVAL: { side: 'receiving', roles: CASE_WORKER_ROLES },
  SUBMIT_CLOSURE_NOTICE: { side: 'receiving', roles: CASE_WORKER_ROLES },
  CONFIRM_CLOSURE: { side: 'sending', roles: CASE_WORKER_ROLES },
  REJECT_CLOSURE: { side: 'sending', roles: CASE_WORKER_ROLES },
  REOPEN: { side: 'receiving', roles: ['compact_office'] },
};

export function sideOf(actor: Actor, facts: CaseFacts): CaseSide | null {
  if (actor.state === facts.sendingState) return 'sending';
  if (actor.state === facts.receivingState) return 'receiving';
  return null;
}

export function stateOfSide(side: CaseSide, facts: CaseFacts): StateCode {
  return side === 'sending' ? facts.sendingState : facts.receivingState;
}

export function maySendCaseEvent(type: CaseEventType, actor: Actor, facts: CaseFacts): boolean {
  const senders = CASE_EVENT_SENDERS[type];
  return senders.roles.includes(actor.role) && sideOf(actor, facts) === senders.side;
}
