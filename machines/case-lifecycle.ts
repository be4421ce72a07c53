import { getNextTransitions, initialTransition, transition } from 'xstate';
import {
  CASE_EVENT_TYPES,
  CASE_STATUSES,
  CLOSURE_REASONS,
  isCaseEventType,
  isCaseStatus,
  isClosureReason,
  isInstructionsKind,
  isRejectionKind,
  type CaseEventInput,
  type CaseEventType,
  type CaseFacts,
  type CaseStatus,
  type ClosureReason,
} from './case-events';
import { CASE_CONTEXT_ADDED_IN_V2, REVIEW_RETURNS, caseLifecycleMachine, type CaseContext } from './case-lifecycle.machine';
import { heldBackUntil, isHeldBack } from './arrival-limits';
import { isCompactDate, type CompactDate } from './calendar';
import { maySendCaseEvent } from './case-permissions';
import { badCaseEventFields, forbiddenCaseEvent, heldBackCaseEvent, invalidCaseEvent, notRetaken, unknownCaseEvent } from './case-refusals';
import type { Refusal } from './refusal';
import type { Actor } from './roles';
import { isStateCode } from './jurisdiction';
import { migrateSnapshot, type MachineVersions } from './snapshot-migrations';
import { persistSnapshot, readPersisted, type PersistedSnapshot } from './snapshot-json';

/** Stored with each case: which machine wrote its snapshot, so a later machine knows what it reads. */
export const CASE_MACHINE_VERSION = 2;

/**
 * Version 2 added reporting instructions, the compact office's review and arrival control. Every
 * status of version 1 is a status of version 2 with the same steps and more; a version 1 case keeps
 * none of the dates and facts version 2 records, so they start empty.
 */
export const CASE_MACHINE_VERSIONS: MachineVersions = {
  kind: 'case',
  current: CASE_MACHINE_VERSION,
  migrations: {
    1: (stored) => ({ ...stored, context: { ...CASE_CONTEXT_ADDED_IN_V2, ...(stored.context as object) } }),
  },
};

export type PersistedCaseSnapshot = PersistedSnapshot;

export type CaseDecision =
  | {
      allowed: true;
      from: CaseStatus;
      to: CaseStatus;
      snapshot: PersistedCaseSnapshot;
      closureReason: ClosureReason | null;
      /** What this step sent to the other state, as the rules name it; null for a step kept inside the sending state. */
      transmits: CaseEventType | null;
    }
  | ({ allowed: false; from: CaseStatus } & Refusal);

type CaseSnapshot = ReturnType<typeof caseLifecycleMachine.resolveState>;

const isDateOrNull = (v: unknown) => v === null || isCompactDate(v);

function isCaseContext(v: unknown): v is CaseContext {
  const c = v as Partial<CaseContext> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    isStateCode(c.sendingState) &&
    isStateCode(c.receivingState) &&
    (c.closureReason === null || isClosureReason(c.closureReason)) &&
    isDateOrNull(c.acceptedOn) &&
    isDateOrNull(c.departedOn) &&
    (c.rejectionKind === null || isRejectionKind(c.rejectionKind)) &&
    (c.review === null ||
      (typeof c.review === 'object' &&
        ['SUBMIT_TRANSFER_REQUEST', 'REQUEST_REPORTING_INSTRUCTIONS'].includes(c.review.submitted) &&
        (REVIEW_RETURNS as readonly string[]).includes(c.review.returnsTo))) &&
    (c.instructions === null ||
      (typeof c.instructions === 'object' &&
        isInstructionsKind(c.instructions.kind) &&
        typeof c.instructions.sexOffender === 'boolean' &&
        isDateOrNull(c.instructions.sentencingDate))) &&
    (c.lastKnown === null || (typeof c.lastKnown === 'object' && typeof c.lastKnown.address === 'string' && typeof c.lastKnown.employment === 'string'))
  );
}

function restore(persisted: PersistedCaseSnapshot): CaseSnapshot {
  const { value, context } = readPersisted(persisted, isCaseStatus, isCaseContext, 'case');
  return caseLifecycleMachine.resolveState({ value, context, historyValue: {} });
}

/** The statuses in which each event has a transition at all, read from the machine itself. */
const STATUSES_ACCEPTING = Object.fromEntries(
  CASE_EVENT_TYPES.map((type) => [type, CASE_STATUSES.filter((s) => caseLifecycleMachine.states[s].ownEvents.includes(type))]),
) as Record<CaseEventType, CaseStatus[]>;

/** The events each status has a transition for, in CASE_EVENT_TYPES's order. */
const EVENTS_ACCEPTED_IN = Object.fromEntries(CASE_STATUSES.map((s) => [s, CASE_EVENT_TYPES.filter((type) => STATUSES_ACCEPTING[type].includes(s))])) as Record<
  CaseStatus,
  CaseEventType[]
>;

function hasTransition(snapshot: CaseSnapshot, type: CaseEventType): boolean {
  return getNextTransitions(snapshot).some((t) => t.eventType === type);
}

export function startCase(facts: CaseFacts): { status: CaseStatus; snapshot: PersistedCaseSnapshot } {
  const [snapshot] = initialTransition(caseLifecycleMachine, {
    sendingState: facts.sendingState,
    receivingState: facts.receivingState,
  });
  return { status: snapshot.value as CaseStatus, snapshot: persistSnapshot(caseLifecycleMachine, snapshot) };
}

