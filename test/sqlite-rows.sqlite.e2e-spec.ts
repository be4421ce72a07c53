import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startCase } from '../machines';
import { auditChainRowsFor } from '../src/audit/audit-chain-rows';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { SupervisionCase } from '../src/cases/case.entity';
import { caseRowsFor } from '../src/cases/case-rows';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/run-migrations';
import { SqliteTable, sqliteConnection } from '../src/database/sqlite-table';

// The SQLite write path runs hand-prepared statements beside TypeORM's: a row written by either
// must be byte for byte the same, and read back the same through the other.
describe('SQLite rows written by prepared statements', () => {
  let dir: string;
  let db: DataSource;
  const raw = (sql: string, ...params: unknown[]) => sqliteConnection(db).prepare(sql).get(...params) as Record<string, unknown>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-rows-'));
    db = await new DataSource(dataSourceOptions({ sqlitePath: join(dir, 'rows.sqlite'), databaseUrl: null, poolSize: 2 })).initialize();
    await runMigrations(db);
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const entry = (seq: number): AuditEntry =>
    Object.assign(new AuditEntry(), {
      seq, occurredAt: new Date('2026-03-04T05:06:07.089Z'), actorId: 'a1b2', actorUsername: 'oh.field_officer',
      actorRole: 'field_officer', actorState: 'OH', action: 'SUBMIT_CLOSURE_NOTICE', entityType: 'case', entityId: 'c1',
      caseId: 'c1', primaryState: 'OH', secondaryState: 'TX', fromState: 'active', toState: 'closure_pending',
      outcome: 'allowed' as const, reason: null, requestId: 'r1', clientAddress: null, hashFormat: 1,
      prevHash: '0'.repeat(64), hash: 'f'.repeat(64),
    });

  it('inserts an audit entry exactly as TypeORM does, and hydrates it as TypeORM does', async () => {
    // The audit table has no foreign keys; two entries that differ only by seq.
    await db.manager.insert(AuditEntry, entry(1001));
    new SqliteTable(db, AuditEntry).insert(entry(1002));
    const byTypeOrm = raw('SELECT * FROM audit_entries WHERE seq = ?', 1001);
    const byStatement = raw('SELECT * FROM audit_entries WHERE seq = ?', 1002);
    expect({ ...byStatement, seq: 1001 }).toEqual(byTypeOrm);
    expect(byTypeOrm.occurred_at).toBe('2026-03-04 05:06:07.089');

    const typeOrmRead = await db.manager.findOneByOrFail(AuditEntry, { seq: 1002 });
    expect(new SqliteTable(db, AuditEntry).hydrate(byStatement)).toEqual(typeOrmRead);
    expect(typeOrmRead).toEqual(entry(1002));
  });

  it('appends an entry only from the head it read, and writes nothing otherwise', async () => {
    const chain = auditChainRowsFor(db);
    const head = (await chain.lockHead(db.manager))!;
    const next = Object.assign(entry(head.lastSeq + 1), { hash: 'a'.repeat(64) });
    expect(await chain.append(db.manager, { ...head, lastHash: 'b'.repeat(64) }, next)).toBe(false);
    expect(await db.manager.findOneBy(AuditEntry, { seq: next.seq })).toBeNull();
    expect(await chain.append(db.manager, head, next)).toBe(true);
    expect(await chain.lockHead(db.manager)).toEqual({ id: 1, lastSeq: next.seq, lastHash: next.hash });
    expect(await db.manager.findOneByOrFail(AuditEntry, { seq: next.seq })).toEqual(next);
    expect(await chain.append(db.manager, head, next)).toBe(false);
  });

  it('reads a case as TypeORM does and updates it only at the version it was read at', async () => {
    const { status, snapshot } = startCase({ sendingState: 'OH', receivingState: 'TX' });
    const at = new Date('2026-01-02T03:04:05.678Z');
    await db.manager.save(Object.assign(new SupervisionCase(), {
      id: '00000000-0000-4000-8000-000000000001', caseNumber: 'OH-2026-000001', offenderName: 'A. Person', offenderId: null,
      sendingState: 'OH', receivingState: 'TX', status, closureReason: null, snapshot, machineVersion: 1, version: 1,
      createdBy: 'u1', createdAt: at, updatedAt: at,
    }));
    const rows = caseRowsFor(db.getRepository(SupervisionCase));
    const before = (await rows.find('00000000-0000-4000-8000-000000000001'))!;
    expect(before).toEqual(await db.manager.findOneByOrFail(SupervisionCase, { id: before.id }));
    expect(await rows.find('00000000-0000-4000-8000-00000000000f')).toBeNull();

    const after: SupervisionCase = { ...before, status: 'closure_pending' as SupervisionCase['status'], version: 2, updatedAt: new Date('2026-01-03T00:00:00.001Z') };
    expect(await rows.updateIfVersion(db.manager, before, after)).toBe(true);
    expect(await db.manager.findOneByOrFail(SupervisionCase, { id: before.id })).toEqual(after);
    expect(raw('SELECT updated_at, snapshot FROM cases WHERE id = ?', before.id)).toEqual({
      updated_at: '2026-01-03 00:00:00.001', snapshot: JSON.stringify(snapshot),
    });
    // Read at version 1, the case is now at 2: the conditional UPDATE misses and writes nothing.
    expect(await rows.updateIfVersion(db.manager, before, { ...after, version: 3 })).toBe(false);
    expect((await rows.find(before.id))!.version).toBe(2);
  });

  it('bounds the WAL: a checkpoint every 16,000 pages, the file cut back to 64 MB', () => {
    const connection = sqliteConnection(db);
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(16_000);
    expect(connection.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
  });
});
