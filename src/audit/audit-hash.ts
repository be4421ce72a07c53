import { hash } from 'node:crypto';
import type { AuditEntry } from './audit-entry.entity';

export const AUDIT_HASH_FORMAT = 1;
export const GENESIS_HASH = '0'.repeat(64);

type Hashed = Omit<AuditEntry, 'hash'>;

/**
 * The fields the hash covers, in the order canonicalAuditBytes writes them (format 1). Readers that
 * build the same bytes without an entity (the verifier's row readers) take the order from here; a
 * unit test holds the two together.
 */
export const CANONICAL_FIELDS = [
  'hashFormat',
  'seq',
  'occurredAt',
  'actorId',
  'actorUsername',
  'actorRole',
  'actorState',
  'action',
  'entityType',
  'entityId',
  'caseId',
  'primaryState',
  'secondaryState',
  'fromState',
  'toState',
  'outcome',
  'reason',
  'requestId',
  'clientAddress',
  'prevHash',
] as const satisfies ReadonlyArray<keyof Hashed>;

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

/** SHA-256 in hex. The one-shot crypto.hash costs a third of createHash().update().digest() on short inputs. */
export function sha256Hex(bytes: string): string {
  return hash('sha256', bytes, 'hex');
}

export function auditHash(e: Hashed): string {
  return sha256Hex(canonicalAuditBytes(e));
}
