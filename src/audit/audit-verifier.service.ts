import { BadRequestException, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditChainAlarm } from './audit-chain-broken';
import { ChainWalker, type ChainCheck } from './audit-chain';
import { AuditEntry } from './audit-entry.entity';
import { AuditLogRepository } from './audit-log.repository';
import { ChainPartWorkers, splitRange, stitchParts, type PartReport, type Stitched } from './audit-parallel-verify';
import { AuditReader } from './audit-reader.service';
import { AuditSigner, type SignedCheckpoint } from './audit-signer';
import { sqliteChainRowsSql } from './sqlite-chain-rows';

export interface VerifyRequest {
  from?: number;
  to?: number;
  /** A checkpoint kept outside the database: the chain must still reach it, unchanged. */
  checkpoint?: SignedCheckpoint;
}

export type VerifyResult = ChainCheck & { checkpointsChecked: number };

/**
 * Proves the chain intact over a range: every entry's hash, every link, the head row, every
 * stored checkpoint's signature and hash (none may lie beyond the head), no entry beyond the head,
 * and a checkpoint brought from outside.
 */
@Injectable()
export class AuditVerifier implements OnModuleDestroy {
  /**
   * From this many entries on, a verify on a SQLite file walks the range in two worker threads at
   * once (see audit-parallel-verify.ts); below it, starting the workers costs more than they save.
   * Tests lower it to take that path on a short history.
   */
  static parallelFrom = 100_000;

  private readonly logger = new Logger(AuditVerifier.name);
  private readonly workers = new ChainPartWorkers(2);

  constructor(
    private readonly reader: AuditReader,
    private readonly log: AuditLogRepository,
    private readonly signer: AuditSigner,
    private readonly alarm: AuditChainAlarm,
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
  ) {}

  async verify(request: VerifyRequest): Promise<VerifyResult> {
    const outside = request.checkpoint;
    if (outside && !this.signer.isAuthentic(outside)) {
      throw new BadRequestException("The checkpoint given is not signed by this engine's audit key (or was altered).");
    }
    // A checkpoint vouches for everything before it, so its check starts at the genesis.
    const from = outside ? 1 : Math.max(1, request.from ?? 1);
    const to = request.to ?? null;
    if (to !== null && to < from) throw new BadRequestException('to must not be before from.');

    const anchor = await this.anchorBefore(from);
    let walker = new ChainWalker(anchor);
    const head = await this.log.head();
    const lastSeq = to ?? head.lastSeq;
    const stored = await this.log.checkpointsWithin(from, Math.max(lastSeq, outside?.seq ?? 0));
    const expected = new Map<number, SignedCheckpoint[]>();
    for (const c of [...stored, ...(outside ? [outside] : [])]) expected.set(c.seq, [...(expected.get(c.seq) ?? []), c]);
    const mismatch = (seq: number, hash: string): string | null => {
      const c = expected.get(seq)?.find((signed) => signed.hash !== hash);
      return c ? `it differs from the signed checkpoint at ${c.seq}: the chain was rewritten` : null;
    };

    for (const c of stored) {
      if (!this.signer.isAuthentic(c)) walker.fail(c.seq, `the stored checkpoint at ${c.seq} has a bad signature`);
    }
    // Entries the workers checked, which `walker` then starts after.
    let checkedApart = 0;
    // A bad signature has already broken the chain: there is nothing left to walk.
    const stitched = walker.result().ok ? await this.walkInWorkers(anchor, from, lastSeq, [...expected.keys()], mismatch) : null;
    if (stitched) {
      walker = new ChainWalker(stitched.head);
      if (stitched.broken) walker.fail(stitched.broken.firstInvalidSeq, stitched.broken.problem);
      checkedApart = stitched.checked;
    } else {
      // Up to the head as read above: entries appended meanwhile (other requests, other instances) are
      // for the next verification, and must not look like entries beyond the head.
      walk: for await (const batch of this.reader.chain(from, lastSeq)) {
        for (const [seq, prevHash, hash, bytes] of batch) {
          if (!walker.pushRow(seq, prevHash, hash, bytes)) break walk;
          const problem = expected.has(seq) ? mismatch(seq, hash) : null;
          if (problem) walker.fail(seq, problem);
        }
      }
    }
    const reached = walker.head;
    if (outside && reached.seq < outside.seq) {
      walker.fail(reached.seq + 1, `the chain ends at ${reached.seq} and no longer reaches the checkpoint at ${outside.seq}: entries were cut off`);
    }
    if (to === null && (reached.seq !== head.lastSeq || reached.hash !== head.lastHash)) {
      walker.fail(reached.seq + 1, `the chain ends at ${reached.seq} but its head row says ${head.lastSeq}: entries were cut off or the head was changed`);
    }
    // A checkpoint is only ever signed at the head: one beyond it vouches for entries cut off since.
    const beyond = to === null ? await this.checkpointBeyondHead(head.lastSeq) : null;
    if (beyond) {
      walker.fail(
        reached.seq + 1,
        `the stored checkpoint at ${beyond.seq} lies beyond the chain's end at ${reached.seq}: entries were cut off and the head moved back`,
      );
    }
    if (to === null && (await this.entriesBeyondHead(head.lastSeq))) {
      walker.fail(head.lastSeq + 1, `there are entries after the head row's ${head.lastSeq}: entries were added outside the engine`);
      this.alarm.raise(head.lastSeq + 1, `entry ${head.lastSeq + 1} lies beyond the head row's ${head.lastSeq}`);
    }
    const result = walker.result();
    return { ...result, checked: result.checked + checkedApart, checkpointsChecked: stored.length + (outside ? 1 : 0) + (beyond ? 1 : 0) };
  }

