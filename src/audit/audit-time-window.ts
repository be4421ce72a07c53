import type { AuditLogRepository } from './audit-log.repository';

/** The first and last seq of the entries of a time window, among the entries up to `checkedThrough`. */
interface WindowSeqs {
  first: number | null;
  last: number | null;
  checkedThrough: number;
}

/** How many windows are remembered: an auditor pages through a few at a time. */
const REMEMBERED = 256;

/**
 * Turns a time window into the stretch of seqs that holds all of its entries, so that a page walks
 * that stretch instead of a state's whole history.
 *
 * Seq order and time order agree only while every appender's clock runs forward: an append stamps
 * the Clock's time under the chain head's lock, so one instance's clock stepping back (an NTP step) or
 * two PostgreSQL instances whose clocks differ would put a later entry before an earlier one in
 * time. So the stretch is not guessed from the window's first entry in time: it is the exact lowest
 * and highest seq among the window's entries, read from the (occurred_at, seq) index alone. That
 * costs a walk of the window's part of the index (every state's entries) once; entries never
 * change, so the answer is remembered and later only topped up with the entries appended since.
 */
export class AuditTimeWindows {
  private readonly known = new Map<string, WindowSeqs>();

  constructor(private readonly log: AuditLogRepository) {}

  /**
   * The seqs between which every entry with `from <= occurred_at < to` lies (either bound may be
   * missing), or null when the window holds no entry. Times are given as the database stores them.
   */
  async seqRange(key: string, from: unknown, to: unknown): Promise<{ first: number; last: number } | null> {
    const head = await this.log.lastSeq();
    let seqs = this.known.get(key);
    if (!seqs) {
      seqs = await this.scan(from, to, { after: 0, through: head }, 'idx_audit_occurred_at_seq');
    } else if (seqs.checkedThrough < head) {
      // The entries appended since, by primary key: a window in the past usually gets none of them.
      const added = await this.scan(from, to, { after: seqs.checkedThrough, through: head }, null);
      seqs = { first: seqs.first ?? added.first, last: added.last ?? seqs.last, checkedThrough: head };
    }
    this.remember(key, seqs);
    return seqs.first === null || seqs.last === null ? null : { first: seqs.first, last: seqs.last };
  }

  private async scan(from: unknown, to: unknown, range: { after: number; through: number }, index: string | null): Promise<WindowSeqs> {
    return { ...(await this.log.windowSeqs(from, to, range, index)), checkedThrough: range.through };
  }

  private remember(key: string, seqs: WindowSeqs): void {
    this.known.delete(key);
    this.known.set(key, seqs);
    if (this.known.size > REMEMBERED) this.known.delete(this.known.keys().next().value!);
  }
}
