import { randomUUID } from 'node:crypto';
import type { BenchCase, CloneDeadlines, CloneReopens, DeadlineRow, HistoryItem, HistoryOptions } from './bulk';
import {
  activeOf,
  closedAt,
  assigneesOf,
  cloneKindOf,
  cloneNumbersOf,
  DEADLINE_COLUMNS,
  reopenAskedAt,
  KEPT_BY_DEADLINES,
  syntheticDeadlines,
  syntheticHistory,
} from './bulk';
import type { PgClient } from './pg';

/** Rows per statement: large enough that the round trips do not matter, small enough for one message. */
const BATCH = 5_000;

/**
 * PostgreSQL's side of cloneActiveCases: copies the rows of the template cases (one per pair of
 * states, brought to `active` by the engine) into `count` new active cases, a batch of rows per
 * INSERT … SELECT from arrays; with `deadlines`, their assignees and deadlines too (cloneDeadlinesPg).
 */
export async function cloneActiveCasesPg(
  db: PgClient,
  templates: readonly string[],
  count: number,
  log: (s: string) => void,
  offenderNameOf: (i: number) => string = (i) => `Bench Offender ${i}`,
  deadlines?: CloneDeadlines,
  reopens?: CloneReopens,
): Promise<BenchCase[]> {
  const started = Date.now();
  const now = Date.now();
  let requests = 0;
  const columns = (
    await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'cases' ORDER BY ordinal_position`,
    )
  ).rows
    .map((r) => r.column_name)
    .filter((c) => !KEPT_BY_DEADLINES.has(c));
  const requestColumns = (
    await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'reopen_requests' ORDER BY ordinal_position`,
    )
  ).rows.map((r) => r.column_name);
  const own: Record<string, string> = {
    id: 'n.id',
    case_number: 'n.case_number',
    offender_name: 'n.offender_name',
    offender_id: 'n.offender_id',
    search_name: 'n.search_name',
    search_numbers: 'n.search_numbers',
    // A closed clone's times are its own (closedAt, opened half a year before); an active one keeps its template's.
    updated_at: 'COALESCE(n.updated_at, t.updated_at)',
    created_at: `COALESCE(n.updated_at - interval '180 days', t.created_at)`,
  };
  if (deadlines) Object.assign(own, { sending_assignee_id: 'n.sending_assignee_id', receiving_assignee_id: 'n.receiving_assignee_id' });
  const select = columns.map((c) => own[c] ?? `t."${c}"`).join(', ');
  const out: BenchCase[] = [];
  for (let from = 0; from < count; from += BATCH) {
    const ids: string[] = [],
      numbers: string[] = [],
      names: string[] = [],
      offenders: string[] = [],
      sources: string[] = [],
      sendingAssignees: (string | null)[] = [],
      receivingAssignees: (string | null)[] = [],
      searchNames: string[] = [],
      searchNumbers: string[] = [],
      updatedAt: (string | null)[] = [],
      requestIds: string[] = [],
      requestCases: string[] = [],
      requestSources: string[] = [],
      askedAt: string[] = [];
    for (let i = from; i < Math.min(count, from + BATCH); i++) {
      const pair = i % templates.length;
      const id = randomUUID();
      ids.push(id);
      const clone = cloneNumbersOf(i, pair, offenderNameOf);
      numbers.push(clone.caseNumber);
      names.push(clone.offenderName);
      offenders.push(clone.offenderId);
      searchNames.push(clone.searchName);
      searchNumbers.push(clone.searchNumbers);
      const kind = cloneKindOf(i, reopens);
      const asked = reopenAskedAt(i, now);
      sources.push(kind === 'active' ? templates[pair] : reopens!.templates[pair][kind].caseId);
      updatedAt.push(kind === 'active' ? null : closedAt(asked).toISOString());
      const [sendingAssignee, receivingAssignee] = deadlines ? assigneesOf(i, pair, deadlines.cast) : [null, null];
      sendingAssignees.push(sendingAssignee);
      receivingAssignees.push(receivingAssignee);
      if (kind === 'active') out.push({ id, pair });
      else {
        out.push({ id, pair, closed: true });
        requestIds.push(randomUUID());
        requestCases.push(id);
        requestSources.push(reopens!.templates[pair][kind].requestId);
        askedAt.push(asked.toISOString());
      }
    }
    await db.query(
      `INSERT INTO cases (${columns.map((c) => `"${c}"`).join(', ')})
       SELECT ${select} FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])
         AS n(id, case_number, offender_name, offender_id, source, sending_assignee_id, receiving_assignee_id, search_name, search_numbers, updated_at)
       JOIN cases t ON t.id = n.source`,
      [ids, numbers, names, offenders, sources, sendingAssignees, receivingAssignees, searchNames, searchNumbers, updatedAt],
    );
    if (requestIds.length) {
      // Each a copy of its template's request (clonedRequest, on SQLite), asked at its own time and decided a day later if it was.
      await db.query(
        `INSERT INTO reopen_requests (${requestColumns.map((c) => `"${c}"`).join(', ')})
         SELECT ${requestColumns.map((c) => REQUEST_OWN[c] ?? `t."${c}"`).join(', ')}
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS n(id, case_id, source, asked_at)
         JOIN reopen_requests t ON t.id = n.source`,
        [requestIds, requestCases, requestSources, askedAt],
      );
      requests += requestIds.length;
    }
  }
  log(`  ${count} cases cloned in ${((Date.now() - started) / 1000).toFixed(1)} s${requests ? `, ${requests} of them closed with a reopen request` : ''}`);
  if (deadlines?.deadlinesPerCase) await cloneDeadlinesPg(db, activeOf(out), deadlines, log);
  return out;
}

