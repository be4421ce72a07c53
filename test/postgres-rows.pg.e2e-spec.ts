import { DataSource } from 'typeorm';
import { startCase } from '../machines';
import { auditChainRowsFor } from '../src/audit/audit-chain-rows';
import { AuditChainHead } from '../src/audit/audit-chain-head.entity';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { SupervisionCase } from '../src/cases/case.entity';
import { caseRowsFor } from '../src/cases/case-rows';
import { dataSourceOptions } from '../src/database/data-source-options';
import { dropSchema, recreateSchema, urlWithSchema } from '../src/database/postgres-schema';
import { runMigrations } from '../src/database/run-migrations';

// Runs on PostgreSQL only; its SQLite counterpart is sqlite-rows.sqlite.e2e-spec.ts. The write path
// sends named prepared statements beside TypeORM's queries: a row written by either must be the
// same, read back the same through the other, and each statement must run on its transaction's
// own connection (or its row locks and its atomicity would be another transaction's).
describe('PostgreSQL rows written by prepared statements', () => {
  const server = process.env.DATABASE_URL!;
  const schema = `prepared_rows_${process.pid}`;
  let db: DataSource;
  let other: DataSource;

  beforeAll(async () => {
    await recreateSchema(server, schema);
    const url = urlWithSchema(server, schema);
    db = await new DataSource(dataSourceOptions({ sqlitePath: '', databaseUrl: url, poolSize: 10 })).initialize();
    await runMigrations(db);
    other = await new DataSource({ type: 'postgres', url, poolSize: 1 }).initialize();
  });
  afterAll(async () => {
    await other.destroy();
    await db.destroy();
    await dropSchema(server, schema);
  });

  const entry = (seq: number, prevHash = '0'.repeat(64)): AuditEntry =>
    Object.assign(new AuditEntry(), {
      seq, occurredAt: new Date('2026-03-04T05:06:07.089Z'), actorId: 'a1b2', actorUsername: 'oh.field_officer',
      actorRole: 'field_officer', actorState: 'OH', action: 'SUBMIT_CLOSURE_NOTICE', entityType: 'case', entityId: 'c1',
      caseId: 'c1', primaryState: 'OH', secondaryState: 'TX', fromState: 'active', toState: 'closure_pending',
      outcome: 'allowed' as const, reason: 'say "why"; ünïcode', requestId: 'r1', clientAddress: null, hashFormat: 1,
      prevHash, hash: 'f'.repeat(64),
    });
  const stored = (seq: number) => db.query(`SELECT *, (occurred_at AT TIME ZONE 'UTC')::text AS occurred_text FROM audit_entries WHERE seq = $1`, [seq]);

  it('appends an entry exactly as TypeORM inserts one, and moves the head to it', async () => {
    const chain = auditChainRowsFor(db);
    const appended = await db.transaction(async (manager) => {
      const head = (await chain.lockHead(manager))!;
      expect(head).toEqual(await manager.findOneByOrFail(AuditChainHead, { id: 1 }));
      const next = entry(head.lastSeq + 1, head.lastHash);
      expect(await chain.append(manager, head, next)).toBe(true);
      return next;
    });
    await db.manager.insert(AuditEntry, entry(1001, appended.prevHash));
    const [byTypeOrm] = await stored(1001);
    const [byStatement] = await stored(appended.seq);
    expect({ ...byStatement, seq: 1001 }).toEqual(byTypeOrm);
    expect(byStatement.occurred_text).toBe('2026-03-04 05:06:07.089');
    expect(await db.manager.findOneByOrFail(AuditEntry, { seq: appended.seq })).toEqual(appended);
    expect(await db.manager.findOneByOrFail(AuditChainHead, { id: 1 })).toEqual({ id: 1, lastSeq: appended.seq, lastHash: appended.hash });
  });

  it('writes nothing when the head moved since it was read', async () => {
    const chain = auditChainRowsFor(db);
    await db.transaction(async (manager) => {
      const head = (await chain.lockHead(manager))!;
      const next = entry(head.lastSeq + 1, head.lastHash);
      expect(await chain.append(manager, { ...head, lastHash: 'b'.repeat(64) }, next)).toBe(false);
      expect(await chain.append(manager, { ...head, lastSeq: head.lastSeq - 1 }, next)).toBe(false);
      expect(await manager.findOneBy(AuditEntry, { seq: next.seq })).toBeNull();
      expect(await manager.findOneByOrFail(AuditChainHead, { id: 1 })).toEqual(head);
    });
  });

  it("locks the head on the transaction's own connection, as a prepared statement, until it ends", async () => {
    const chain = auditChainRowsFor(db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const transaction = db.transaction(async (manager) => {
      await chain.lockHead(manager);
      const prepared: Array<{ statement: string }> = await manager.query('SELECT statement FROM pg_prepared_statements');
      expect(prepared.map((p) => p.statement)).toContainEqual(expect.stringMatching(/FOR UPDATE$/));
      locked();
      await held;
    });
    await isLocked;
    await expect(other.query('SELECT 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE NOWAIT')).rejects.toThrow(/could not obtain lock/);
    release();
    await transaction;
    expect(await other.query('SELECT 1 AS free FROM audit_chain_head WHERE id = 1 FOR UPDATE NOWAIT')).toEqual([{ free: 1 }]);
  });

  it('rolls back with the transaction what its statements wrote', async () => {
    const chain = auditChainRowsFor(db);
    const before = await db.manager.findOneByOrFail(AuditChainHead, { id: 1 });
    await expect(
      db.transaction(async (manager) => {
        const head = (await chain.lockHead(manager))!;
        expect(await chain.append(manager, head, entry(head.lastSeq + 1, head.lastHash))).toBe(true);
        throw new Error('after the append');
      }),
    ).rejects.toThrow('after the append');
    expect(await db.manager.findOneByOrFail(AuditChainHead, { id: 1 })).toEqual(before);
    expect(await db.manager.findOneBy(AuditEntry, { seq: before.lastSeq + 1 })).toBeNull();
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
    expect(await db.transaction((manager) => rows.updateIfVersion(manager, before, after))).toBe(true);
    expect(await db.manager.findOneByOrFail(SupervisionCase, { id: before.id })).toEqual(after);
    expect(await db.query(`SELECT (updated_at AT TIME ZONE 'UTC')::text AS updated, snapshot = $2::jsonb AS same FROM cases WHERE id = $1`, [before.id, JSON.stringify(snapshot)]))
      .toEqual([{ updated: '2026-01-03 00:00:00.001', same: true }]);
    // Read at version 1, the case is now at 2: the conditional UPDATE misses and writes nothing.
    expect(await db.transaction((manager) => rows.updateIfVersion(manager, before, { ...after, version: 3 }))).toBe(false);
    expect((await rows.find(before.id))!.version).toBe(2);
  });
});
