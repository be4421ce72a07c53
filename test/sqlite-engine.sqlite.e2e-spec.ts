import { TestApp } from './support/test-app';

// Runs on SQLite only (jest.config.js picks *.sqlite.e2e-spec.ts for the SQLite run); its
// PostgreSQL counterpart is postgres-engine.pg.e2e-spec.ts.
describe('the SQLite database', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ withCast: false });
  });
  afterAll(() => t.close());

  it('runs in WAL mode with a busy timeout, synchronous=NORMAL and foreign keys on', async () => {
    expect(await t.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    const [timeout] = await t.query('PRAGMA busy_timeout');
    expect(Object.values(timeout)[0]).toBeGreaterThanOrEqual(1000);
    expect(await t.query('PRAGMA synchronous')).toEqual([{ synchronous: 1 }]);
    expect(await t.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
  });

  it('guards the audit history with triggers', async () => {
    const triggers: Array<{ name: string }> = await t.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`);
    expect(triggers.map((r) => r.name)).toEqual([
      'audit_chain_head_no_delete', 'audit_checkpoints_no_delete', 'audit_checkpoints_no_update',
      'audit_entries_no_delete', 'audit_entries_no_update',
    ]);
    await expect(t.query('DELETE FROM audit_chain_head')).rejects.toThrow(/cannot be removed/);
  });
});