/** The columns of a cloned reopen request that are its own (the rest are its template's). */
const REQUEST_OWN: Record<string, string> = {
  id: 'n.id',
  case_id: 'n.case_id',
  created_at: 'n.asked_at',
  updated_at: `CASE WHEN t.decided_at IS NULL THEN n.asked_at ELSE n.asked_at + interval '1 day' END`,
  decided_at: `CASE WHEN t.decided_at IS NULL THEN NULL ELSE n.asked_at + interval '1 day' END`,
};

const DEADLINE_TYPES: Record<string, string> = { limit_days: 'int', on_time: 'boolean' };
const typeOfDeadlineColumn = (c: string) => DEADLINE_TYPES[c] ?? (c.endsWith('_at') ? 'timestamptz' : 'text');

/**
 * PostgreSQL's side of cloneDeadlines: the same deadlines (syntheticDeadlines), a batch of rows per
 * INSERT from arrays; the deadlines' triggers keep each case's next due date as they go.
 */
async function cloneDeadlinesPg(db: PgClient, clones: readonly BenchCase[], o: CloneDeadlines, log: (s: string) => void): Promise<void> {
  const started = Date.now();
  const total = clones.length * o.deadlinesPerCase;
  const rows = syntheticDeadlines(clones, o, new Date());
  const unnest = DEADLINE_COLUMNS.map((c, k) => `$${k + 1}::${typeOfDeadlineColumn(c)}[]`).join(', ');
  const insert = `INSERT INTO deadlines (${DEADLINE_COLUMNS.map((c) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${unnest})`;
  for (let from = 0; from < total; from += BATCH) {
    const columns: unknown[][] = DEADLINE_COLUMNS.map(() => []);
    for (let j = from; j < Math.min(total, from + BATCH); j++) {
      const row = rows.next().value as DeadlineRow;
      DEADLINE_COLUMNS.forEach((c, k) => columns[k].push(row[c] instanceof Date ? row[c].toISOString() : row[c]));
    }
    await db.query(insert, columns);
  }
  log(`  ${total} deadlines written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const ENTRY_COLUMNS =
  'seq, occurred_at, actor_id, actor_username, actor_role, actor_state, action, entity_type, entity_id, case_id, primary_state, ' +
  'secondary_state, from_state, to_state, outcome, reason, request_id, client_address, hash_format, prev_hash, hash';
const ENTRY_TYPES = ['int', 'timestamptz', ...Array<string>(16).fill('text'), 'int', 'text', 'text'];

/**
 * PostgreSQL's side of appendHistory: the same synthetic history (bulk.ts), a batch of entries per
 * INSERT from arrays, the chain's head moved with them in the same transaction.
 */
export async function appendHistoryPg(db: PgClient, o: HistoryOptions): Promise<{ lastSeq: number; seconds: number }> {
  const started = Date.now();
  const head = (await db.query<{ last_seq: number; last_hash: string }>('SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1')).rows[0];
  const items = syntheticHistory(o, { lastSeq: Number(head.last_seq), lastHash: head.last_hash });
  let seq = Number(head.last_seq);
  const unnest = ENTRY_TYPES.map((t, k) => `$${k + 1}::${t}[]`).join(', ');
  for (let from = 0; from < o.count; from += BATCH) {
    const columns: unknown[][] = ENTRY_TYPES.map(() => []);
    const checkpoints: HistoryItem['checkpoint'][] = [];
    let lastHash = '';
    for (let j = from; j < Math.min(o.count, from + BATCH); j++) {
      const { entry: e, checkpoint } = items.next().value as HistoryItem;
      [
        e.seq,
        e.occurredAt.toISOString(),
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
      ].forEach((v, k) => columns[k].push(v));
      if (checkpoint) checkpoints.push(checkpoint);
      seq = e.seq;
      lastHash = e.hash;
    }
    await db.query('BEGIN');
    await db.query(`INSERT INTO audit_entries (${ENTRY_COLUMNS}) SELECT * FROM unnest(${unnest})`, columns);
    for (const c of checkpoints) {
      await db.query('INSERT INTO audit_checkpoints (seq, hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)', [
        c!.seq,
        c!.hash,
        c!.signedAt,
        c!.keyId,
        c!.signature,
      ]);
    }
    await db.query('UPDATE audit_chain_head SET last_seq = $1, last_hash = $2 WHERE id = 1', [seq, lastHash]);
    await db.query('COMMIT');
  }
  // Fresh statistics, as a database that has been running a while has (autovacuum would do it).
  await db.query('ANALYZE');
  const seconds = (Date.now() - started) / 1000;
  o.log(`  ${o.count} audit entries appended in ${seconds.toFixed(1)} s`);
  return { lastSeq: seq, seconds };
}
