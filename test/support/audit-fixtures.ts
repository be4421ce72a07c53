import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AUDIT_HASH_FORMAT, auditHash } from '../../src/audit/audit-hash';
import type { TestApp } from './test-app';

interface RawDatabase {
  prepare(sql: string): { run(...args: unknown[]): unknown };
  transaction(fn: () => void): () => void;
}

/** The better-sqlite3 handle under TypeORM: what an attacker with the database file would use. */
export function rawDatabase(t: TestApp): RawDatabase {
  return (t.dataSource.driver as unknown as { databaseConnection: RawDatabase }).databaseConnection;
}

/**
 * Appends `count` well-formed entries (valid hashes, linked) straight into the table, as fast as
 * SQLite allows, to build a long history for verify and export tests.
 */
export async function appendSyntheticHistory(t: TestApp, count: number, states: [string, string] = ['OH', 'TX']): Promise<void> {
  const [head] = await t.dataSource.query('SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1');
  const db = rawDatabase(t);
  const insert = db.prepare(
    `INSERT INTO audit_entries (seq, occurred_at, actor_id, actor_username, actor_role, actor_state, action, entity_type,
      entity_id, case_id, primary_state, secondary_state, from_state, to_state, outcome, reason, request_id, client_address,
      hash_format, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const setHead = db.prepare('UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1');
  let prevHash: string = head.last_hash;
  let seq: number = head.last_seq;
  const start = Date.now();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      seq++;
      const e = Object.assign(new AuditEntry(), {
        seq, occurredAt: new Date(start + i), actorId: '00000000-0000-4000-8000-000000000001', actorUsername: 'oh.field_officer',
        actorRole: 'field_officer', actorState: states[0], action: 'NOTICE_OF_ARRIVAL', entityType: 'case',
        entityId: '00000000-0000-4000-8000-00000000000c', caseId: '00000000-0000-4000-8000-00000000000c',
        primaryState: states[0], secondaryState: states[1], fromState: 'departed', toState: 'active', outcome: 'allowed' as const,
        reason: `synthetic entry ${i} with some words so the line has a realistic length`, requestId: `req-${seq}`,
        clientAddress: '127.0.0.1', hashFormat: AUDIT_HASH_FORMAT, prevHash,
      });
      e.hash = auditHash(e);
      insert.run(
        e.seq, e.occurredAt.toISOString().replace('T', ' ').replace('Z', ''), e.actorId, e.actorUsername, e.actorRole, e.actorState,
        e.action, e.entityType, e.entityId, e.caseId, e.primaryState, e.secondaryState, e.fromState, e.toState, e.outcome,
        e.reason, e.requestId, e.clientAddress, e.hashFormat, e.prevHash, e.hash,
      );
      prevHash = e.hash;
    }
    setHead.run(seq, prevHash);
  })();
}

/** What an attacker with database access does first. */
export async function dropAuditGuards(t: TestApp): Promise<void> {
  for (const trigger of ['audit_entries_no_update', 'audit_entries_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete']) {
    await t.dataSource.query(`DROP TRIGGER IF EXISTS ${trigger}`);
  }
}
