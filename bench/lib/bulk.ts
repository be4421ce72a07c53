import Database from '../../src/database/sqlite-driver';
import { randomUUID } from 'node:crypto';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AUDIT_HASH_FORMAT, auditHash } from '../../src/audit/audit-hash';
import type { AuditSigner, SignedCheckpoint } from '../../src/audit/audit-signer';
import type { Actor } from '../../machines/roles';
import { PAIRS, type Cast } from './cast';

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

/** One case of the benchmark: its id and the index of its pair of states in PAIRS. */
export interface BenchCase {
  id: string;
  pair: number;
}

/**
 * The columns of a case that the deadlines' triggers keep (migration CaseNextDue): a clone has no
 * deadline of its own, so it is left their defaults (nothing falls due) rather than its template's.
 */
export const KEPT_BY_DEADLINES = new Set(['next_due_on', 'next_due_id']);

/**
 * Copies the rows of cases the engine brought to `active` itself (one per pair of states, in
 * `templates`) into `count` new active cases: same snapshot, new id, case number and offender; no
 * deadlines.
 */
export function cloneActiveCases(
  db: Database.Database,
  templates: readonly string[],
  count: number,
  log: (s: string) => void,
  offenderNameOf: (i: number) => string = (i) => `Bench Offender ${i}`,
): BenchCase[] {
  const rows = templates.map((id) => db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as Record<string, unknown>);
  const columns = Object.keys(rows[0]).filter((c) => !KEPT_BY_DEADLINES.has(c));
  const insert = db.prepare(`INSERT INTO cases (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`);
  const out: BenchCase[] = [];
  const batch = 50_000;
  const started = Date.now();
  for (let from = 0; from < count; from += batch) {
    db.transaction(() => {
      for (let i = from; i < Math.min(count, from + batch); i++) {
        const pair = i % templates.length;
        const id = randomUUID();
        insert.run({
          ...rows[pair],
          id,
          case_number: `${PAIRS[pair][0]}-2026-B${i.toString(36).toUpperCase().padStart(8, '0')}`,
          offender_name: offenderNameOf(i),
          offender_id: `BENCH-C${i}`,
        });
        out.push({ id, pair });
      }
    })();
  }
  log(`  ${count} cases cloned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return out;
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
