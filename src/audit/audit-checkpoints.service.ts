import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditChainAlarm } from './audit-chain-broken';
import { AUDIT_CONFIG, type AuditConfig } from './audit-config';
import { AuditLogRepository } from './audit-log.repository';
import { AuditSigner, type SignedCheckpoint } from './audit-signer';
import type { CheckpointWitness } from './checkpoint-witnesses';
import type { Transaction } from '../database/transaction';

/**
 * Signs the chain's head: every AUDIT_CHECKPOINT_EVERY entries, and whenever someone asks; each
 * checkpoint is mailed to the auditors, its witnesses outside the database.
 */
@Injectable()
export class AuditCheckpoints {
  constructor(
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    private readonly log: AuditLogRepository,
    private readonly signer: AuditSigner,
    private readonly unitOfWork: UnitOfWork,
    private readonly alarm: AuditChainAlarm,
    private readonly clock: Clock,
  ) {}

  private readonly witnesses: CheckpointWitness[] = [];

  /** Registers who keeps a copy of each checkpoint outside the database (see CheckpointWitness). */
  addWitness(witness: CheckpointWitness): void {
    this.witnesses.push(witness);
  }

  /** Called by every append, inside its transaction. */
  async afterAppend(tx: Transaction, seq: number, hash: string): Promise<void> {
    const every = this.config.checkpointEvery;
    if (every > 0 && seq % every === 0) await this.write(tx, seq, hash);
  }

  /**
   * Signs the current head now (or answers the checkpoint already made at it). The head is locked
   * so that two instances asked at once do not both sign it.
   */
  signHead(): Promise<SignedCheckpoint> {
    return this.unitOfWork.run(
      async (tx) => {
        const head = await this.log.lockHead(tx);
        if (!head) throw new Error('The audit chain head is missing; no checkpoint can be signed.');
        const existing = await this.log.checkpointAt(tx, head.lastSeq);
        if (!existing) return this.write(tx, head.lastSeq, head.lastHash);
        if (existing.hash !== head.lastHash) throw this.staleCheckpoint(head.lastSeq);
        return existing;
      },
      { answers: true },
    );
  }

  /** Newest first, before `beforeSeq` when given. */
  list(limit: number, beforeSeq?: number): Promise<SignedCheckpoint[]> {
    return this.log.checkpointsBefore(limit, beforeSeq);
  }

  private async write(tx: Transaction, seq: number, hash: string): Promise<SignedCheckpoint> {
    const signed = this.signer.sign(seq, hash, this.clock.now());
    if (!(await this.log.insertCheckpoint(tx, signed))) throw this.staleCheckpoint(seq);
    for (const witness of this.witnesses) await witness.signed(tx, signed);
    return signed;
  }

  /**
   * A checkpoint already stored at a place the chain has only now reached (under the head's lock,
   * so no other instance made it): it was signed for entries since cut off, and the chain was rewritten.
   */
  private staleCheckpoint(seq: number) {
    return this.alarm.broken(seq, `the signed checkpoint stored at ${seq} is of another chain (entries were cut off and rewritten)`);
  }
}
