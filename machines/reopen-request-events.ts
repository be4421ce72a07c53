import type { Actor } from './roles';

export const REOPEN_REQUEST_STATUSES = ['pending', 'approved', 'denied', 'withdrawn'] as const;
export type ReopenRequestStatus = (typeof REOPEN_REQUEST_STATUSES)[number];

export const REOPEN_REQUEST_EVENT_TYPES = ['APPROVE', 'DENY', 'WITHDRAW'] as const;
export type ReopenRequestEventType = (typeof REOPEN_REQUEST_EVENT_TYPES)[number];

export interface ReopenRequestEventInput {
  type: ReopenRequestEventType;
  reason?: string | null;
}

export type ReopenRequestMachineEvent = {
  [K in ReopenRequestEventType]: { type: K; actor: Actor; reason?: string | null };
}[ReopenRequestEventType];

export function isReopenRequestEventType(value: unknown): value is ReopenRequestEventType {
  return typeof value === 'string' && (REOPEN_REQUEST_EVENT_TYPES as readonly string[]).includes(value);
}

export function isReopenRequestStatus(value: unknown): value is ReopenRequestStatus {
  return typeof value === 'string' && (REOPEN_REQUEST_STATUSES as readonly string[]).includes(value);
}
