import {
  CASE_EVENT_TYPES,
  CLOSURE_GROUNDS_FROM,
  CLOSURE_REASONS,
  CASE_EVENT_FIELDS,
  INSTRUCTIONS_KINDS,
  REJECTION_KINDS,
  isClosureReason,
  isFieldGiven,
  plannedReleaseProblem,
  sentencingDateProblem,
  type CaseEventInput,
  type CaseEventType,
  type CaseFacts,
  type CaseStatus,
} from './case-events';
import type { HeldBack } from './arrival-limits';
import type { CompactDate } from './calendar';
import { CASE_EVENT_SENDERS, mayAskForReopen, stateOfSide } from './case-permissions';
import { CASE_EVENT_WORDING } from './case-wording';
import { refusal, type Refusal } from './refusal';
import { CASE_WORKER_ROLES, ROLE_TITLES, type Actor } from './roles';
import { inWords, isGivenReason } from './wording';

export function unknownCaseEvent(type: unknown): Refusal {
  return refusal('case.unknown_event', `Unknown event ${JSON.stringify(type)}; the events of a case are ${inWords(CASE_EVENT_TYPES)}.`);
}

export function forbiddenCaseEvent(type: CaseEventType, actor: Actor, facts: CaseFacts): Refusal {
  if (!CASE_WORKER_ROLES.includes(actor.role)) {
    return refusal('case.not_case_worker', 'Auditors and state administrators cannot change a case.');
  }
  const { side, roles } = CASE_EVENT_SENDERS[type];
  const who = roles.length === 1 ? `the ${ROLE_TITLES[roles[0]]}` : `a ${inWords(roles.map((r) => ROLE_TITLES[r]))}`;
  const state = stateOfSide(side, facts);
  let message = `Only ${who} of the ${side} state (${state}) may ${CASE_EVENT_WORDING[type].action}.`;
  if (type === 'REOPEN' && mayAskForReopen(actor, facts)) {
    message += ' A field officer or supervisor may ask for it with a reopen request.';
  }
  return refusal('case.not_sender', message);
}

/** The sending state's own closure, before it has retaken the person. */
export function notRetaken(): Refusal {
  return refusal(
    'case.not_retaken',
    'This case is active and no warrant of it is retaken: the sending state closes a case itself only once it has retaken the person (rule 5.105); until then the receiving state sends the closure notice.',
  );
}

export function invalidCaseEvent(type: CaseEventType, status: CaseStatus, possibleIn: readonly CaseStatus[]): Refusal {
  if (status === 'withdrawn') return refusal('case.final', 'A withdrawn case is final and cannot change.');
  return refusal('case.not_in_status', `${CASE_EVENT_WORDING[type].onlyWhen} ${inWords(possibleIn)}; this case is ${status}.`);
}

/** A step the rules hold back until a limit has passed, sent before it: when it becomes possible, and why. */
export function heldBackCaseEvent(type: CaseEventType, held: HeldBack, on: CompactDate | undefined): Refusal {
  return refusal(
    'case.not_yet',
    `Rule ${held.rule}: you may ${CASE_EVENT_WORDING[type].action} once ${held.once}, that is from ${held.from}${on ? `; today is ${on}` : ''}.`,
  );
}

/** The missing or wrong field that keeps this event from being taken, if any (CASE_EVENT_FIELDS). */
export function badCaseEventFields(event: CaseEventInput): Refusal | null {
  const action = CASE_EVENT_WORDING[event.type].action;
  const missing = CASE_EVENT_FIELDS[event.type].find((field) => !isFieldGiven(field, event));
  if (missing === 'reason') {
    return refusal('case.reason_missing', `The field "reason" is required to ${action} and must not be blank.`);
  }
  if (missing === 'closureReason' && isClosureReason(event.closureReason)) {
    const from = CLOSURE_GROUNDS_FROM[event.closureReason];
    return refusal(
      'case.closure_ground_not_in_force',
      `The closure ground ${event.closureReason} of rule 4.112(a) may be given on closure notices sent from ${from}` +
        `${event.on ? `; this one is sent on ${event.on}` : ''}. Give another ground.`,
    );
  }
  if (missing === 'closureReason') {
    const absent = event.closureReason == null || !isGivenReason(String(event.closureReason));
    const given = absent
      ? `The field "closureReason" is required to ${action}`
      : `${JSON.stringify(event.closureReason)} is not a closure reason of rule 4.112`;
    return refusal('case.closure_reason_missing', `${given}; "closureReason" must be one of ${inWords(CLOSURE_REASONS)}.`);
  }
  if (missing === 'rejectionKind') {
    return refusal(
      'case.rejection_kind_missing',
      `The field "rejectionKind" is required to ${action}: ${inWords(REJECTION_KINDS)} (rule 3.104(b): an incomplete request is rejected with its gaps).`,
    );
  }
  if (missing === 'instructionsKind') {
    return refusal(
      'case.instructions_kind_missing',
      `The field "instructionsKind" is required to ${action}: ${inWords(INSTRUCTIONS_KINDS)} (rules 3.103 and 3.103-2, formerly 3.106).`,
    );
  }
  if (missing === 'sentencingDate') return refusal('case.sentencing_date_missing', sentencingDateProblem(event)!);
  if (missing === 'lastKnownAddress' || missing === 'lastKnownEmployment') {
    return refusal(
      'case.last_known_missing',
      `The field "${missing}" is required to ${action} and must not be blank: rule 4.112 asks for the last known address and employment.`,
    );
  }
  const release = event.type === 'SUBMIT_TRANSFER_REQUEST' ? plannedReleaseProblem(event) : null;
  if (release) return refusal('case.planned_release_not_allowed', release);
  return null;
}
