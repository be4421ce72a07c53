import { Injectable } from '@nestjs/common';
import type { Actor } from '../../machines/roles';
import { Clock } from '../common/clock';
import { withoutLoneSurrogates } from '../common/free-text';
import type { RequestMeta } from '../common/request-meta';
import { UnitOfWork } from '../database/unit-of-work';
import { Metrics } from '../metrics/metrics';
import { AuditChainAlarm } from './audit-chain-broken';
import type { AuditChainHead } from './audit-chain-head.entity';
import { AuditCheckpoints } from './audit-checkpoints.service';
import type { AuditDraft } from './audit-draft';
import { AuditEntry } from './audit-entry.entity';
import { AUDIT_HASH_FORMAT, auditHash } from './audit-hash';
import { AuditLogRepository } from './audit-log.repository';
import type { Transaction } from '../database/transaction';

const MAX_REASON = 1000;

/** Strips control characters (log injection) and bounds the length of free text. */
function clean(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  // A lone surrogate would be hashed as other text than the UTF-8 stored, failing verification.
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return withoutLoneSurrogates(text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, max));
}

@Injectable()
export class AuditService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly checkpoints: AuditCheckpoints,
    private readonly log: AuditLogRepository,
    private readonly metrics: Metrics,
    private readonly alarm: AuditChainAlarm,
    private readonly clock: Clock,
  ) {}

  /** Appends one entry inside the caller's transaction, so it commits or rolls back with the change. */
  async append(tx: Transaction, draft: AuditDraft): Promise<AuditEntry> {
    const head = await this.lockHead(tx);
    const actor = draft.actor;
    const full = actor && 'id' in actor ? actor : null;
    const entry = Object.assign(new AuditEntry(), {
      seq: head.lastSeq + 1,
      occurredAt: this.clock.now(),
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
    const appended = await this.log.append(tx, head, entry);
    // Under the head's lock no other append can hold this place: the row there came from outside.
    if (appended === 'seq taken') throw this.alarm.broken(entry.seq, `an entry ${entry.seq} exists beyond the head row's ${head.lastSeq}`);
    if (appended === 'head moved') throw new Error('The audit chain head moved during an append; the transaction is rolled back.');
    await this.checkpoints.afterAppend(tx, entry.seq, entry.hash);
    this.unitOfWork.afterCommit(tx, () => {
      this.metrics.audited(entry);
      this.alarm.appended(entry.seq);
    });
    return entry;
  }

  /** Records a step that changed nothing (a refusal, a sign-in) in a transaction of its own. */
  record(draft: AuditDraft): Promise<AuditEntry> {
    return this.unitOfWork.run((tx) => this.append(tx, draft));
  }

  /** A read, export, verification or checkpoint of the history: CJIS counts these as events too. */
  recordAccess(actor: Actor, meta: RequestMeta | null, action: string, reason: string): Promise<AuditEntry> {
    return this.record({ actor, action, entityType: 'audit', entityId: null, states: [actor.state], outcome: 'allowed', reason, meta });
  }

  historyOfCase(caseId: string): Promise<AuditEntry[]> {
    return this.log.ofCase(caseId);
  }

  /** The chain's head, locked for this transaction (see AuditChainRows.lockHead). */
  private async lockHead(tx: Transaction): Promise<AuditChainHead> {
    const head = await this.log.lockHead(tx);
    // The migration that creates the table writes the genesis row, so a missing head is corruption.
    if (!head) throw new Error('The audit chain head is missing; the audit history cannot be appended.');
    return head;
  }
}
