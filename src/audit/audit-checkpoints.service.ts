import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { forUpdate } from '../database/row-locks';
import { UnitOfWork } from '../database/unit-of-work';
import { AuditChainAlarm, isSeqTaken } from './audit-chain-broken';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AUDIT_CONFIG, type AuditConfig } from './audit-config';
import { AuditSigner, type SignedCheckpoint } from './audit-signer';
import type { CheckpointWitness } from './checkpoint-witnesses';
import { managerOf, type Transaction } from '../database/transaction';

function checkpointOf(row: AuditCheckpoint): SignedCheckpoint {
  return { seq: row.seq, hash: row.hash, signedAt: row.signedAt.toISOString(), keyId: row.keyId, signature: row.signature };
}

/**
 * Signs the chain's head: every AUDIT_CHECKPOINT_EVERY entries, and whenever someone asks; each
 * checkpoint is mailed to the auditors, its witnesses outside the database.
 */
@Injectable()
export class AuditCheckpoints {
  constructor(
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @InjectRepository(AuditCheckpoint) private readonly checkpoints: Repository<AuditCheckpoint>,
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
        const head = await managerOf(tx).findOneOrFail(AuditChainHead, { where: { id: 1 }, ...forUpdate(managerOf(tx)) });
        const existing = await managerOf(tx).findOneBy(AuditCheckpoint, { seq: head.lastSeq });
        if (!existing) return this.write(tx, head.lastSeq, head.lastHash);
        if (existing.hash !== head.lastHash) throw this.staleCheckpoint(head.lastSeq);
        return checkpointOf(existing);
      },
      { answers: true },
    );
  }

  async list(limit: number, beforeSeq?: number): Promise<SignedCheckpoint[]> {
    const query = this.checkpoints.createQueryBuilder('c').orderBy('c.seq', 'DESC').limit(limit);
    if (beforeSeq !== undefined) query.where('c.seq < :beforeSeq', { beforeSeq });
    return (await query.getMany()).map(checkpointOf);
  }

  /** All stored checkpoints within a range, oldest first, for the verifier. */
  async within(fromSeq: number, toSeq: number): Promise<SignedCheckpoint[]> {
    const rows = await this.checkpoints
      .createQueryBuilder('c')
      .where('c.seq >= :fromSeq AND c.seq <= :toSeq', { fromSeq, toSeq })
      .orderBy('c.seq', 'ASC')
      .getMany();
    return rows.map(checkpointOf);
  }

  /** The oldest stored checkpoint after `seq`, for the verifier. */
  async firstAfter(seq: number): Promise<SignedCheckpoint | null> {
    const row = await this.checkpoints.createQueryBuilder('c').where('c.seq > :seq', { seq }).orderBy('c.seq', 'ASC').limit(1).getOne();
    return row ? checkpointOf(row) : null;
  }

  private async write(tx: Transaction, seq: number, hash: string): Promise<SignedCheckpoint> {
    const signed = this.signer.sign(seq, hash, this.clock.now());
    try {
      await managerOf(tx).insert(AuditCheckpoint, { ...signed, signedAt: new Date(signed.signedAt) });
    } catch (err) {
      if (isSeqTaken(err, this.checkpoints.metadata.tableName)) throw this.staleCheckpoint(seq);
      throw err;
    }
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
