import type { CaseStatus } from './case-events';
import type { Actor } from './roles';

/** `superseded`: its case left `closed` by another path (reopened directly, say) while it was pending. */
export const REOPEN_REQUEST_STATUSES = ['pending', 'approved', 'denied', 'withdrawn', 'superseded'] as const;
export type ReopenRequestStatus = (typeof REOPEN_REQUEST_STATUSES)[number];

/** The events a person sends; SUPERSEDE is not one of them (see SupersedeEvent). */
export const REOPEN_REQUEST_EVENT_TYPES = ['APPROVE', 'DENY', 'WITHDRAW'] as const;
export type ReopenRequestEventType = (typeof REOPEN_REQUEST_EVENT_TYPES)[number];

export interface ReopenRequestEventInput {
  type: ReopenRequestEventType;
  reason?: string | null;
}

/**
 * Sent by the engine, in the transaction that moves the request's case out of `closed`: the actor is
 * whoever moved the case, and `caseStatus` is where the case went.
 */
interface SupersedeEvent {
  type: 'SUPERSEDE';
  actor: Actor;
  caseStatus: CaseStatus;
}

export type ReopenRequestMachineEvent =
  | {
      [K in ReopenRequestEventType]: { type: K; actor: Actor; reason?: string | null };
    }[ReopenRequestEventType]
  | SupersedeEvent;

export function isReopenRequestEventType(value: unknown): value is ReopenRequestEventType {
  return typeof value === 'string' && (REOPEN_REQUEST_EVENT_TYPES as readonly string[]).includes(value);
}

export function isReopenRequestStatus(value: unknown): value is ReopenRequestStatus {
  return typeof value === 'string' && (REOPEN_REQUEST_STATUSES as readonly string[]).includes(value);
}
