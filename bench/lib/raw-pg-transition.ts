import { allowedCaseEvents, CASE_MACHINE_VERSION, compactDateOf, decideCaseEvent, type CaseEventInput, type PersistedCaseSnapshot } from '../../machines';
import type { Actor } from '../../machines/roles';
import { DEADLINE_COLUMNS, INSERT_DEADLINE } from './bulk';
import type { PgClient } from './pg';
import { END_DEADLINE, rawAuditEntry, replyDeadlineRow, STEP_READS, type RawStep } from './raw-transition';

/** SQLite's `?` placeholders numbered as PostgreSQL's. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

const READ_CASE = { name: 'bench_read_case', text: 'SELECT * FROM "cases" WHERE "id" = $1 LIMIT 1' };
const UPDATE_CASE = {
  name: 'bench_update_case',
  text: 'UPDATE "cases" SET "status" = $1, "snapshot" = $2, "closure_reason" = $3, "machine_version" = $4, "version" = $5, "updated_at" = $6 WHERE "id" = $7 AND "version" = $8',
};
const LOCK_HEAD = { name: 'bench_lock_head', text: 'SELECT "id", "last_seq", "last_hash" FROM "audit_chain_head" WHERE "id" = $1 LIMIT 1 FOR UPDATE' };
const INSERT_ENTRY = {
  name: 'bench_insert_entry',
  text: `INSERT INTO "audit_entries" ("seq", "occurred_at", "actor_id", "actor_username", "actor_role", "actor_state", "action",
    "entity_type", "entity_id", "case_id", "primary_state", "secondary_state", "from_state", "to_state", "outcome", "reason",
    "request_id", "client_address", "hash_format", "prev_hash", "hash") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`,
};
const READ_WARRANTS = { name: 'bench_read_warrants', text: numbered(STEP_READS.warrants) };
const READ_OPEN_DEADLINES = { name: 'bench_read_open_deadlines', text: numbered(STEP_READS.openDeadlines) };
const READ_DEADLINES = { name: 'bench_read_deadlines', text: numbered(STEP_READS.deadlines) };
const INSERT_DEADLINE_ROW = { name: 'bench_insert_deadline', text: numbered(INSERT_DEADLINE) };
const END_DEADLINE_ROW = { name: 'bench_end_deadline', text: numbered(END_DEADLINE) };
const MOVE_HEAD = {
  name: 'bench_move_head',
  text: 'UPDATE "audit_chain_head" SET "last_seq" = $1, "last_hash" = $2 WHERE "id" = $3 AND "last_seq" = $4 AND "last_hash" = $5',
};

/** A statement as sent: prepared under its name, or (as TypeORM sends every statement) parsed anew each time. */
type Statement = { name: string; text: string };

/**
 * The floor under one audited transition on PostgreSQL: the statements the engine sends (its
 * statement log, read with log_statement=all), one transaction each, through `pg` alone: BEGIN,
 * read the case, conditional UPDATE on its version, read the case's open deadlines, INSERT the
 * closure notice's reply deadline or end it with the rejection, read the case's warrants and all
 * its deadlines (for the answer), SELECT the chain's head FOR UPDATE, INSERT the entry with its
 * SHA-256 over the same canonical bytes, UPDATE the head (conditional on the head chained to),
 * COMMIT. No NestJS, no TypeORM, no machine. (The engine reads the case just before its BEGIN, and
 * the notice's warrants too; it moves the head and inserts the entry in one statement: one round
 * trip fewer than here.)
 *
 * `prepared`: named statements, parsed and planned once per connection (the baseline); without,
 * each statement is parsed and planned on every call, as TypeORM has PostgreSQL do.
 */
export class RawPgTransitions {
  constructor(
    private readonly db: PgClient,
    private readonly prepared = true,
  ) {}

  private send<R>(statement: Statement, values: unknown[]) {
    return this.db.query<R>(this.prepared ? { ...statement, values } : { text: statement.text, values });
  }

  async run(s: RawStep): Promise<void> {
    await this.inTransaction(async () => {
      const row = (await this.send<{ version: number; status: string }>(READ_CASE, [s.caseId])).rows[0];
      if (!row || row.status !== s.fromStatus) throw new Error(`raw pg baseline: case ${s.caseId} is not ${s.fromStatus}`);
      await this.write(s, row.version);
    });
  }

  /**
   * The engine's own steps without NestJS or TypeORM: the same statements, and between them the same
   * machine work as applyEvent (restore the snapshot, decide, persist it; the events allowed
   * afterwards, for the answer). What a lean engine path could reach on PostgreSQL.
   */
  async runWithMachine(caseId: string, event: CaseEventInput, actor: Actor, states: readonly [string, string]): Promise<string[]> {
    let next: PersistedCaseSnapshot | null = null;
    await this.inTransaction(async () => {
      const row = (await this.send<{ version: number; snapshot: PersistedCaseSnapshot }>(READ_CASE, [caseId])).rows[0];
      const decision = decideCaseEvent(row.snapshot, event, actor);
      if (!decision.allowed) throw new Error(`lean pg baseline: ${decision.message}`);
      next = decision.snapshot;
      const reason = [event.closureReason ? `closure reason: ${event.closureReason}` : null, event.reason?.trim() || null].filter(Boolean).join('; ') || null;
      await this.write(
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
        row.version,
      );
    });
    return allowedCaseEvents(next!, actor, compactDateOf(new Date()));
  }

  private async inTransaction(work: () => Promise<void>): Promise<void> {
    await this.db.query('BEGIN');
    try {
      await work();
      await this.db.query('COMMIT');
    } catch (err) {
      await this.db.query('ROLLBACK');
      throw err;
    }
  }

  private async write(s: RawStep, version: number): Promise<void> {
    const now = new Date();
    const changed = await this.send(UPDATE_CASE, [s.toStatus, s.snapshotJson, s.closureReason, CASE_MACHINE_VERSION, version + 1, now, s.caseId, version]);
    if (changed.rowCount !== 1) throw new Error('raw pg baseline: the conditional UPDATE missed');
    const open = (await this.send<{ id: string }>(READ_OPEN_DEADLINES, [s.caseId])).rows;
    if (s.toStatus === 'closure_pending') {
      const row = replyDeadlineRow(s, now);
      await this.send(
        INSERT_DEADLINE_ROW,
        DEADLINE_COLUMNS.map((c) => row[c]),
      );
    } else for (const d of open) await this.send(END_DEADLINE_ROW, [now, s.action, d.id]);
    await this.send(READ_WARRANTS, [s.caseId]);
    await this.send(READ_DEADLINES, [s.caseId]);
    const head = (await this.send<{ last_seq: number; last_hash: string }>(LOCK_HEAD, [1])).rows[0];
    const e = rawAuditEntry(s, head, now);
    await this.send(INSERT_ENTRY, [
      e.seq,
      e.occurredAt,
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
    ]);
    const moved = await this.send(MOVE_HEAD, [e.seq, e.hash, 1, head.last_seq, head.last_hash]);
    if (moved.rowCount !== 1) throw new Error('raw pg baseline: the chain head moved under its lock');
  }
}
