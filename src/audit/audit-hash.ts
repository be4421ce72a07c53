import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit-entry.entity';

export const AUDIT_HASH_FORMAT = 1;
export const GENESIS_HASH = '0'.repeat(64);

type Hashed = Omit<AuditEntry, 'hash'>;

/**
 * The bytes an entry's hash covers: every field in a fixed order, as a JSON array, so that the same
 * entry always gives the same bytes whatever the database or the key order of an object.
 */
export function canonicalAuditBytes(e: Hashed): string {
  return JSON.stringify([
    e.hashFormat,
    e.seq,
    e.occurredAt.toISOString(),
    e.actorId,
    e.actorUsername,
    e.actorRole,
    e.actorState,
    e.action,
    e.entityType,
    e.entityId,
    e.caseId,
    e.primaryState,
    e.secondaryState,
    e.fromState,
    e.toState,
    e.outcome,
    e.reason,
    e.requestId,
    e.clientAddress,
    e.prevHash,
  ]);
}

export function auditHash(e: Hashed): string {
  return createHash('sha256').update(canonicalAuditBytes(e)).digest('hex');
}
