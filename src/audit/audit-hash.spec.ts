import { createHash } from 'node:crypto';
import { AuditEntry } from './audit-entry.entity';
import { AUDIT_HASH_FORMAT, CANONICAL_FIELDS, auditHash, canonicalAuditBytes } from './audit-hash';

/** An entry whose every field holds a value no other field holds, so that an order mix-up shows. */
function distinctEntry(): AuditEntry {
  const e = new AuditEntry();
  Object.assign(e, {
    seq: 42,
    occurredAt: new Date('2026-11-29T02:26:20.269Z'),
    hashFormat: AUDIT_HASH_FORMAT,
    prevHash: 'p'.repeat(64),
    outcome: 'denied',
  });
  for (const f of CANONICAL_FIELDS) if (e[f] === undefined) Object.assign(e, { [f]: `value of ${f}` });
  return e;
}

describe('the canonical bytes', () => {
  it('list their fields in the order CANONICAL_FIELDS gives to readers that build them without an entity', () => {
    const e = distinctEntry();
    const values = CANONICAL_FIELDS.map((f) => (f === 'occurredAt' ? e.occurredAt.toISOString() : e[f]));
    expect(canonicalAuditBytes(e)).toBe(JSON.stringify(values));
    expect(new Set(CANONICAL_FIELDS).size).toBe(20);
  });

  it('keep format 1 byte for byte, and its SHA-256 as before', () => {
    const e = distinctEntry();
    expect(canonicalAuditBytes(e)).toBe(
      '[1,42,"2026-11-29T02:26:20.269Z","value of actorId","value of actorUsername","value of actorRole","value of actorState",' +
        '"value of action","value of entityType","value of entityId","value of caseId","value of primaryState","value of secondaryState",' +
        '"value of fromState","value of toState","denied","value of reason","value of requestId","value of clientAddress","' +
        'p'.repeat(64) +
        '"]',
    );
    expect(auditHash(e)).toBe(createHash('sha256').update(canonicalAuditBytes(e)).digest('hex'));
  });
});
