import { getNextTransitions, initialTransition, transition } from 'xstate';
import {
  CASE_EVENT_TYPES,
  CASE_STATUSES,
  CLOSURE_REASONS,
  isCaseEventType,
  isCaseStatus,
  isClosureReason,
  type CaseEventInput,
  type CaseEventType,
  type CaseFacts,
  type CaseStatus,
  type ClosureReason,
} from './case-events';
import { caseLifecycleMachine, type CaseContext } from './case-lifecycle.machine';
import { maySendCaseEvent } from './case-permissions';
import { badCaseEventFields, forbiddenCaseEvent, invalidCaseEvent, unknownCaseEvent } from './case-refusals';
import type { Refusal } from './refusal';
import type { Actor } from './roles';
import { isStateCode } from './jurisdiction';
import { migrateSnapshot, type MachineVersions } from './snapshot-migrations';
import { persistSnapshot, readPersisted, type PersistedSnapshot } from './snapshot-json';

/** Stored with each case: which machine wrote its snapshot, so a later machine knows what it reads. */
export const CASE_MACHINE_VERSION = 1;

/** No older version yet: the machine has not changed since the first cases were stored. */
export const CASE_MACHINE_VERSIONS: MachineVersions = { kind: 'case', current: CASE_MACHINE_VERSION, migrations: {} };

export type PersistedCaseSnapshot = PersistedSnapshot;

export type CaseDecision =
  | {
      allowed: true;
      from: CaseStatus;
      to: CaseStatus;
      snapshot: PersistedCaseSnapshot;
      closureReason: ClosureReason | null;
    }
  | ({ allowed: false; from: CaseStatus } & Refusal);

type CaseSnapshot = ReturnType<typeof caseLifecycleMachine.resolveState>;

function isCaseContext(v: unknown): v is CaseContext {
  const c = v as Partial<CaseContext> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    isStateCode(c.sendingState) &&
    isStateCode(c.receivingState) &&
    (c.closureReason === null || isClosureReason(c.closureReason))
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
  const badFields = badCaseEventFields(event);
  if (badFields) return refuse(badFields);

  const [next] = transition(caseLifecycleMachine, snapshot, {
    type: event.type,
    actor,
    reason: event.reason,
    closureReason: event.closureReason,
    plannedReleaseDate: event.plannedReleaseDate,
    on: event.on,
  });
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
  };
}

/** The events this actor could send now, given a reason where one is needed; for the API's answers. */
export function allowedCaseEvents(persisted: PersistedCaseSnapshot, actor: Actor): CaseEventType[] {
  const snapshot = restore(persisted);
  return CASE_EVENT_TYPES.filter((type) => snapshot.can({ type, actor, reason: 'given', closureReason: CLOSURE_REASONS[0] }));
}
