/**
 * Who may do what with a case and its reopen requests: the one file that answers "who may reopen?".
 * Reopening is the receiving state's compact office's alone (REOPEN below); field officers and
 * supervisors of either state ask for it (mayAskForReopen), and approving a request is a REOPEN.
 */
import type { CaseEventType, CaseFacts, CaseStatus } from './case-events';
import type { ReopenRequestEventType } from './reopen-request-events';
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
 * Transmitting, deciding a transfer or reporting instructions, withdrawing an acceptance and
 * reopening are the compact office's alone.
 */
export const CASE_EVENT_SENDERS: Readonly<Record<CaseEventType, CaseEventSenders>> = {
  REQUEST_REPORTING_INSTRUCTIONS: { side: 'sending', roles: CASE_WORKER_ROLES },
  SUBMIT_TRANSFER_REQUEST: { side: 'sending', roles: CASE_WORKER_ROLES },
  // Nothing managed leaves a state without its compact office: it transmits, or sends back to the author.
  TRANSMIT: { side: 'sending', roles: ['compact_office'] },
  SEND_BACK: { side: 'sending', roles: ['compact_office'] },
  GRANT_REPORTING_INSTRUCTIONS: { side: 'receiving', roles: ['compact_office'] },
  DENY_REPORTING_INSTRUCTIONS: { side: 'receiving', roles: ['compact_office'] },
  ACCEPT_TRANSFER: { side: 'receiving', roles: ['compact_office'] },
  REJECT_TRANSFER: { side: 'receiving', roles: ['compact_office'] },
  WITHDRAW: { side: 'sending', roles: CASE_WORKER_ROLES },
  NOTICE_OF_DEPARTURE: { side: 'sending', roles: CASE_WORKER_ROLES },
  NOTICE_OF_ARRIVAL: { side: 'receiving', roles: CASE_WORKER_ROLES },
  NOTICE_OF_FAILURE_TO_ARRIVE: { side: 'receiving', roles: CASE_WORKER_ROLES },
  // A "may" act of rule 3.104-1: the engine shows when it becomes possible, the compact office decides.
  WITHDRAW_ACCEPTANCE: { side: 'receiving', roles: ['compact_office'] },
  SUBMIT_CLOSURE_NOTICE: { side: 'receiving', roles: CASE_WORKER_ROLES },
  CONFIRM_CLOSURE: { side: 'sending', roles: CASE_WORKER_ROLES },
  REJECT_CLOSURE: { side: 'sending', roles: CASE_WORKER_ROLES },
  // Rule 5.105: the person retaken is back in the sending state, which closes the case itself.
  CLOSE_AFTER_RETAKING: { side: 'sending', roles: CASE_WORKER_ROLES },
  REOPEN: { side: 'receiving', roles: ['compact_office'] },
};

function sideOf(actor: Actor, facts: CaseFacts): CaseSide | null {
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

/** The people who supervise the case day to day ask; the compact office reopens on its own. */
const REOPEN_REQUESTER_ROLES: readonly Role[] = ['field_officer', 'supervisor'];

export function mayAskForReopen(actor: Actor, facts: CaseFacts): boolean {
  return REOPEN_REQUESTER_ROLES.includes(actor.role) && sideOf(actor, facts) !== null;
}

export function mayRequestReopen(c: { status: CaseStatus } & CaseFacts, actor: Actor): boolean {
  return c.status === 'closed' && mayAskForReopen(actor, c);
}

/**
 * Approving a request reopens the case, so it takes exactly the permission of the case's REOPEN;
 * denying is the same office's decision.
 */
function mayDecideReopenRequest(actor: Actor, facts: CaseFacts): boolean {
  return maySendCaseEvent('REOPEN', actor, facts);
}

export function maySendReopenRequestEvent(type: ReopenRequestEventType, actor: Actor, request: CaseFacts & { requestedById: string }): boolean {
  return type === 'WITHDRAW' ? actor.id === request.requestedById : mayDecideReopenRequest(actor, request);
}
