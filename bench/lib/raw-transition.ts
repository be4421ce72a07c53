import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AUDIT_HASH_FORMAT, auditHash } from '../../src/audit/audit-hash';
import {
  addCalendarDays,
  allowedCaseEvents,
  CASE_MACHINE_VERSION,
  compactDateOf,
  decideCaseEvent,
  endOfCompactDay,
  type CaseEventInput,
  type PersistedCaseSnapshot,
} from '../../machines';
import type { Actor } from '../../machines/roles';
import { deadlineValues, INSERT_DEADLINE, sqliteTime, type DeadlineRow } from './bulk';

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

const IN_CLOCK_ORDER = 'ORDER BY "started_at", "created_at", "id"';

/** The statements on a case's warrants and deadlines that a closure notice or its rejection runs, `?` for the case's id (PostgreSQL: `$1`). */
export const STEP_READS = {
  warrants: `SELECT * FROM "case_activities" WHERE "case_id" = ? AND "kind" = 'warrant'`,
  openDeadlines: `SELECT * FROM "deadlines" WHERE "case_id" = ? AND "status" = 'open' ${IN_CLOCK_ORDER}`,
  deadlines: `SELECT * FROM "deadlines" WHERE "case_id" = ? ${IN_CLOCK_ORDER}`,
};
/** The rejection's end of the reply deadline: ended at, ended by, the deadline's id. */
export const END_DEADLINE = `UPDATE "deadlines" SET "status" = 'met', "ended_at" = ?, "ended_by" = ?, "on_time" = TRUE, "next_notice_at" = NULL WHERE "id" = ? AND "status" = 'open'`;

/** The closure notice's reply deadline (rule 4.112(d), 10 business days, the sending state's), as the engine writes it; its dates fixed offsets. */
export function replyDeadlineRow(s: RawStep, now: Date): DeadlineRow {
  const startOn = compactDateOf(now);
  const dueOn = addCalendarDays(startOn, 14);
  return {
    ...{ id: randomUUID(), case_id: s.caseId, activity_id: null, time_limit: 'CCN-REPLY', rule_version: 'CCN-REPLY@2012-03-01', rule: '4.112(d)' },
    ...{ limit_days: 10, limit_unit: 'business', measure: 'case_closure_reply', responsible_side: 'sending', responsible_state: s.states[0] },
    ...{ assignee_id: null, started_by: s.action, transmitted_at: now, received_at: now, start_on: startOn, started_at: now },
    ...{ due_on: dueOn, due_at: endOfCompactDay(dueOn), status: 'open', ended_at: null, ended_by: null, on_time: null },
    ...{ next_notice_at: null, created_at: now },
  };
}

/**
 * The floor under one audited transition: the same SQL statements as the engine's, as prepared
 * statements of better-sqlite3, one transaction each, on the engine's own connection (so: the same
 * WAL, synchronous=NORMAL and cache). Read the case, conditional UPDATE on its version; read its
 * warrants and its open deadlines; start the closure notice's reply deadline (the notice) or end it
 * (the rejection), each with the tables' triggers; read the chain head, INSERT the audit row with
 * its SHA-256 over the same canonical bytes, UPDATE the head; read the case's deadlines and warrants
 * again for the answer. Rows are read as arrays, as the engine reads them. No NestJS, no TypeORM,
 * no machine, no calendar: the reply deadline's dates are fixed offsets, not the rule's count.
 */
export class RawTransitions {
  private readonly readCase: Database.Statement;
  private readonly updateCase: Database.Statement;
  private readonly readHead: Database.Statement;
  private readonly insertEntry: Database.Statement;
  private readonly updateHead: Database.Statement;
  private readonly readWarrants: Database.Statement;
  private readonly readOpenDeadlines: Database.Statement;
  private readonly readDeadlines: Database.Statement;
  private readonly insertDeadline: Database.Statement;
  private readonly endDeadline: Database.Statement;
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
    this.readWarrants = db.prepare(STEP_READS.warrants).raw(true);
    this.readOpenDeadlines = db.prepare(STEP_READS.openDeadlines).raw(true);
    this.readDeadlines = db.prepare(STEP_READS.deadlines).raw(true);
    this.insertDeadline = db.prepare(INSERT_DEADLINE);
    this.endDeadline = db.prepare(END_DEADLINE);
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
    this.readWarrants.all(s.caseId);
    const open = this.readOpenDeadlines.all(s.caseId) as unknown[][];
    if (s.toStatus === 'closure_pending') this.insertDeadline.run(...deadlineValues(replyDeadlineRow(s, now)));
    else for (const row of open) this.endDeadline.run(sqliteTime(now), s.action, row[0]);
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
    this.readDeadlines.all(s.caseId);
    this.readWarrants.all(s.caseId);
  }
}
