import type { CaseFacts, CaseStatus } from './case-events';
import type { Side } from './deadline-rules';
import { refusal, type Refusal } from './refusal';
import { CASE_WORKER_ROLES, ROLE_TITLES, type Actor, type Role } from './roles';

/** Who may hand a side's work on a case to someone: that side's supervisors and compact office. */
const ASSIGNING_ROLES: readonly Role[] = ['supervisor', 'compact_office'];

/** The receiving side has work on a case only once it has accepted it. */
const RECEIVING_SIDE_FROM: readonly CaseStatus[] = ['accepted', 'departed', 'active', 'closure_pending', 'closed'];

/** The cases nobody works any more: nothing of theirs is left to assign. */
const FINISHED: readonly CaseStatus[] = ['rejected', 'withdrawn'];

/** The user a case would be assigned to, as the rules need to know them. */
export interface Assignee {
  id: string;
  displayName: string;
  role: Role;
  state: string;
  active: boolean;
}

export interface AssignableCase extends CaseFacts {
  status: CaseStatus;
  sendingAssigneeId: string | null;
  receivingAssigneeId: string | null;
}

/** The side of a case an actor's state is on; null for a state party to neither. */
export function sideOf(c: CaseFacts, state: string): Side | null {
  return c.sendingState === state ? 'sending' : c.receivingState === state ? 'receiving' : null;
}

/**
 * Whether `actor` may assign `side`'s work on the case to `assignee`: a supervisor or the compact
 * office of that side's state, to an active case worker of the same state, on a case that side
 * still has work on.
 */
export function decideAssignment(c: AssignableCase, side: Side, assignee: Assignee | null, actor: Actor): { allowed: true } | Refusal {
  const state = side === 'sending' ? c.sendingState : c.receivingState;
  if (actor.state !== state || !ASSIGNING_ROLES.includes(actor.role)) {
    return refusal(
      'assignment.not_permitted',
      `Only a supervisor or the compact office of ${state} may assign the ${side} side of this case; you are a ${ROLE_TITLES[actor.role]} of ${actor.state}.`,
    );
  }
  if (FINISHED.includes(c.status)) return refusal('assignment.case_finished', `This case is ${c.status}: it has no work left to assign.`);
  if (side === 'receiving' && !RECEIVING_SIDE_FROM.includes(c.status)) {
    return refusal('assignment.not_accepted', `${state} has not accepted this case yet: its compact office assigns it on acceptance.`);
  }
  if (!assignee || !assignee.active || assignee.state !== state || !CASE_WORKER_ROLES.includes(assignee.role)) {
    return refusal('assignment.assignee_not_eligible', `assigneeId must be an active field officer, supervisor or compact office user of ${state}.`);
  }
  const current = side === 'sending' ? c.sendingAssigneeId : c.receivingAssigneeId;
  if (current === assignee.id) return refusal('assignment.unchanged', `The ${side} side of this case is already assigned to ${assignee.displayName}.`);
  return { allowed: true };
}
