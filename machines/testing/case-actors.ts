// Shared by the specs only; plain data and functions, so the build may compile it harmlessly.
import type { CaseEventInput, CaseFacts, CaseStatus } from '../case-events';
import { decideCaseEvent, startCase, type PersistedCaseSnapshot } from '../case-lifecycle';
import type { StateCode } from '../jurisdiction';
import { STATE_ROLES, type Actor, type Role } from '../roles';

/** Georgia sends, Texas receives, California has nothing to do with the case. */
export const FACTS: CaseFacts = { sendingState: 'GA', receivingState: 'TX' };
export type Where = 'sending' | 'receiving' | 'third';
export const WHERES: readonly Where[] = ['sending', 'receiving', 'third'];
const STATE_OF: Record<Where, StateCode> = { sending: 'GA', receiving: 'TX', third: 'CA' };

export function actorOf(role: Role, where: Where, id = `${role}-${where}`): Actor {
  return { id, username: id, role, state: STATE_OF[where] };
}

/** One actor of each role in each of the three states: 15 in all. */
export const EVERY_ACTOR: readonly { role: Role; where: Where; actor: Actor }[] = STATE_ROLES.flatMap((role) =>
  WHERES.map((where) => ({ role, where, actor: actorOf(role, where) })),
);

const sender = actorOf('field_officer', 'sending');
const receiver = actorOf('field_officer', 'receiving');
const receivingOffice = actorOf('compact_office', 'receiving');

/** The usual way a case reaches each status, with a sender who may take every step. */
const ROUTE: Record<CaseStatus, readonly [CaseEventInput, Actor][]> = (() => {
  const accepted: [CaseEventInput, Actor][] = [
    [{ type: 'SUBMIT_TRANSFER_REQUEST' }, sender],
    [{ type: 'ACCEPT_TRANSFER' }, receivingOffice],
  ];
  const active: [CaseEventInput, Actor][] = [...accepted, [{ type: 'NOTICE_OF_DEPARTURE' }, sender], [{ type: 'NOTICE_OF_ARRIVAL' }, receiver]];
  const closurePending: [CaseEventInput, Actor][] = [...active, [{ type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'discharged' }, receiver]];
  return {
    draft: [],
    transfer_requested: [[{ type: 'SUBMIT_TRANSFER_REQUEST' }, sender]],
    rejected: [
      [{ type: 'SUBMIT_TRANSFER_REQUEST' }, sender],
      [{ type: 'REJECT_TRANSFER', reason: 'No suitable residence plan.' }, receivingOffice],
    ],
    accepted,
    departed: accepted.concat([[{ type: 'NOTICE_OF_DEPARTURE' }, sender]]),
    active,
    closure_pending: closurePending,
    closed: closurePending.concat([[{ type: 'CONFIRM_CLOSURE' }, sender]]),
    withdrawn: [[{ type: 'WITHDRAW', reason: 'Sentence modified; stays in Georgia.' }, sender]],
  };
})();

/** A stored case in the given status, reached through the public API itself. */
export function caseIn(status: CaseStatus): PersistedCaseSnapshot {
  let snapshot = startCase(FACTS).snapshot;
  for (const [event, actor] of ROUTE[status]) {
    const decision = decideCaseEvent(snapshot, event, actor);
    if (!decision.allowed) throw new Error(`Route to ${status} broke at ${event.type}: ${decision.message}`);
    snapshot = decision.snapshot;
  }
  return snapshot;
}
