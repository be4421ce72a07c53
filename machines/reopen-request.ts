import { initialTransition, transition } from 'xstate';
import type { CaseFacts, CaseStatus } from './case-events';
import { isStateCode } from './jurisdiction';
import {
  REOPEN_REQUEST_EVENT_TYPES,
  isReopenRequestEventType,
  isReopenRequestStatus,
  type ReopenRequestEventInput,
  type ReopenRequestEventType,
  type ReopenRequestStatus,
} from './reopen-request-events';
import { reopenRequestMachine, type ReopenRequestContext } from './reopen-request.machine';
import { mayAskForReopen, maySendReopenRequestEvent } from './case-permissions';
import {
  REASON_FOR_ASKING_MISSING,
  REASON_FOR_DENIAL_MISSING,
  caseNotClosed,
  forbiddenReopenRequestEvent,
  forbiddenToAsk,
  reopenRequestDecided,
  supersededOnlyOffClosed,
  unknownReopenRequestEvent,
} from './reopen-request-refusals';
import type { Refusal } from './refusal';
import type { Actor } from './roles';
import { migrateSnapshot, type MachineVersions } from './snapshot-migrations';
import { persistSnapshot, readPersisted, type PersistedSnapshot } from './snapshot-json';
import { isGivenReason } from './wording';

/** Stored with each reopen request: which machine wrote its snapshot. */
export const REOPEN_REQUEST_MACHINE_VERSION = 2;

export const REOPEN_REQUEST_MACHINE_VERSIONS: MachineVersions = {
  kind: 'reopen request',
  current: REOPEN_REQUEST_MACHINE_VERSION,
  migrations: {
    /**
     * Version 2 added the final status `superseded`, reached from `pending` by the engine's SUPERSEDE
     * when the case leaves closed another way. Version 1's statuses mean the same in version 2 and
     * the context did not change, so a version 1 snapshot is already a version 2 one: a pending
     * request read from it can now be superseded. Some rows were stored as version 1 in `superseded`,
     * by version 2's rules before its number was raised; they pass through as they are.
     */
    1: (stored) => stored,
  },
};

export type PersistedReopenRequestSnapshot = PersistedSnapshot;

export type ReopenRequestOpening = { allowed: true; snapshot: PersistedReopenRequestSnapshot } | ({ allowed: false } & Refusal);

export type ReopenRequestDecision =
  | { allowed: true; from: ReopenRequestStatus; to: ReopenRequestStatus; snapshot: PersistedReopenRequestSnapshot }
  | ({ allowed: false; from: ReopenRequestStatus } & Refusal);

type ReopenRequestSnapshot = ReturnType<typeof reopenRequestMachine.resolveState>;

function isReopenRequestContext(v: unknown): v is ReopenRequestContext {
  const c = v as Partial<ReopenRequestContext> | null;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.caseId === 'string' &&
    typeof c.requestedById === 'string' &&
    isStateCode(c.sendingState) &&
    isStateCode(c.receivingState)
  );
}

function restore(persisted: PersistedReopenRequestSnapshot): ReopenRequestSnapshot {
  const { value, context } = readPersisted(persisted, isReopenRequestStatus, isReopenRequestContext, 'reopen request');
  return reopenRequestMachine.resolveState({ value, context, historyValue: {} });
}

/** A field officer or supervisor asks, with a reason, that a closed case be reopened. */
export function openReopenRequest(
  c: { caseId: string; status: CaseStatus } & CaseFacts,
  reason: string | null | undefined,
  actor: Actor,
): ReopenRequestOpening {
  const refuse = (r: Refusal): ReopenRequestOpening => ({ allowed: false, ...r });
  if (!mayAskForReopen(actor, c)) return refuse(forbiddenToAsk(c));
  if (c.status !== 'closed') return refuse(caseNotClosed(c.status));
  if (!isGivenReason(reason)) return refuse(REASON_FOR_ASKING_MISSING);
  const [snapshot] = initialTransition(reopenRequestMachine, {
    caseId: c.caseId,
    sendingState: c.sendingState,
    receivingState: c.receivingState,
    requestedById: actor.id,
  });
  return { allowed: true, snapshot: persistSnapshot(reopenRequestMachine, snapshot) };
}

/** A reopen request's snapshot as stored by machine version `storedVersion`, read as the current machine would have stored it. */
export function migrateReopenRequestSnapshot(stored: PersistedReopenRequestSnapshot, storedVersion: number): PersistedReopenRequestSnapshot {
  return migrateSnapshot(REOPEN_REQUEST_MACHINE_VERSIONS, stored, storedVersion);
}

export function reopenRequestStatusOf(snapshot: PersistedReopenRequestSnapshot): ReopenRequestStatus {
  return readPersisted(snapshot, isReopenRequestStatus, isReopenRequestContext, 'reopen request').value;
}

/** Same order of refusals as for a case: who, then when, then what is missing. */
export function decideReopenRequestEvent(persisted: PersistedReopenRequestSnapshot, event: ReopenRequestEventInput, actor: Actor): ReopenRequestDecision {
  const snapshot = restore(persisted);
  const from = snapshot.value as ReopenRequestStatus;
  const refuse = (r: Refusal): ReopenRequestDecision => ({ allowed: false, from, ...r });

  if (!isReopenRequestEventType(event.type)) return refuse(unknownReopenRequestEvent(event.type));
  if (!maySendReopenRequestEvent(event.type, actor, snapshot.context)) {
    return refuse(forbiddenReopenRequestEvent(event.type, snapshot.context));
  }
  if (snapshot.status === 'done') return refuse(reopenRequestDecided(from));
  if (event.type === 'DENY' && !isGivenReason(event.reason)) return refuse(REASON_FOR_DENIAL_MISSING);

  const [next] = transition(reopenRequestMachine, snapshot, { type: event.type, actor, reason: event.reason });
  if (next === snapshot) {
    throw new Error(`The reopen request machine refused ${event.type} from ${from} although every check passed.`);
  }
  return {
    allowed: true,
    from,
    to: next.value as ReopenRequestStatus,
    snapshot: persistSnapshot(reopenRequestMachine, next),
  };
}

/**
 * Ends a pending request whose case has left `closed` by another path than approving it (the compact
 * office reopened the case directly, say): it can no longer be approved, and it must not block the
 * next request once the case is closed again.
 */
export function supersedeReopenRequest(persisted: PersistedReopenRequestSnapshot, caseStatus: CaseStatus, actor: Actor): ReopenRequestDecision {
  const snapshot = restore(persisted);
  const from = snapshot.value as ReopenRequestStatus;
  const refuse = (r: Refusal): ReopenRequestDecision => ({ allowed: false, from, ...r });
  if (snapshot.status === 'done') return refuse(reopenRequestDecided(from));
  if (caseStatus === 'closed') return refuse(supersededOnlyOffClosed());
  const [next] = transition(reopenRequestMachine, snapshot, { type: 'SUPERSEDE', actor, caseStatus });
  if (next === snapshot) throw new Error(`The reopen request machine refused SUPERSEDE from ${from} although every check passed.`);
  return { allowed: true, from, to: next.value as ReopenRequestStatus, snapshot: persistSnapshot(reopenRequestMachine, next) };
}

export function allowedReopenRequestEvents(persisted: PersistedReopenRequestSnapshot, actor: Actor): ReopenRequestEventType[] {
  const snapshot = restore(persisted);
  return REOPEN_REQUEST_EVENT_TYPES.filter((type) => snapshot.can({ type, actor, reason: 'given' }));
}
