import { CASE_EVENT_TYPES, type CaseEventType, type CaseStatus } from './case-events';
import { caseLifecycleMachine } from './case-lifecycle.machine';
import { CASE_EVENT_SENDERS, type CaseSide } from './case-permissions';
import type { AnyActivityRules, SupervisionActivityKind } from './activities/activity-rules';
import { ROLE_TITLES, ROLES, type Role } from './roles';

/** Whose move it is: the side of the case, the roles there that may make it, and the steps they may make. */
export interface NextMove {
  side: CaseSide;
  roles: Role[];
  steps: string[];
}

/**
 * The case's steps no status waits for: a way out or back that one side may take at any time
 * (withdrawing the case or an acceptance, closing on a retaking, reopening a closed case).
 */
export const CASE_WAYS_OUT: readonly CaseEventType[] = ['WITHDRAW', 'WITHDRAW_ACCEPTANCE', 'CLOSE_AFTER_RETAKING', 'REOPEN'];

/** An activity's steps no status waits for: withdrawing a warrant, closing an action request. */
export const ACTIVITY_WAYS_OUT: Readonly<Partial<Record<SupervisionActivityKind, readonly string[]>>> = {
  warrant: ['WITHDRAW_WARRANT'],
  action_request: ['CLOSE'],
};

/** The moves that `steps`, each sent by `sidesOf(step)` with `rolesOf(step)`, give: one per side, its roles in the order of ROLES. */
function movesOf(steps: readonly string[], sidesOf: (step: string) => readonly CaseSide[], rolesOf: (step: string) => readonly Role[]): NextMove[] {
  return (['sending', 'receiving'] as const)
    .map((side) => {
      const mine = steps.filter((step) => sidesOf(step).includes(side));
      const roles = ROLES.filter((role) => mine.some((step) => rolesOf(step).includes(role)));
      return { side, roles, steps: mine };
    })
    .filter((m) => m.steps.length > 0);
}

/**
 * Who moves a case next in `status`: the senders (CASE_EVENT_SENDERS) of the steps the lifecycle
 * has from it, its ways out left aside. Empty when nothing waits: a case ended, or closed.
 */
export function nextMoveOf(status: CaseStatus): NextMove[] {
  const own = caseLifecycleMachine.states[status].ownEvents;
  const steps = CASE_EVENT_TYPES.filter((type) => own.includes(type) && !CASE_WAYS_OUT.includes(type));
  return movesOf(
    steps,
    (step) => [CASE_EVENT_SENDERS[step as CaseEventType].side],
    (step) => CASE_EVENT_SENDERS[step as CaseEventType].roles,
  );
}

/**
 * Who moves an activity next in `status`: the senders of its rule table's events from that status,
 * its ways out left aside; the addressee is the side it was not started by. Empty in a final status.
 */
export function activityNextMoveOf(rules: AnyActivityRules, status: string, startedBySide: CaseSide): NextMove[] {
  const waysOut = ACTIVITY_WAYS_OUT[rules.kind] ?? [];
  const steps = Object.keys(rules.events).filter((e) => rules.events[e].from.includes(status) && !waysOut.includes(e));
  const sidesOf = (step: string): readonly CaseSide[] => {
    const side = rules.events[step].by.side;
    if (side === 'either') return ['sending', 'receiving'];
    if (side === 'addressee') return [startedBySide === 'sending' ? 'receiving' : 'sending'];
    return [side];
  };
  return movesOf(steps, sidesOf, (step) => rules.events[step].by.roles);
}

/** A move's roles in words: "compact office", "field officer, supervisor or compact office". */
export function rolesInWords(roles: readonly Role[]): string {
  const titles = roles.map((r) => ROLE_TITLES[r]);
  return titles.length <= 1 ? titles.join('') : `${titles.slice(0, -1).join(', ')} or ${titles[titles.length - 1]}`;
}
