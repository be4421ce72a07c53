import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AUDIT_HASH_FORMAT, auditHash } from '../../src/audit/audit-hash';
import { onPostgres, type TestApp } from './test-app';

interface RawDatabase {
  prepare(sql: string): { run(...args: unknown[]): unknown };
  transaction(fn: () => void): () => void;
}

/** The better-sqlite3 handle under TypeORM: what an attacker with the database file would use (SQLite only). */
function rawDatabase(t: TestApp): RawDatabase {
  if (onPostgres) throw new Error('rawDatabase is the SQLite handle; on PostgreSQL use t.query');
  return (t.dataSource.driver as unknown as { databaseConnection: RawDatabase }).databaseConnection;
}

const COLUMNS = `seq, occurred_at, actor_id, actor_username, actor_role, actor_state, action, entity_type, entity_id, case_id,
  primary_state, secondary_state, from_state, to_state, outcome, reason, request_id, client_address, hash_format, prev_hash, hash`;

/** The types of COLUMNS, for unnest() on PostgreSQL. */
const PG_TYPES = ['int', 'timestamptz', ...Array(16).fill('varchar'), 'int', 'varchar', 'varchar'];

/** Well-formed entries (valid hashes, linked) after `seq`/`prevHash`, as column values in table order. */
function* syntheticRows(count: number, seq: number, prevHash: string, states: [string, string]): Generator<unknown[]> {
  const start = Date.now();
  for (let i = 0; i < count; i++) {
    seq++;
    const e = Object.assign(new AuditEntry(), {
      seq,
      occurredAt: new Date(start + i),
      actorId: '00000000-0000-4000-8000-000000000001',
      actorUsername: 'oh.field_officer',
      actorRole: 'field_officer',
      actorState: states[0],
      action: 'NOTICE_OF_ARRIVAL',
      entityType: 'case',
      entityId: '00000000-0000-4000-8000-00000000000c',
      caseId: '00000000-0000-4000-8000-00000000000c',
      primaryState: states[0],
      secondaryState: states[1],
      fromState: 'departed',
      toState: 'active',
      outcome: 'allowed' as const,
      reason: `synthetic entry ${i} with some words so the line has a realistic length`,
      requestId: `req-${seq}`,
      clientAddress: '127.0.0.1',
      hashFormat: AUDIT_HASH_FORMAT,
      prevHash,
    });
    e.hash = auditHash(e);
    prevHash = e.hash;
    yield [
      e.seq,
      onPostgres ? e.occurredAt.toISOString() : e.occurredAt.toISOString().replace('T', ' ').replace('Z', ''),
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
    ];
  }
}

/**
 * Appends `count` well-formed entries (valid hashes, linked) straight into the table, as fast as the
 * engine allows, to build a long history for verify and export tests.
 */
export async function appendSyntheticHistory(t: TestApp, count: number, states: [string, string] = ['OH', 'TX']): Promise<void> {
  const [head] = await t.query('SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1');
  const rows = [...syntheticRows(count, Number(head.last_seq), head.last_hash, states)];
  const last = rows[rows.length - 1];
  if (!last) return;
  if (!onPostgres) {
    const db = rawDatabase(t);
    const insert = db.prepare(`INSERT INTO audit_entries (${COLUMNS}) VALUES (${Array(21).fill('?').join(',')})`);
    const setHead = db.prepare('UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1');
    db.transaction(() => {
      for (const row of rows) insert.run(...row);
      setHead.run(last[0], last[20]);
    })();
    return;
  }
  // PostgreSQL: one INSERT … SELECT FROM unnest(column arrays) per 20,000 entries, the fastest bulk path short of COPY.
  await t.dataSource.transaction(async (m) => {
    for (let i = 0; i < rows.length; i += 20_000) {
      const batch = rows.slice(i, i + 20_000);
      const columns = PG_TYPES.map((_, c) => batch.map((row) => row[c]));
      const arrays = PG_TYPES.map((type, c) => `$${c + 1}::${type}[]`).join(', ');
      await m.query(`INSERT INTO audit_entries (${COLUMNS}) SELECT * FROM unnest(${arrays})`, columns);
    }
    await m.query('UPDATE audit_chain_head SET last_seq = $1, last_hash = $2 WHERE id = 1', [last[0], last[20]]);
  });
}

/** The database's guards of the history: triggers of the same names on both engines (PostgreSQL adds TRUNCATE ones). */
const GUARDS: ReadonlyArray<[trigger: string, table: string, postgresOnly?: true]> = [
  ['audit_entries_no_update', 'audit_entries'],
  ['audit_entries_no_delete', 'audit_entries'],
  ['audit_entries_no_truncate', 'audit_entries', true],
  ['audit_checkpoints_no_update', 'audit_checkpoints'],
  ['audit_checkpoints_no_delete', 'audit_checkpoints'],
  ['audit_checkpoints_no_truncate', 'audit_checkpoints', true],
];

/** What an attacker with database access does first. */
export async function dropAuditGuards(t: TestApp): Promise<void> {
  for (const [trigger, table, postgresOnly] of GUARDS) {
    if (onPostgres) await t.query(`DROP TRIGGER IF EXISTS ${trigger} ON ${table}`);
    else if (!postgresOnly) await t.query(`DROP TRIGGER IF EXISTS ${trigger}`);
  }
}

/** Runs one statement for each row of parameters, on either engine (the rewrite of a whole chain, say). */
async function runEach(t: TestApp, sql: string, rows: unknown[][]): Promise<void> {
  for (const params of rows) await t.query(sql, params);
}

/**
 * Rewrites the history from `target` on, recomputing every hash and the head, as someone with the
 * code and the database could: only a signed checkpoint kept elsewhere shows it.
 */
export async function rewriteHistoryFrom(t: TestApp, target: number): Promise<void> {
  const entries = await t.dataSource.getRepository(AuditEntry).find({ order: { seq: 'ASC' } });
  let prev = entries.find((e) => e.seq === target - 1)!.hash;
  const rewritten: unknown[][] = [];
  for (const e of entries.filter((x) => x.seq >= target)) {
    if (e.seq === target) e.reason = 'rewritten history';
    e.prevHash = prev;
    e.hash = auditHash(e);
    rewritten.push([e.reason, e.prevHash, e.hash, e.seq]);
    prev = e.hash;
  }
  await runEach(t, 'UPDATE audit_entries SET reason = ?, prev_hash = ?, hash = ? WHERE seq = ?', rewritten);
  await t.query('UPDATE audit_chain_head SET last_hash = ? WHERE id = 1', [prev]);
}