  /**
   * [from, lastSeq] walked in two worker threads, on a SQLite file and a range long enough to gain
   * from it; null when the serial walk must do it: elsewhere, for a short range, for a row only an
   * entity gives the bytes of, or when a worker failed (never a verdict from a walk half done).
   */
  private async walkInWorkers(
    anchor: { seq: number; hash: string } | undefined,
    from: number,
    lastSeq: number,
    checkpointSeqs: number[],
    mismatch: (seq: number, hash: string) => string | null,
  ): Promise<Stitched | null> {
    if (!this.log.exportsApart || lastSeq - from + 1 < AuditVerifier.parallelFrom) return null;
    const options = this.entries.manager.connection.driver.options as unknown as { database: string; timeout?: number };
    let reports: PartReport[];
    try {
      const source = { database: options.database, timeout: options.timeout, sql: sqliteChainRowsSql(this.entries.metadata) };
      reports = await this.workers.walk(source, splitRange(from, lastSeq, 2), checkpointSeqs);
    } catch (err) {
      this.logger.warn({ error: err instanceof Error ? err.message : String(err) }, 'A verify worker failed; the chain is walked in this thread instead.');
      return null;
    }
    const walked: Array<Extract<PartReport, { kind: 'walked' }>> = [];
    for (const report of reports) {
      if (report.kind !== 'walked') return null;
      walked.push(report);
    }
    return stitchParts(anchor, walked, mismatch);
  }

  onModuleDestroy(): Promise<void> {
    return this.workers.close();
  }

  /** The first stored checkpoint past the head, unless the head reached it meanwhile (see entriesBeyondHead). */
  private async checkpointBeyondHead(lastSeq: number): Promise<SignedCheckpoint | null> {
    const first = await this.log.checkpointAfter(lastSeq);
    if (!first) return null;
    const now = await this.log.head();
    return now.lastSeq < first.seq ? first : null;
  }

  /**
   * An entry past the head is legitimate only if it was appended after we read the head: an append
   * moves the head in the same transaction, so reading the head again tells which.
   */
  private async entriesBeyondHead(lastSeq: number): Promise<boolean> {
    if (!(await this.log.entry(lastSeq + 1))) return false;
    const now = await this.log.head();
    return now.lastSeq <= lastSeq;
  }

  /** The trusted point a range starts from: the genesis, or the stored hash of the entry before. */
  private async anchorBefore(from: number): Promise<{ seq: number; hash: string } | undefined> {
    if (from <= 1) return undefined;
    const before = await this.log.entry(from - 1);
    if (!before) throw new BadRequestException(`There is no entry ${from - 1} to start after.`);
    return { seq: before.seq, hash: before.hash };
  }
}
