import type { AuditEntry } from './audit-entry.entity';
import { GENESIS_HASH, auditHash } from './audit-hash';

export type ChainCheck =
  | { ok: true; checked: number; headSeq: number; headHash: string }
  | { ok: false; firstInvalidSeq: number; problem: string };

/**
 * Walks entries in sequence order from `start` (the genesis unless a later point is given) and names
 * the first one that was edited, removed, inserted or moved.
 */
export function checkChain(
  entries: Iterable<AuditEntry>,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): ChainCheck {
  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  let checked = 0;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return { ok: false, firstInvalidSeq: expectedSeq, problem: `entry ${expectedSeq} is missing (found ${entry.seq} next)` };
    }
    if (entry.prevHash !== prevHash) {
      return { ok: false, firstInvalidSeq: entry.seq, problem: 'does not link to the entry before it' };
    }
    if (auditHash(entry) !== entry.hash) {
      return { ok: false, firstInvalidSeq: entry.seq, problem: 'its content does not match its hash' };
    }
    prevHash = entry.hash;
    expectedSeq++;
    checked++;
  }
  return { ok: true, checked, headSeq: expectedSeq - 1, headHash: prevHash };
}
