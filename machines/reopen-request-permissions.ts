import type { CaseFacts, CaseStatus } from './case-events';
import { maySendCaseEvent, sideOf } from './case-permissions';
import type { ReopenRequestEventType } from './reopen-request-events';
import type { Actor, Role } from './roles';

/** The people who supervise the case day to day ask; the compact office reopens on its own. */
export const REOPEN_REQUESTER_ROLES: readonly Role[] = ['field_officer', 'supervisor'];

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
export function mayDecideReopenRequest(actor: Actor, facts: CaseFacts): boolean {
  return maySendCaseEvent('REOPEN', actor, facts);
}

export function maySendReopenRequestEvent(
  type: ReopenRequestEventType,
  actor: Actor,
  request: CaseFacts & { requestedById: string },
): boolean {
  return type === 'WITHDRAW' ? actor.id === request.requestedById : mayDecideReopenRequest(actor, request);
}
