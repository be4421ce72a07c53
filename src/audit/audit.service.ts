import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { forUpdate } from '../database/row-locks';
import type { Actor } from '../../machines/roles';
import type { RequestMeta } from '../common/request-meta';
import { UnitOfWork } from '../database/unit-of-work';
import { Metrics } from '../metrics/metrics';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditCheckpoints } from './audit-checkpoints.service';
import type { AuditDraft } from './audit-draft';
import { AuditEntry } from './audit-entry.entity';
import { AUDIT_HASH_FORMAT, auditHash } from './audit-hash';

const HEAD_ID = 1;
const MAX_REASON = 1000;

/** Strips control characters (log injection) and bounds the length of free text. */
function clean(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, max);
}

@Injectable()
export class AuditService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly checkpoints: AuditCheckpoints,
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    private readonly metrics: Metrics,
  ) {}

  /** Appends one entry inside the caller's transaction, so it commits or rolls back with the change. */
  async append(manager: EntityManager, draft: AuditDraft): Promise<AuditEntry> {
    const head = await this.lockHead(manager);
    const actor = draft.actor;
    const full = actor && 'id' in actor ? actor : null;
    const entry = manager.create(AuditEntry, {
      seq: head.lastSeq + 1,
      occurredAt: new Date(),
      actorId: full?.id ?? null,
      actorUsername: clean(actor?.username, 64),
      actorRole: full?.role ?? null,
      actorState: full?.state ?? null,
      action: draft.action,
      entityType: draft.entityType,
      entityId: draft.entityId,
      caseId: draft.caseId ?? null,
      primaryState: draft.states[0] ?? null,
      secondaryState: draft.states[1] ?? null,
      fromState: draft.fromState ?? null,
      toState: draft.toState ?? null,
      outcome: draft.outcome,
      reason: clean(draft.reason, MAX_REASON),
      requestId: clean(draft.meta?.requestId, 64),
      clientAddress: clean(draft.meta?.clientAddress, 64),
      hashFormat: AUDIT_HASH_FORMAT,
      prevHash: head.lastHash,
    });
    entry.hash = auditHash(entry);
    await manager.insert(AuditEntry, entry);
    await this.moveHead(manager, head, entry);
    await this.checkpoints.afterAppend(manager, entry.seq, entry.hash);
    this.unitOfWork.afterCommit(() => this.metrics.audited(entry));
    return entry;
  }

  /** Records a step that changed nothing (a refusal, a sign-in) in a transaction of its own. */
  record(draft: AuditDraft): Promise<AuditEntry> {
    return this.unitOfWork.run((manager) => this.append(manager, draft));
  }

  /** A read, export, verification or checkpoint of the history: CJIS counts these as events too. */
  recordAccess(actor: Actor, meta: RequestMeta | null, action: string, reason: string): Promise<AuditEntry> {
    return this.record({ actor, action, entityType: 'audit', entityId: null, states: [actor.state], outcome: 'allowed', reason, meta });
  }

  historyOfCase(caseId: string): Promise<AuditEntry[]> {
    return this.entries.find({ where: { caseId }, order: { seq: 'ASC' } });
  }

  /**
   * The head row, locked until this transaction ends. On PostgreSQL, SELECT … FOR UPDATE makes every
   * other appender (of any instance) wait here, and under READ COMMITTED it then reads the head as
   * the previous appender committed it: appends form one chain, never a fork or a gap. On SQLite the
   * one writer at a time gives the same. Every transaction takes this lock after its other row locks.
   */
  private async lockHead(manager: EntityManager): Promise<AuditChainHead> {
    const head = await manager.findOne(AuditChainHead, { where: { id: HEAD_ID }, ...forUpdate(manager) });
    // The migration that creates the table writes the genesis row, so a missing head is corruption.
    if (!head) throw new Error('The audit chain head is missing; the audit history cannot be appended.');
    return head;
  }

  /** Conditional on the head we chained to, so that even without the lock a fork could not commit. */
  private async moveHead(manager: EntityManager, from: AuditChainHead, to: AuditEntry): Promise<void> {
    const moved = await manager
      .createQueryBuilder()
      .update(AuditChainHead)
      .set({ lastSeq: to.seq, lastHash: to.hash })
      .where('id = :id AND last_seq = :seq AND last_hash = :hash', { id: HEAD_ID, seq: from.lastSeq, hash: from.lastHash })
      .execute();
    if (moved.affected !== 1) throw new Error('The audit chain head moved during an append; the transaction is rolled back.');
  }
}
