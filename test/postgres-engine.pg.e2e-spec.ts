import { TestApp } from './support/test-app';

// Runs on PostgreSQL only (jest.config.js picks *.pg.e2e-spec.ts for the PostgreSQL run); its
// SQLite counterpart is sqlite-engine.sqlite.e2e-spec.ts.
describe('the PostgreSQL database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ withCast: false });
  });
  afterAll(() => t.close());

  it('runs transactions at READ COMMITTED, as the row locks and conditional updates assume', async () => {
    expect(await t.query('SHOW default_transaction_isolation')).toEqual([{ default_transaction_isolation: 'read committed' }]);
  });

  it('keeps every time as timestamptz and machine snapshots as jsonb', async () => {
    const columns: Array<{ table_name: string; column_name: string; data_type: string }> = await t.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = current_schema() AND (column_name LIKE '%\\_at' OR column_name LIKE '%\\_until' OR column_name = 'snapshot')`,
    );
    expect(columns.length).toBeGreaterThan(10);
    for (const c of columns) {
      const expected = c.column_name === 'snapshot' ? 'jsonb' : 'timestamp with time zone';
      expect({ column: `${c.table_name}.${c.column_name}`, type: c.data_type }).toEqual({ column: `${c.table_name}.${c.column_name}`, type: expected });
    }
  });

  it('guards the audit history with PL/pgSQL triggers, TRUNCATE included', async () => {
    const triggers: Array<{ name: string }> = await t.query(
      `SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`,
    );
    expect(triggers.map((r) => r.name)).toEqual([
      'audit_chain_head_no_delete', 'audit_chain_head_no_truncate',
      'audit_checkpoints_no_delete', 'audit_checkpoints_no_truncate', 'audit_checkpoints_no_update',
      'audit_entries_no_delete', 'audit_entries_no_truncate', 'audit_entries_no_update',
    ]);
    await expect(t.query('DELETE FROM audit_chain_head')).rejects.toThrow(/cannot be removed/);
    await expect(t.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only/);
    await expect(t.query('TRUNCATE audit_checkpoints')).rejects.toThrow(/append-only/);
  });

  it('starts the chain at the genesis row, and holds the partial unique indexes', async () => {
    expect(await t.query('SELECT id, last_seq FROM audit_chain_head')).toEqual([{ id: 1, last_seq: 0 }]);
    const indexes: Array<{ indexdef: string }> = await t.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ('uq_reopen_requests_one_pending', 'idx_mail_outbox_due')`,
    );
    expect(indexes.map((i) => i.indexdef).sort()).toEqual([
      expect.stringMatching(/^CREATE INDEX idx_mail_outbox_due .* WHERE \(sent_at IS NULL\)$/),
      expect.stringMatching(/^CREATE UNIQUE INDEX uq_reopen_requests_one_pending .* WHERE \(\(status\)::text = 'pending'::text\)$/),
    ]);
  });
});
