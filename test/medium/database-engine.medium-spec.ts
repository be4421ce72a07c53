import { onPostgres } from '../support/test-database';
import { MediumApp } from './support/medium-app';

/** The triggers that keep the audit history append-only, as each engine names them. */
const AUDIT_TRIGGERS = onPostgres
  ? {
      sql: `SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace AND c.relname LIKE 'audit%' ORDER BY 1`,
      names: [
        'audit_chain_head_no_delete',
        'audit_chain_head_no_truncate',
        'audit_checkpoints_no_delete',
        'audit_checkpoints_no_truncate',
        'audit_checkpoints_no_update',
        'audit_entries_no_delete',
        'audit_entries_no_truncate',
        'audit_entries_no_update',
      ],
    }
  : {
      sql: `SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit%' ORDER BY name`,
      names: ['audit_chain_head_no_delete', 'audit_checkpoints_no_delete', 'audit_checkpoints_no_update', 'audit_entries_no_delete', 'audit_entries_no_update'],
    };

// The database as the app sets it up, on the run's engine: what both engines must hold is tested
// once; the settings of one engine are that engine's own.
describe(`the ${onPostgres ? 'PostgreSQL' : 'SQLite'} database`, () => {
  let m: MediumApp;
  beforeAll(async () => {
    m = await MediumApp.start();
  });
  afterAll(() => m.close());

  it('guards the audit history with triggers', async () => {
    const triggers: Array<{ name: string }> = await m.query(AUDIT_TRIGGERS.sql);
    expect(triggers.map((r) => r.name)).toEqual(AUDIT_TRIGGERS.names);
    await expect(m.query('DELETE FROM audit_chain_head')).rejects.toThrow(/cannot be removed/);
  });

  if (onPostgres) {
    it('runs transactions at READ COMMITTED, as the row locks and conditional updates assume', async () => {
      expect(await m.query('SHOW default_transaction_isolation')).toEqual([{ default_transaction_isolation: 'read committed' }]);
    });

    it('keeps every time as timestamptz and machine snapshots as jsonb', async () => {
      const columns: Array<{ table_name: string; column_name: string; data_type: string }> = await m.query(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
         WHERE table_schema = current_schema() AND (column_name LIKE '%\\_at' OR column_name LIKE '%\\_until' OR column_name = 'snapshot')`,
      );
      expect(columns.length).toBeGreaterThan(10);
      for (const c of columns) {
        const expected = c.column_name === 'snapshot' ? 'jsonb' : 'timestamp with time zone';
        expect({ column: `${c.table_name}.${c.column_name}`, type: c.data_type }).toEqual({ column: `${c.table_name}.${c.column_name}`, type: expected });
      }
    });

    it('refuses TRUNCATE of the audit history with PL/pgSQL triggers', async () => {
      await expect(m.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only/);
      await expect(m.query('TRUNCATE audit_checkpoints')).rejects.toThrow(/append-only/);
    });

    it('starts the chain at the genesis row, and holds the partial unique indexes', async () => {
      expect(await m.query('SELECT id, last_seq FROM audit_chain_head')).toEqual([{ id: 1, last_seq: 0 }]);
      const indexes: Array<{ indexdef: string }> = await m.query(
        `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('uq_reopen_requests_one_pending', 'idx_mail_outbox_due')`,
      );
      expect(indexes.map((i) => i.indexdef).sort()).toEqual([
        expect.stringMatching(/^CREATE INDEX idx_mail_outbox_due .* WHERE \(sent_at IS NULL\)$/),
        expect.stringMatching(/^CREATE UNIQUE INDEX uq_reopen_requests_one_pending .* WHERE \(\(status\)::text = 'pending'::text\)$/),
      ]);
    });
  } else {
    it('runs in WAL mode with a busy timeout, synchronous=NORMAL and foreign keys on', async () => {
      expect(await m.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      const [timeout] = await m.query('PRAGMA busy_timeout');
      expect(Object.values(timeout)[0]).toBeGreaterThanOrEqual(1000);
      expect(await m.query('PRAGMA synchronous')).toEqual([{ synchronous: 1 }]);
      expect(await m.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    });
  }
});
