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
const sendingOffice = actorOf('compact_office', 'sending');
const receiver = actorOf('field_officer', 'receiving');
const receivingOffice = actorOf('compact_office', 'receiving');

/** The Eastern date the usual route's steps are sent on. */
export const ON = '2026-12-03';
/** A date past every limit a step of the route starts: 120 days of acceptance, 5 business days to report. */
export const LATER = '2027-06-01';

type Route = readonly [CaseEventInput, Actor][];

/** The usual way a case reaches each status, with a sender who may take every step, each on ON unless it must wait. */
const ROUTE: Record<CaseStatus, Route> = (() => {
  const reviewed: Route = [[{ type: 'SUBMIT_TRANSFER_REQUEST' }, sender]];
  const requested: Route = [...reviewed, [{ type: 'TRANSMIT' }, sendingOffice]];
  const instructionsAsked: Route = [[{ type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'expedited' }, sendingOffice]];
  const accepted: Route = [...requested, [{ type: 'ACCEPT_TRANSFER' }, receivingOffice]];
  const departed: Route = [...accepted, [{ type: 'NOTICE_OF_DEPARTURE' }, sender]];
  const active: Route = [...departed, [{ type: 'NOTICE_OF_ARRIVAL' }, receiver]];
  const closurePending: Route = [
    ...active,
    [{ type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'discharged', lastKnownAddress: '12 Elm St, Austin', lastKnownEmployment: 'Dockworker' }, receiver],
  ];
  return {
    draft: [],
    compact_office_review: reviewed,
    reporting_instructions_requested: instructionsAsked,
    reporting_instructions_granted: [...instructionsAsked, [{ type: 'GRANT_REPORTING_INSTRUCTIONS' }, receivingOffice]],
    reporting_instructions_denied: [...instructionsAsked, [{ type: 'DENY_REPORTING_INSTRUCTIONS', reason: 'No residence in Texas.' }, receivingOffice]],
    transfer_requested: requested,
    rejected: [...requested, [{ type: 'REJECT_TRANSFER', reason: 'No suitable residence plan.', rejectionKind: 'denied' }, receivingOffice]],
    accepted,
    acceptance_withdrawn: [...accepted, [{ type: 'WITHDRAW_ACCEPTANCE', reason: 'No departure in 120 days.', on: LATER }, receivingOffice]],
    departed,
    failed_to_arrive: [...departed, [{ type: 'NOTICE_OF_FAILURE_TO_ARRIVE', on: LATER }, receiver]],
    active,
    closure_pending: closurePending,
    closed: [...closurePending, [{ type: 'CONFIRM_CLOSURE' }, sender]],
    withdrawn: [[{ type: 'WITHDRAW', reason: 'Sentence modified; stays in Georgia.' }, sender]],
  };
})();

/** A stored case in the given status, reached through the public API itself. */
export function caseIn(status: CaseStatus): PersistedCaseSnapshot {
  let snapshot = startCase(FACTS).snapshot;
  for (const [event, actor] of ROUTE[status]) {
    const decision = decideCaseEvent(snapshot, { on: ON, ...event }, actor);
    if (!decision.allowed) throw new Error(`Route to ${status} broke at ${event.type}: ${decision.message}`);
    snapshot = decision.snapshot;
  }
  return snapshot;
}
