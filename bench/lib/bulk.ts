import Database from '../../src/database/sqlite-driver';
import { randomUUID } from 'node:crypto';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { searchColumnsOf } from '../../src/cases/case-search';
import { AUDIT_HASH_FORMAT, auditHash } from '../../src/audit/audit-hash';
import type { AuditSigner, SignedCheckpoint } from '../../src/audit/audit-signer';
import {
  DEADLINE_RULES,
  FEDERAL_CALENDAR,
  addCalendarDays,
  calendarDaysBetween,
  citationOf,
  compactDateOf,
  endOfCompactDay,
  ruleInForce,
  startOfCompactDay,
  type CompactDate,
  type DeadlineRule,
  type TimeLimit,
} from '../../machines';
import type { Actor } from '../../machines/roles';
import { PAIRS, type Cast, type ClosedTemplate } from './cast';
import { random } from './phase';

/** A time as TypeORM stores a `datetime` column on SQLite: UTC text with milliseconds. */
export function sqliteTime(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * A connection of the seeder's own to the engine's file, tuned for bulk loading only (no fsync,
 * a large page cache). The engine's own connection keeps the app's settings; this one is closed
 * before anything is measured.
 */
export function openForBulk(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1048576');
  db.pragma('temp_store = MEMORY');
  return db;
}

export function closeBulk(db: Database.Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** One case of the benchmark: its id and the index of its pair of states in PAIRS; `closed`: a clone of a closed case (CloneReopens). */
export interface BenchCase {
  id: string;
  pair: number;
  closed?: true;
}

/**
 * Closed clones, one in `every`, each with one reopen request: copies of the closed cases of its
 * pair and of their requests (openClosedCaseWithReopenRequest), a tenth of them still pending, the
 * others denied; asked over the year before today. They get no deadlines: a closure ends them.
 */
export interface CloneReopens {
  every: number;
  /** Per pair (PAIRS' order): a closed case whose request is pending, and one whose request was denied. */
  templates: ReadonlyArray<{ pending: ClosedTemplate; denied: ClosedTemplate }>;
}

/**
 * Which template clone `i` copies: its pair's active case, or (one in `every`) a closed one with a
 * pending or a denied reopen request. Which one of each `every` moves from one run of `every` to the
 * next, so that the closed clones' names (offenderNameOf(i)) are as varied as the others'.
 */
export function cloneKindOf(i: number, reopens?: CloneReopens): 'active' | 'pending' | 'denied' {
  const run = Math.floor(i / (reopens?.every ?? 1));
  if (!reopens || i % reopens.every !== run % reopens.every) return 'active';
  return run % 10 === 0 ? 'pending' : 'denied';
}

/** When clone `i`'s reopen request was asked: spread over the year before `now`. */
export const reopenAskedAt = (i: number, now: number): Date => new Date(now - ((i * 7919) % (365 * 24)) * 3_600_000 - 3_600_000);

/**
 * A closed clone's last change: the day before its reopen request was asked, so that the closed
 * cases lie over the year in the list's order rather than all before the active ones (which keep
 * their templates' time, the seeding's).
 */
export const closedAt = (askedAt: Date): Date => new Date(askedAt.getTime() - 24 * 3_600_000);

/** A closed clone's row times: opened half a year before it was closed. */
const closedTimes = (closed: Date) => ({ created_at: sqliteTime(new Date(closed.getTime() - 180 * 24 * 3_600_000)), updated_at: sqliteTime(closed) });

/** A clone's reopen request: a copy of its template's, its own id and case, asked at `askedAt` (decided a day later, if it was). */
function clonedRequest(template: Record<string, unknown>, id: string, caseId: string, askedAt: Date): Record<string, unknown> {
  const decidedAt = template.decided_at ? sqliteTime(new Date(askedAt.getTime() + 24 * 3_600_000)) : null;
  return { ...template, id, case_id: caseId, created_at: sqliteTime(askedAt), updated_at: decidedAt ?? sqliteTime(askedAt), decided_at: decidedAt };
}

/**
 * The columns of a case that the deadlines' triggers keep (migration CaseNextDue): a clone starts
 * with no deadline of its own, so it is left their defaults (nothing falls due) rather than its
 * template's, and the triggers set them as its deadlines are written.
 */
export const KEPT_BY_DEADLINES = new Set(['next_due_on', 'next_due_id']);

/** What clones get beside their case rows: `deadlinesPerCase` deadlines each (cloneDeadlines), owed to the people of `cast`. */
export interface CloneDeadlines {
  deadlinesPerCase: number;
  cast: Cast;
}

/**
 * Who a clone is assigned to on each side when it gets deadlines: that state's officer of the cast,
 * on two sides in three; nobody on the others, where the compact office answers (assignee=none).
 */
export function assigneesOf(i: number, pair: number, cast: Cast): [string | null, string | null] {
  return PAIRS[pair].map((state, side) => ((Math.imul(2 * i + side + 1, 2654435761) >>> 0) % 3 === 0 ? null : cast.actor(state, 'field_officer').id)) as [
    string | null,
    string | null,
  ];
}

/**
 * Copies the rows of cases the engine brought to `active` itself (one per pair of states, in
 * `templates`) into `count` new active cases: same snapshot, new id, case number and offender;
 * with `deadlines`, their assignees (assigneesOf) and their deadlines (cloneDeadlines), else none.
 */
/** A clone's own name and numbers, with the words the search reads of them (as CaseRepository.create keeps them). */
export function cloneNumbersOf(i: number, pair: number, offenderNameOf: (i: number) => string) {
  const own = {
    caseNumber: `${PAIRS[pair][0]}-2026-B${i.toString(36).toUpperCase().padStart(8, '0')}`,
    offenderName: offenderNameOf(i),
    offenderId: `BENCH-C${i}`,
  };
  return { ...own, ...searchColumnsOf(own) };
}

export function cloneActiveCases(
  db: Database.Database,
  templates: readonly string[],
  count: number,
  log: (s: string) => void,
  offenderNameOf: (i: number) => string = (i) => `Bench Offender ${i}`,
  deadlines?: CloneDeadlines,
  reopens?: CloneReopens,
): BenchCase[] {
  const rowOf = (table: string, id: string) => db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Record<string, unknown>;
  const rows = templates.map((id) => rowOf('cases', id));
  const closedRows = reopens?.templates.map((t) => ({ pending: rowOf('cases', t.pending.caseId), denied: rowOf('cases', t.denied.caseId) }));
  const requestRows = reopens?.templates.map((t) => ({
    pending: rowOf('reopen_requests', t.pending.requestId),
    denied: rowOf('reopen_requests', t.denied.requestId),
  }));
  const columns = Object.keys(rows[0]).filter((c) => !KEPT_BY_DEADLINES.has(c));
  const insert = db.prepare(`INSERT INTO cases (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`);
  const requestColumns = requestRows ? Object.keys(requestRows[0].pending) : [];
  const insertRequest = requestRows
    ? db.prepare(`INSERT INTO reopen_requests (${requestColumns.map((c) => `"${c}"`).join(', ')}) VALUES (${requestColumns.map((c) => '@' + c).join(', ')})`)
    : null;
  const out: BenchCase[] = [];
  const batch = 50_000;
  const started = Date.now();
  const now = Date.now();
  let requests = 0;
  for (let from = 0; from < count; from += batch) {
    db.transaction(() => {
      for (let i = from; i < Math.min(count, from + batch); i++) {
        const pair = i % templates.length;
        const id = randomUUID();
        const kind = cloneKindOf(i, reopens);
        const assigned = deadlines ? assigneesOf(i, pair, deadlines.cast) : null;
        const own = cloneNumbersOf(i, pair, offenderNameOf);
        const askedAt = reopenAskedAt(i, now);
        insert.run({
          ...(kind === 'active' ? rows[pair] : { ...closedRows![pair][kind], ...closedTimes(closedAt(askedAt)) }),
          id,
          case_number: own.caseNumber,
          offender_name: own.offenderName,
          offender_id: own.offenderId,
          search_name: own.searchName,
          search_numbers: own.searchNumbers,
          ...(assigned && { sending_assignee_id: assigned[0], receiving_assignee_id: assigned[1] }),
        });
        if (kind === 'active') out.push({ id, pair });
        else {
          out.push({ id, pair, closed: true });
          insertRequest!.run(clonedRequest(requestRows![pair][kind], randomUUID(), id, askedAt));
          requests++;
        }
      }
    })();
  }
  log(`  ${count} cases cloned in ${((Date.now() - started) / 1000).toFixed(1)} s${requests ? `, ${requests} of them closed with a reopen request` : ''}`);
  if (deadlines?.deadlinesPerCase) cloneDeadlines(db, activeOf(out), deadlines, log);
  return out;
}

/** The clones that get deadlines: the closed ones have none. */
export const activeOf = (clones: readonly BenchCase[]): BenchCase[] => clones.filter((c) => !c.closed);

/**
 * The time limits a clone's deadlines are drawn from: five consecutive ones from the clone's place
 * in the list, so that no case has two of one limit (the engine never runs a limit twice at once
 * in one scope) and every measure of the compliance report has deadlines. Those of an activity
 * (PR, RVR, WARRANT, RETURN-RI-REPLY) have no activity row behind them: activity_id stays null.
 */
const CLONE_LIMITS: readonly TimeLimit[] = ['TREP', 'ACC-EXP', 'REPORT', 'CCN', 'CCN-REPLY', 'PR', 'RVR', 'WARRANT', 'RI-REPLY', 'RETURN-RI-REPLY'];
/** Due dates spread over the year before today and up to two months after it (no further than the limit itself reaches). */
const DAYS_BEFORE = 365;
const DAYS_AFTER = 60;
const HOUR_MS = 3_600_000;

/** A row of the deadlines table as written, by column name: instants as Dates, on_time a boolean. */
export interface DeadlineRow {
  id: string;
  case_id: string;
  activity_id: null;
  time_limit: TimeLimit;
  rule_version: string;
  rule: string;
  limit_days: number;
  limit_unit: string;
  measure: string | null;
  responsible_side: string;
  responsible_state: string;
  assignee_id: string | null;
  started_by: string;
  transmitted_at: Date | null;
  received_at: Date | null;
  start_on: CompactDate;
  started_at: Date;
  due_on: CompactDate;
  due_at: Date;
  status: 'open' | 'met' | 'cancelled';
  ended_at: Date | null;
  ended_by: string | null;
  on_time: boolean | null;
  next_notice_at: null;
  created_at: Date;
}

export const DEADLINE_COLUMNS = [
  'id',
  'case_id',
  'activity_id',
  'time_limit',
  'rule_version',
  'rule',
  'limit_days',
  'limit_unit',
  'measure',
  'responsible_side',
  'responsible_state',
  'assignee_id',
  'started_by',
  'transmitted_at',
  'received_at',
  'start_on',
  'started_at',
  'due_on',
  'due_at',
  'status',
  'ended_at',
  'ended_by',
  'on_time',
  'next_notice_at',
  'created_at',
] as const satisfies ReadonlyArray<keyof DeadlineRow>;

/** The INSERT of one deadline row, its values given by deadlineValues. */
export const INSERT_DEADLINE = `INSERT INTO deadlines (${DEADLINE_COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES (${DEADLINE_COLUMNS.map(() => '?').join(', ')})`;

/** A row's values as the engine stores them: instants as UTC text, booleans as 0/1. */
export function deadlineValues(row: DeadlineRow): unknown[] {
  return DEADLINE_COLUMNS.map((c) => {
    const v = row[c];
    return v instanceof Date ? sqliteTime(v) : typeof v === 'boolean' ? (v ? 1 : 0) : v;
  });
}

/** The rule in force, day 0 and due date of a limit whose deadline falls due about `target`, counted as the engine counts. */
interface Clock {
  rule: DeadlineRule;
  startOn: CompactDate;
  dueOn: CompactDate;
  dueAt: Date;
  dayStart: number;
}

function clockOf(limit: TimeLimit, target: CompactDate): Clock {
  const base = DEADLINE_RULES.find((r) => r.limit === limit)!;
  const back = (d: CompactDate) => (base.unit === 'calendar' ? addCalendarDays(d, -base.days) : FEDERAL_CALENDAR.addBusinessDays(d, -base.days));
  const startOn = back(target);
  const rule = ruleInForce(DEADLINE_RULES, limit, startOn);
  if (!rule) throw new Error(`no rule of ${limit} in force on ${startOn}`);
  // Counted forward again from day 0 (a due date the count skips, a weekend, moves to the business day it lands on).
  const dueOn = rule.unit === 'calendar' ? addCalendarDays(startOn, rule.days) : FEDERAL_CALENDAR.addBusinessDays(startOn, rule.days);
  return { rule, startOn, dueOn, dueAt: endOfCompactDay(dueOn), dayStart: startOfCompactDay(startOn).getTime() };
}

/**
 * `perCase` deadlines for each clone, as the engine's steps would have left them by `now`: due
 * dates spread evenly over the year before and up to two months after; those past due mostly met
 * (85% of them on time), some cancelled before they fell due, some still open (overdue); those not
 * yet due open. Each takes its limit's rule in force on its day 0, the state its rule makes
 * responsible, and that side's assignee (assigneesOf). Seeded: the same run writes the same dates.
 */
export function* syntheticDeadlines(clones: readonly BenchCase[], o: CloneDeadlines, now: Date): Generator<DeadlineRow> {
  if (o.deadlinesPerCase > CLONE_LIMITS.length) throw new Error(`at most ${CLONE_LIMITS.length} deadlines a case`);
  const next = random(20);
  const today = compactDateOf(now);
  const nowMs = now.getTime();
  const clocks = new Map<string, Clock>();
  const reach = new Map(CLONE_LIMITS.map((l) => [l, Math.min(DAYS_AFTER, calendarReach(l, today))]));
  for (const [i, c] of clones.entries()) {
    const [sending, receiving] = PAIRS[c.pair];
    const assignees = assigneesOf(i, c.pair, o.cast);
    for (let k = 0; k < o.deadlinesPerCase; k++) {
      const limit = CLONE_LIMITS[(i + k) % CLONE_LIMITS.length];
      const target = addCalendarDays(today, Math.floor(next() * (DAYS_BEFORE + reach.get(limit)! + 1)) - DAYS_BEFORE);
      const key = `${limit} ${target}`;
      let clock = clocks.get(key);
      if (!clock) clocks.set(key, (clock = clockOf(limit, target)));
      const { rule } = clock;
      // A step's clock starts at the step, in office hours; a date's (a supervision end, a custody) at its midnight.
      const byStep = rule.clockStarts === 'step' || rule.clockStarts === 'activity_start';
      const startedAt = byStep ? Math.min(clock.dayStart + (8 + 9 * next()) * HOUR_MS, nowMs - HOUR_MS) : clock.dayStart;
      const dueAt = clock.dueAt.getTime();
      let status: DeadlineRow['status'] = 'open';
      let endedAt: number | null = null;
      let onTime: boolean | null = null;
      const fate = next();
      if (dueAt < nowMs && fate < 0.88) {
        const cancelled = fate >= 0.8 && rule.endedBy.length > 0;
        onTime = !cancelled && next() < 0.85;
        status = cancelled ? 'cancelled' : 'met';
        // Met late: up to three weeks after the due date; otherwise between the start and the due date.
        endedAt = onTime || cancelled ? startedAt + next() * (dueAt - startedAt) : dueAt + 1 + next() * Math.min(21 * 24 * HOUR_MS, nowMs - dueAt - 1);
      }
      const side = rule.responsible === 'sending' ? 0 : 1;
      yield {
        id: randomUUID(),
        case_id: c.id,
        activity_id: null,
        time_limit: rule.limit,
        rule_version: rule.version,
        rule: citationOf(rule),
        limit_days: rule.days,
        limit_unit: rule.unit,
        measure: rule.measure,
        responsible_side: rule.responsible,
        responsible_state: side === 0 ? sending : receiving,
        assignee_id: assignees[side],
        started_by: rule.startedBy[0],
        transmitted_at: rule.clockStarts === 'step' ? new Date(startedAt) : null,
        received_at: rule.clockStarts === 'step' ? new Date(startedAt) : null,
        start_on: clock.startOn,
        started_at: new Date(startedAt),
        due_on: clock.dueOn,
        due_at: clock.dueAt,
        status,
        ended_at: endedAt === null ? null : new Date(endedAt),
        ended_by: status === 'met' ? rule.metBy[0] : status === 'cancelled' ? rule.endedBy[0] : null,
        on_time: onTime,
        next_notice_at: null,
        // A clock that starts on a date the case records (a supervision end) was written by an earlier step.
        created_at: new Date(Math.min(startedAt, nowMs - HOUR_MS)),
      };
    }
  }
}

/** How many calendar days a limit's count runs from today: a deadline started today falls due that far ahead. */
function calendarReach(limit: TimeLimit, today: CompactDate): number {
  const rule = ruleInForce(DEADLINE_RULES, limit, today)!;
  if (rule.clockStarts === 'supervision_end') return Infinity; // its day 0 may be ahead: a supervision end date
  return calendarDaysBetween(today, rule.unit === 'calendar' ? addCalendarDays(today, rule.days) : FEDERAL_CALENDAR.addBusinessDays(today, rule.days));
}

/**
 * Writes the clones' deadlines (syntheticDeadlines) into the engine's table, a prepared statement
 * in batched transactions; the deadlines' triggers keep each case's next due date as they go. For a
 * million rows and more the table's own indexes are dropped first and built again after (faster).
 */
function cloneDeadlines(db: Database.Database, clones: readonly BenchCase[], o: CloneDeadlines, log: (s: string) => void): void {
  const started = Date.now();
  const total = clones.length * o.deadlinesPerCase;
  const indexes =
    total >= 1_000_000
      ? (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deadlines' AND sql IS NOT NULL").all() as {
          name: string;
          sql: string;
        }[])
      : [];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  const insert = db.prepare(INSERT_DEADLINE);
  const rows = syntheticDeadlines(clones, o, new Date());
  const batch = 50_000;
  for (let from = 0; from < total; from += batch) {
    db.transaction(() => {
      for (let j = from; j < Math.min(total, from + batch); j++) {
        const row = rows.next().value as DeadlineRow;
        insert.run(...deadlineValues(row));
      }
    })();
    if (total >= 1_000_000 && (from / batch) % 20 === 19)
      log(`  ${Math.min(total, from + batch)} of ${total} deadlines (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  if (indexes.length) {
    const t = Date.now();
    for (const index of indexes) db.exec(index.sql);
    log(`  deadline indexes rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  log(`  ${total} deadlines written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** The lifecycle steps a synthetic history cycles through: action, from, to, acting side. */
const STEPS: ReadonlyArray<readonly [string, string | null, string, 0 | 1]> = [
  ['OPEN_CASE', null, 'draft', 0],
  ['SUBMIT_TRANSFER_REQUEST', 'draft', 'compact_office_review', 0],
  ['TRANSMIT', 'compact_office_review', 'transfer_requested', 0],
  ['ACCEPT_TRANSFER', 'transfer_requested', 'accepted', 1],
  ['NOTICE_OF_DEPARTURE', 'accepted', 'departed', 0],
  ['NOTICE_OF_ARRIVAL', 'departed', 'active', 1],
  ['SUBMIT_CLOSURE_NOTICE', 'active', 'closure_pending', 1],
  ['REJECT_CLOSURE', 'closure_pending', 'active', 0],
  ['SUBMIT_CLOSURE_NOTICE', 'active', 'closure_pending', 1],
  ['CONFIRM_CLOSURE', 'closure_pending', 'closed', 0],
  ['REOPEN', 'closed', 'active', 1],
];
/** One attempt in this many is a refused one (an officer trying what only the compact office may do). */
const DENIED_EVERY = 20;

export interface HistoryOptions {
  count: number;
  /** The case the j-th synthetic entry belongs to. */
  caseOf(j: number): BenchCase;
  cast: Cast;
  /** Signs a checkpoint every `checkpointEvery` entries, as the engine does (0: none). */
  signer?: AuditSigner;
  checkpointEvery?: number;
  /** Milliseconds between two entries; the last one is "now". */
  stepMs?: number;
  /** Drop the audit indexes while loading and build them again after (faster for millions). */
  rebuildIndexes?: boolean;
  log(s: string): void;
}

/** One synthetic entry of a history, and the checkpoint signed at it, if one is due there. */
export interface HistoryItem {
  entry: AuditEntry;
  checkpoint?: SignedCheckpoint;
}

/**
 * `o.count` well-formed entries after the chain's head (valid hashes, each linked to the one
 * before, checkpoints signed like the engine's), made one at a time: the same history on either
 * database.
 */
export function* syntheticHistory(o: HistoryOptions, head: { lastSeq: number; lastHash: string }): Generator<HistoryItem> {
  const officers = PAIRS.map((p) => [o.cast.actor(p[0], 'field_officer'), o.cast.actor(p[1], 'field_officer')] as const);
  const compactOffices = PAIRS.map((p) => [o.cast.actor(p[0], 'compact_office'), o.cast.actor(p[1], 'compact_office')] as const);
  const stepMs = o.stepMs ?? 1000;
  const end = Date.now();
  const every = o.checkpointEvery ?? 0;
  let prevHash = head.lastHash;
  let seq = head.lastSeq;
  for (let j = 0; j < o.count; j++) {
    seq++;
    const c = o.caseOf(j);
    const [action, fromState, toState, side] = STEPS[j % STEPS.length];
    const denied = j % DENIED_EVERY === DENIED_EVERY - 1;
    const decider = action === 'TRANSMIT' || action === 'ACCEPT_TRANSFER' || action === 'REOPEN';
    const actor: Actor = denied || !decider ? officers[c.pair][side] : compactOffices[c.pair][side];
    const [sending, receiving] = PAIRS[c.pair];
    const e = Object.assign(new AuditEntry(), {
      seq,
      occurredAt: new Date(end - (o.count - j) * stepMs),
      actorId: actor.id,
      actorUsername: actor.username,
      actorRole: actor.role,
      actorState: actor.state,
      action,
      entityType: 'case',
      entityId: c.id,
      caseId: c.id,
      primaryState: sending,
      secondaryState: receiving,
      fromState,
      toState: denied ? null : toState,
      outcome: denied ? ('denied' as const) : ('allowed' as const),
      reason: denied
        ? `Refused: only the compact office of ${receiving} may decide this; a field officer asked (attempt ${j}).`
        : action === 'REJECT_CLOSURE'
          ? 'Closure notice returned: the discharge order is not signed yet.'
          : null,
      requestId: `bench-${seq.toString(36)}-${(Math.imul(j, 2654435761) >>> 0).toString(16)}`,
      clientAddress: `10.${(j >> 16) & 255}.${(j >> 8) & 255}.${j & 255}`,
      hashFormat: AUDIT_HASH_FORMAT,
      prevHash,
    });
    e.hash = auditHash(e);
    prevHash = e.hash;
    yield { entry: e, checkpoint: o.signer && every > 0 && seq % every === 0 ? o.signer.sign(seq, e.hash, e.occurredAt) : undefined };
  }
}

/**
 * Appends `count` well-formed entries (valid hashes, linked to the chain's head, checkpoints signed
 * like the engine's) straight into the table, as fast as SQLite allows: the history that verify,
 * search, export and the growth figure run on. The same idea as test/support/audit-fixtures.ts.
 */
export function appendHistory(db: Database.Database, o: HistoryOptions): { lastSeq: number; seconds: number } {
  const started = Date.now();
  const head = db.prepare('SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1').get() as { last_seq: number; last_hash: string };
  const indexes = o.rebuildIndexes
    ? (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_entries' AND sql IS NOT NULL").all() as {
        name: string;
        sql: string;
      }[])
    : [];
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  const insert = db.prepare(
    `INSERT INTO audit_entries (seq, occurred_at, actor_id, actor_username, actor_role, actor_state, action, entity_type,
      entity_id, case_id, primary_state, secondary_state, from_state, to_state, outcome, reason, request_id, client_address,
      hash_format, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insertCheckpoint = db.prepare('INSERT INTO audit_checkpoints (seq, hash, signed_at, key_id, signature) VALUES (?,?,?,?,?)');
  const setHead = db.prepare('UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1');
  const items = syntheticHistory(o, { lastSeq: head.last_seq, lastHash: head.last_hash });
  let seq = head.last_seq;
  const batch = 50_000;
  for (let from = 0; from < o.count; from += batch) {
    db.transaction(() => {
      let last: AuditEntry | undefined;
      for (let j = from; j < Math.min(o.count, from + batch); j++) {
        const { entry: e, checkpoint: signed } = items.next().value as HistoryItem;
        insert.run(
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
        if (signed) insertCheckpoint.run(signed.seq, signed.hash, sqliteTime(new Date(signed.signedAt)), signed.keyId, signed.signature);
        last = e;
      }
      seq = last!.seq;
      setHead.run(seq, last!.hash);
    })();
    if (o.count >= 1_000_000 && (from / batch) % 20 === 19) {
      o.log(`  ${Math.min(o.count, from + batch)} of ${o.count} entries (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  if (indexes.length) {
    const t = Date.now();
    for (const index of indexes) db.exec(index.sql);
    o.log(`  audit indexes rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const seconds = (Date.now() - started) / 1000;
  o.log(`  ${o.count} audit entries appended in ${seconds.toFixed(1)} s`);
  return { lastSeq: seq, seconds };
}