/** A case's snapshot as stored by machine version `storedVersion`, read as the current machine would have stored it. */
export function migrateCaseSnapshot(stored: PersistedCaseSnapshot, storedVersion: number): PersistedCaseSnapshot {
  return migrateSnapshot(CASE_MACHINE_VERSIONS, stored, storedVersion);
}

export function caseStatusOf(snapshot: PersistedCaseSnapshot): CaseStatus {
  return readPersisted(snapshot, isCaseStatus, isCaseContext, 'case').value;
}

/** What the case records beyond its status, for its answers: the facts its steps gave. */
export function caseRecordOf(snapshot: PersistedCaseSnapshot): CaseContext {
  return readPersisted(snapshot, isCaseStatus, isCaseContext, 'case').context;
}

/**
 * What a step sent to the other state, as the rules name it: a transmission sends what waited in
 * review; a submission that waits for the compact office, and a send-back, send nothing.
 */
export function transmittedBy(type: CaseEventType, to: CaseStatus): CaseEventType | null {
  if (to === 'compact_office_review' || type === 'SEND_BACK') return null;
  if (type === 'TRANSMIT') return to === 'transfer_requested' ? 'SUBMIT_TRANSFER_REQUEST' : 'REQUEST_REPORTING_INSTRUCTIONS';
  return type;
}

/** The first Eastern date a step held back until a limit has passed may be sent (heldBackUntil); null when it is not held back. */
export function caseEventPossibleFrom(persisted: PersistedCaseSnapshot, type: CaseEventType): CompactDate | null {
  const snapshot = restore(persisted);
  return heldBackUntil(type, snapshot.value as CaseStatus, snapshot.context)?.from ?? null;
}

/**
 * Whether this actor may send this event now, and the case's next snapshot if so. Pure: the caller
 * stores the new snapshot and the audit entry. Refusals come in a fixed order (who, then when, then
 * what is missing) so that the same attempt always gets the same answer.
 */
export function decideCaseEvent(persisted: PersistedCaseSnapshot, event: CaseEventInput, actor: Actor): CaseDecision {
  const snapshot = restore(persisted);
  const from = snapshot.value as CaseStatus;
  const refuse = (r: Refusal): CaseDecision => ({ allowed: false, from, ...r });

  if (!isCaseEventType(event.type)) return refuse(unknownCaseEvent(event.type));
  if (!maySendCaseEvent(event.type, actor, snapshot.context)) {
    return refuse(forbiddenCaseEvent(event.type, actor, snapshot.context));
  }
  if (!hasTransition(snapshot, event.type)) {
    return refuse(invalidCaseEvent(event.type, from, STATUSES_ACCEPTING[event.type]));
  }
  if (isHeldBack(event.type, from, snapshot.context, event.on)) {
    return refuse(heldBackCaseEvent(event.type, heldBackUntil(event.type, from, snapshot.context)!, event.on));
  }
  if (event.type === 'CLOSE_AFTER_RETAKING' && !event.retakenOn) return refuse(notRetaken());
  const badFields = badCaseEventFields(event);
  if (badFields) return refuse(badFields);

  const [next] = transition(caseLifecycleMachine, snapshot, { ...fieldsOf(event), type: event.type, actor });
  if (next === snapshot) {
    // The checks above mirror the machine's guards; if they disagree the rules have a bug.
    throw new Error(`The case machine refused ${event.type} from ${from} although every check passed.`);
  }
  return {
    allowed: true,
    from,
    to: next.value as CaseStatus,
    snapshot: persistSnapshot(caseLifecycleMachine, next),
    closureReason: next.context.closureReason,
    transmits: transmittedBy(event.type, next.value as CaseStatus),
  };
}

/** The fields of a request the machine reads, and nothing else the request carried. */
function fieldsOf(e: CaseEventInput): Omit<CaseEventInput, 'type'> {
  return {
    reason: e.reason,
    closureReason: e.closureReason,
    plannedReleaseDate: e.plannedReleaseDate,
    rejectionKind: e.rejectionKind,
    instructionsKind: e.instructionsKind,
    sexOffender: e.sexOffender,
    sentencingDate: e.sentencingDate,
    lastKnownAddress: e.lastKnownAddress,
    lastKnownEmployment: e.lastKnownEmployment,
    on: e.on,
    retakenOn: e.retakenOn,
  };
}

/** Fields that make any event complete, to ask the machine what an actor could send. */
const EVERY_FIELD_GIVEN = {
  reason: 'given',
  closureReason: CLOSURE_REASONS[0],
  rejectionKind: 'denied',
  instructionsKind: 'expedited',
  lastKnownAddress: 'given',
  lastKnownEmployment: 'given',
} as const;

/**
 * The events this actor could send on `on` (Eastern), given every field that is needed and what the
 * case's activities tell (`retakenOn`); for the API's answers.
 */
export function allowedCaseEvents(persisted: PersistedCaseSnapshot, actor: Actor, on: CompactDate, retakenOn: CompactDate | null = null): CaseEventType[] {
  const snapshot = restore(persisted);
  // Only the events the status has a transition for are worth asking the machine about: a list page asks this of every case on it.
  return EVENTS_ACCEPTED_IN[snapshot.value as CaseStatus].filter((type) => snapshot.can({ type, actor, on, retakenOn, ...EVERY_FIELD_GIVEN }));
}
