import type Database from 'better-sqlite3';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AUDIT_HASH_FORMAT, auditHash } from '../../src/audit/audit-hash';
import { allowedCaseEvents, CASE_MACHINE_VERSION, compactDateOf, decideCaseEvent, type CaseEventInput, type PersistedCaseSnapshot } from '../../machines';
import type { Actor } from '../../machines/roles';
import { sqliteTime } from './bulk';

/** What the raw path writes for one transition; the snapshot is the machine's own JSON, made beforehand. */
/** The audit entry of a raw step, chained to the head as read, with its hash: what the engine would append. */
export function rawAuditEntry(s: RawStep, head: { last_seq: number; last_hash: string }, now: Date): AuditEntry {
  const e = Object.assign(new AuditEntry(), {
    seq: head.last_seq + 1,
    occurredAt: now,
    actorId: s.actor.id,
    actorUsername: s.actor.username,
    actorRole: s.actor.role,
    actorState: s.actor.state,
    action: s.action,
    entityType: 'case',
    entityId: s.caseId,
    caseId: s.caseId,
    primaryState: s.states[0],
    secondaryState: s.states[1],
    fromState: s.fromStatus,
    toState: s.toStatus,
    outcome: 'allowed' as const,
    reason: s.reason,
    requestId: `raw-${head.last_seq + 1}`,
    clientAddress: '127.0.0.1',
    hashFormat: AUDIT_HASH_FORMAT,
    prevHash: head.last_hash,
  });
  e.hash = auditHash(e);
  return e;
}

export interface RawStep {
  caseId: string;
  action: string;
  fromStatus: string;
  toStatus: string;
  snapshotJson: string;
  closureReason: string | null;
  reason: string | null;
  actor: Actor;
  states: readonly [string, string];
}

/**
 * The floor under one audited transition: the same SQL statements as the engine's (read the case,
 * conditional UPDATE on its version, read the chain head, INSERT the audit row with its SHA-256
 * over the same canonical bytes, UPDATE the head), as prepared statements of better-sqlite3, one
 * transaction each, on the engine's own connection (so: the same WAL, synchronous=NORMAL and cache).
 * No NestJS, no TypeORM, no machine.
 */
export class RawTransitions {
  private readonly readCase: Database.Statement;
  private readonly updateCase: Database.Statement;
  private readonly readHead: Database.Statement;
  private readonly insertEntry: Database.Statement;
  private readonly updateHead: Database.Statement;
  private readonly apply: (step: RawStep) => void;
  private readonly transactionWithMachine: (work: () => void) => void;

  constructor(db: Database.Database) {
    this.readCase = db.prepare('SELECT * FROM "cases" WHERE "id" = ? LIMIT 1');
    this.updateCase = db.prepare(
      'UPDATE "cases" SET "status" = ?, "snapshot" = ?, "closure_reason" = ?, "machine_version" = ?, "version" = ?, "updated_at" = ? WHERE "id" = ? AND "version" = ?',
    );
    this.readHead = db.prepare('SELECT "id", "last_seq", "last_hash" FROM "audit_chain_head" WHERE "id" = ? LIMIT 1');
    this.insertEntry = db.prepare(
      `INSERT INTO "audit_entries" ("seq", "occurred_at", "actor_id", "actor_username", "actor_role", "actor_state", "action",
        "entity_type", "entity_id", "case_id", "primary_state", "secondary_state", "from_state", "to_state", "outcome", "reason",
        "request_id", "client_address", "hash_format", "prev_hash", "hash") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
    );
    this.updateHead = db.prepare('UPDATE "audit_chain_head" SET "last_seq" = ?, "last_hash" = ? WHERE "id" = ?');
    this.apply = db.transaction((step: RawStep) => this.write(step));
    this.transactionWithMachine = db.transaction((work: () => void) => work());
  }

  /** One audited transition, in its own transaction. */
  run(step: RawStep): void {
    this.apply(step);
  }

  /**
   * The engine's own steps without NestJS or TypeORM: the same statements, and between them the
   * same machine work as applyEvent (restore the snapshot, decide, persist it; the events allowed
   * afterwards for the answer). What a lean engine path could reach: the floor under the engine.
   */
  runWithMachine(caseId: string, event: CaseEventInput, actor: Actor, states: readonly [string, string]): string[] {
    return this.applyWithMachine(caseId, event, actor, states);
  }

  private readonly applyWithMachine = (caseId: string, event: CaseEventInput, actor: Actor, states: readonly [string, string]): string[] => {
    let next: PersistedCaseSnapshot | null = null;
    this.transactionWithMachine(() => {
      const row = this.readCase.get(caseId) as { version: number; snapshot: string };
      const decision = decideCaseEvent(JSON.parse(row.snapshot) as PersistedCaseSnapshot, event, actor);
      if (!decision.allowed) throw new Error(`lean baseline: ${decision.message}`);
      next = decision.snapshot;
      const reason = [event.closureReason ? `closure reason: ${event.closureReason}` : null, event.reason?.trim() || null].filter(Boolean).join('; ') || null;
      this.write(
        {
          caseId,
          action: event.type,
          fromStatus: decision.from,
          toStatus: decision.to,
          snapshotJson: JSON.stringify(decision.snapshot),
          closureReason: decision.closureReason,
          reason,
          actor,
          states,
        },
        row,
      );
    });
    return allowedCaseEvents(next!, actor, compactDateOf(new Date()));
  };

  private write(s: RawStep, read?: { version: number }): void {
    const row = (read ?? this.readCase.get(s.caseId)) as { version: number; status?: string } | undefined;
    if (!row || (!read && row.status !== s.fromStatus)) throw new Error(`raw baseline: case ${s.caseId} is not ${s.fromStatus}`);
    const now = new Date();
    const changed = this.updateCase.run(
      s.toStatus,
      s.snapshotJson,
      s.closureReason,
      CASE_MACHINE_VERSION,
      row.version + 1,
      sqliteTime(now),
      s.caseId,
      row.version,
    );
    if (changed.changes !== 1) throw new Error('raw baseline: the conditional UPDATE missed');
    const head = this.readHead.get(1) as { last_seq: number; last_hash: string };
    const e = rawAuditEntry(s, head, now);
    this.insertEntry.run(
      e.seq,
      sqliteTime(e.occurredAt),
      e.actorId,
      e.actorUsername,
      e.actorRole,
      e.actorState,
      e.action,
      e.entityType,
      e.entityId,
      e.caseId,
      e.primaryState,
      e.secondaryState,
      e.fromState,
      e.toState,
      e.outcome,
      e.reason,
      e.requestId,
      e.clientAddress,
      e.hashFormat,
      e.prevHash,
      e.hash,
    );
    this.updateHead.run(e.seq, e.hash, 1);
  }
}
