import { AuditEntry } from './audit-entry.entity';
import { checkChain } from './audit-chain';
import { AUDIT_HASH_FORMAT, GENESIS_HASH, auditHash } from './audit-hash';

function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = Object.assign(new AuditEntry(), {
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 28, 12, 0, seq)),
      actorId: 'u1',
      actorUsername: 'oh.officer',
      primaryState: 'OH',
      secondaryState: 'TX',
      actorRole: 'field_officer',
      actorState: 'OH',
      action: 'SUBMIT_TRANSFER_REQUEST',
      entityType: 'case',
      entityId: 'c1',
      caseId: 'c1',
      fromState: 'draft',
      toState: 'transfer_requested',
      outcome: 'allowed' as const,
      reason: null,
      requestId: `r${seq}`,
      clientAddress: '127.0.0.1',
      hashFormat: AUDIT_HASH_FORMAT,
      prevHash,
    });
    e.hash = auditHash(e);
    prevHash = e.hash;
    entries.push(e);
  }
  return entries;
}

describe('checkChain', () => {
  it('accepts an untouched chain and reports its head', () => {
    const entries = chain(5);
    expect(checkChain(entries)).toEqual({ ok: true, checked: 5, headSeq: 5, headHash: entries[4].hash });
  });

  it('names an edited entry', () => {
    const entries = chain(5);
    entries[2].reason = 'quietly changed';
    expect(checkChain(entries)).toMatchObject({ ok: false, firstInvalidSeq: 3 });
  });

  it('names the gap where an entry was removed', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(checkChain(entries)).toMatchObject({ ok: false, firstInvalidSeq: 2 });
  });

  it('catches two entries swapped even with their sequence numbers swapped back', () => {
    const entries = chain(5);
    [entries[1], entries[2]] = [entries[2], entries[1]];
    entries[1].seq = 2;
    entries[2].seq = 3;
    expect(checkChain(entries)).toMatchObject({ ok: false, firstInvalidSeq: 2 });
  });

  it('catches an entry rewritten with a fresh hash, at the next link', () => {
    const entries = chain(4);
    entries[1].outcome = 'denied';
    entries[1].hash = auditHash(entries[1]);
    expect(checkChain(entries)).toMatchObject({ ok: false, firstInvalidSeq: 3, problem: expect.stringMatching(/does not link/) });
  });
});
