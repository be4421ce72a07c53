import type { AuditEntry } from './audit-entry.entity';
import { GENESIS_HASH, canonicalAuditBytes, sha256Hex } from './audit-hash';

export type ChainCheck =
  { ok: true; checked: number; headSeq: number; headHash: string } | { ok: false; firstInvalidSeq: number; problem: string; checked: number };

/**
 * One stored entry as verification needs it: its place, its two hashes as stored, and the canonical
 * bytes of its fields (null when its stored fields cannot even be read back as an entry, e.g. a
 * timestamp that is no date: an edit too).
 */
export type ChainRow = readonly [seq: number, prevHash: string, hash: string, bytes: string | null];

/** The bytes of an entry as read back, or null when an edited field makes it unreadable. */
export function canonicalBytesOrNull(entry: AuditEntry): string | null {
  try {
    return canonicalAuditBytes(entry);
  } catch {
    return null;
  }
}

/**
 * Walks entries in sequence order, one at a time (so a million entries need no memory), from an
 * anchor (the genesis, or an entry already trusted), and names the first entry that was edited,
 * removed, inserted or moved.
 */
export class ChainWalker {
  private expectedSeq: number;
  private prevHash: string;
  private checked = 0;
  private broken: { firstInvalidSeq: number; problem: string } | null = null;

  constructor(anchor: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }) {
    this.expectedSeq = anchor.seq + 1;
    this.prevHash = anchor.hash;
  }

  /** False once the chain is broken; further entries are then ignored. */
  push(entry: AuditEntry): boolean {
    return this.pushRow(entry.seq, entry.prevHash, entry.hash, canonicalBytesOrNull(entry));
  }

  /** The same as push, for a row read without an entity (see ChainRow). */
  pushRow(seq: number, prevHash: string, hash: string, bytes: string | null): boolean {
    if (this.broken) return false;
    if (seq !== this.expectedSeq) {
      this.broken = { firstInvalidSeq: this.expectedSeq, problem: `entry ${this.expectedSeq} is missing (the next one found is ${seq})` };
    } else if (prevHash !== this.prevHash) {
      this.broken = { firstInvalidSeq: seq, problem: 'it does not link to the entry before it (removed, inserted or reordered entries)' };
    } else if (bytes === null || sha256Hex(bytes) !== hash) {
      this.broken = { firstInvalidSeq: seq, problem: 'its content does not match its hash (the entry was edited)' };
    } else {
      this.prevHash = hash;
      this.expectedSeq++;
      this.checked++;
      return true;
    }
    return false;
  }

  /** Declares a break found outside the entries themselves, e.g. a head or checkpoint mismatch. */
  fail(firstInvalidSeq: number, problem: string): void {
    this.broken ??= { firstInvalidSeq, problem };
  }

  get head(): { seq: number; hash: string } {
    return { seq: this.expectedSeq - 1, hash: this.prevHash };
  }

  result(): ChainCheck {
    if (this.broken) return { ok: false, ...this.broken, checked: this.checked };
    return { ok: true, checked: this.checked, headSeq: this.expectedSeq - 1, headHash: this.prevHash };
  }
}

export function checkChain(entries: Iterable<AuditEntry>, anchor?: { seq: number; hash: string }): ChainCheck {
  const walker = new ChainWalker(anchor);
  for (const entry of entries) if (!walker.push(entry)) break;
  return walker.result();
}
