import { DataSource, In } from 'typeorm';
import { CASE_MACHINE_VERSION, startCase } from '../../machines';
import { caseActivityRowsFor } from '../../src/activities/case-activity-rows';
import { CaseActivity } from '../../src/activities/case-activity.entity';
import { auditChainRowsFor } from '../../src/audit/audit-chain-rows';
import { AuditChainHead } from '../../src/audit/audit-chain-head.entity';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { SupervisionCase } from '../../src/cases/case.entity';
import { caseRowsFor } from '../../src/cases/case-rows';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { EntityColumns } from '../../src/database/entity-columns';
import { deadlineRowsFor } from '../../src/deadlines/deadline-rows';
import { Deadline } from '../../src/deadlines/deadline.entity';
import { SHOWN_OF_DEADLINE } from '../../src/deadlines/deadline-view';
import { deadlineRow } from '../support/deadline-rows';
import { runMigrations } from '../../src/database/run-migrations';
import { SqliteTable, sqliteConnection } from '../../src/database/sqlite-table';
import { databaseEnv, freshTestDir, onPostgres, removeTestDir } from '../support/test-database';
import { transactionOf } from '../../src/database/transaction';

/** How each engine stores a row, as its own SQL reads it back: the part of these tests that differs. */
interface StoredForm {
  /** The audit entry of `seq` as raw columns, and its time as the database's text (UTC). */
  entry(seq: number): Promise<{ row: Record<string, unknown>; occurredAt: string }>;
  /** The case's updated_at as text (UTC), and whether its snapshot column holds `snapshot`. */
  caseRow(id: string, snapshot: unknown): Promise<{ updatedAt: string; sameSnapshot: boolean }>;
}

// The write path sends prepared statements beside TypeORM's queries, on either engine: a row
// written by either must be the same, read back the same through the other, and each statement
// must run in its transaction (or its row locks and its atomicity would be another transaction's).
describe(`rows written by prepared statements (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let dir: string;
  let db: DataSource;

  const stored: StoredForm = onPostgres
    ? {
        entry: async (seq) => {
          const [row] = await db.query(`SELECT *, (occurred_at AT TIME ZONE 'UTC')::text AS occurred_text FROM audit_entries WHERE seq = $1`, [seq]);
          const { occurred_text: occurredAt, ...columns } = row;
          return { row: columns, occurredAt };
        },
        caseRow: async (id, snapshot) => {
          const [row] = await db.query(`SELECT (updated_at AT TIME ZONE 'UTC')::text AS updated, snapshot = $2::jsonb AS same FROM cases WHERE id = $1`, [
            id,
            JSON.stringify(snapshot),
          ]);
          return { updatedAt: row.updated, sameSnapshot: row.same };
        },
      }
    : {
        entry: async (seq) => {
          const row = raw('SELECT * FROM audit_entries WHERE seq = ?', seq);
          return { row, occurredAt: row.occurred_at as string };
        },
        caseRow: async (id, snapshot) => {
          const row = raw('SELECT updated_at, snapshot FROM cases WHERE id = ?', id);
          return { updatedAt: row.updated_at as string, sameSnapshot: row.snapshot === JSON.stringify(snapshot) };
        },
      };
  const raw = (sql: string, ...params: unknown[]) =>
    sqliteConnection(db)
      .prepare(sql)
      .get(...params) as Record<string, unknown>;

  beforeAll(async () => {
    dir = await freshTestDir('compact-rows-');
    const { SQLITE_PATH, DATABASE_URL } = databaseEnv(dir);
    db = await new DataSource(
      dataSourceOptions({ sqlitePath: SQLITE_PATH, databaseUrl: DATABASE_URL ?? null, poolSize: 2, sqliteGroupCommit: true }),
    ).initialize();
    await runMigrations(db);
  });
  afterAll(async () => {
    await db.destroy();
    await removeTestDir(dir);
  });

  const entry = (seq: number, prevHash = '0'.repeat(64)): AuditEntry =>
    Object.assign(new AuditEntry(), {
      seq,
      occurredAt: new Date('2026-03-04T05:06:07.089Z'),
      actorId: 'a1b2',
      actorUsername: 'oh.field_officer',
      actorRole: 'field_officer',
      actorState: 'OH',
      action: 'SUBMIT_CLOSURE_NOTICE',
      entityType: 'case',
      entityId: 'c1',
      caseId: 'c1',
      primaryState: 'OH',
      secondaryState: 'TX',
      fromState: 'active',
      toState: 'closure_pending',
      outcome: 'allowed' as const,
      reason: 'say "why"; ünïcode',
      requestId: 'r1',
      clientAddress: null,
      hashFormat: 1,
      prevHash,
      hash: 'f'.repeat(64),
    });

  it('appends an entry exactly as TypeORM inserts one, and moves the head to it', async () => {
    const chain = auditChainRowsFor(db);
    const appended = await db.transaction(async (manager) => {
      const head = (await chain.lockHead(transactionOf(manager)))!;
      expect(head).toEqual(await manager.findOneByOrFail(AuditChainHead, { id: 1 }));
      const next = entry(head.lastSeq + 1, head.lastHash);
      expect(await chain.append(transactionOf(manager), head, next)).toBe(true);
      return next;
    });
    await db.manager.insert(AuditEntry, entry(1001, appended.prevHash));
    const byTypeOrm = await stored.entry(1001);
    const byStatement = await stored.entry(appended.seq);
    expect({ ...byStatement.row, seq: 1001 }).toEqual(byTypeOrm.row);
    expect(byStatement.occurredAt).toBe('2026-03-04 05:06:07.089');
    expect(byTypeOrm.occurredAt).toBe('2026-03-04 05:06:07.089');
    expect(await db.manager.findOneByOrFail(AuditEntry, { seq: appended.seq })).toEqual(appended);
    expect(await db.manager.findOneByOrFail(AuditChainHead, { id: 1 })).toEqual({ id: 1, lastSeq: appended.seq, lastHash: appended.hash });
  });

  it('appends an entry only from the head it read, and writes nothing otherwise', async () => {
    const chain = auditChainRowsFor(db);
    await db.transaction(async (manager) => {
      const head = (await chain.lockHead(transactionOf(manager)))!;
      const next = Object.assign(entry(head.lastSeq + 1, head.lastHash), { hash: 'a'.repeat(64) });
      expect(await chain.append(transactionOf(manager), { ...head, lastHash: 'b'.repeat(64) }, next)).toBe(false);
      expect(await chain.append(transactionOf(manager), { ...head, lastSeq: head.lastSeq - 1 }, next)).toBe(false);
      expect(await manager.findOneBy(AuditEntry, { seq: next.seq })).toBeNull();
      expect(await manager.findOneByOrFail(AuditChainHead, { id: 1 })).toEqual(head);

      expect(await chain.append(transactionOf(manager), head, next)).toBe(true);
      expect(await chain.lockHead(transactionOf(manager))).toEqual({ id: 1, lastSeq: next.seq, lastHash: next.hash });
      expect(await manager.findOneByOrFail(AuditEntry, { seq: next.seq })).toEqual(next);
      expect(await chain.append(transactionOf(manager), head, next)).toBe(false);
    });
  });

  it('rolls back with the transaction what its statements wrote', async () => {
    const chain = auditChainRowsFor(db);
    const before = await db.manager.findOneByOrFail(AuditChainHead, { id: 1 });
    await expect(
      db.transaction(async (manager) => {
        const head = (await chain.lockHead(transactionOf(manager)))!;
        expect(await chain.append(transactionOf(manager), head, entry(head.lastSeq + 1, head.lastHash))).toBe(true);
        throw new Error('after the append');
      }),
    ).rejects.toThrow('after the append');
    expect(await db.manager.findOneByOrFail(AuditChainHead, { id: 1 })).toEqual(before);
    expect(await db.manager.findOneBy(AuditEntry, { seq: before.lastSeq + 1 })).toBeNull();
  });

  it('reads a case as TypeORM does and updates it only at the version it was read at', async () => {
    const { status, snapshot } = startCase({ sendingState: 'OH', receivingState: 'TX' });
    const at = new Date('2026-01-02T03:04:05.678Z');
    await db.manager.save(
      Object.assign(new SupervisionCase(), {
        id: '00000000-0000-4000-8000-000000000001',
        caseNumber: 'OH-2026-000001',
        offenderName: 'A. Person',
        offenderId: null,
        sendingState: 'OH',
        receivingState: 'TX',
        status,
        closureReason: null,
        snapshot,
        machineVersion: CASE_MACHINE_VERSION,
        version: 1,
        createdBy: 'u1',
        createdAt: at,
        updatedAt: at,
      }),
    );
    const rows = caseRowsFor(db.getRepository(SupervisionCase));
    const before = (await rows.find('00000000-0000-4000-8000-000000000001'))!;
    expect(before).toEqual(await db.manager.findOneByOrFail(SupervisionCase, { id: before.id }));
    expect(await rows.find('00000000-0000-4000-8000-00000000000f')).toBeNull();

    const after: SupervisionCase = {
      ...before,
      status: 'closure_pending' as SupervisionCase['status'],
      version: 2,
      updatedAt: new Date('2026-01-03T00:00:00.001Z'),
    };
    expect(await db.transaction((manager) => rows.updateIfVersion(transactionOf(manager), before, after))).toBe(true);
    expect(await db.manager.findOneByOrFail(SupervisionCase, { id: before.id })).toEqual(after);
    expect(await stored.caseRow(before.id, snapshot)).toEqual({ updatedAt: '2026-01-03 00:00:00.001', sameSnapshot: true });
    // Read at version 1, the case is now at 2: the conditional UPDATE misses and writes nothing.
    expect(await db.transaction((manager) => rows.updateIfVersion(transactionOf(manager), before, { ...after, version: 3 }))).toBe(false);
    expect((await rows.find(before.id))!.version).toBe(2);
  });

  it("reads a case's activities of one kind as TypeORM finds them, in the transaction it is given", async () => {
    const caseId = '00000000-0000-4000-8000-000000000002';
    const at = new Date('2026-02-03T04:05:06.789Z');
    const { status, snapshot } = startCase({ sendingState: 'OH', receivingState: 'TX' });
    await db.manager.save(
      Object.assign(new SupervisionCase(), {
        ...{ id: caseId, caseNumber: 'OH-2026-000002', offenderName: 'B. Person', offenderId: null, sendingState: 'OH', receivingState: 'TX' },
        ...{ status, closureReason: null, snapshot, machineVersion: CASE_MACHINE_VERSION, version: 1, createdBy: 'u1', createdAt: at, updatedAt: at },
      }),
    );
    const activity = (id: string, kind: CaseActivity['kind'], linkedActivityId: string | null = null) =>
      Object.assign(new CaseActivity(), {
        ...{ id, caseId, kind, sendingState: 'OH', receivingState: 'TX', status: 'issued', linkedActivityId },
        ...{ snapshot: { value: 'issued', context: { note: 'say "why"; ünïcode' } } as unknown as CaseActivity['snapshot'] },
        ...{ machineVersion: 1, version: 1, startedBy: 'u1', startedByUsername: 'oh.field_officer', startedBySide: 'sending', createdAt: at, updatedAt: at },
      });
    await db.manager.save([
      activity('00000000-0000-4000-8000-0000000000a1', 'violation_report'),
      activity('00000000-0000-4000-8000-0000000000a2', 'warrant', '00000000-0000-4000-8000-0000000000a1'),
    ]);
    const rows = caseActivityRowsFor(db.getRepository(CaseActivity));
    const warrants = await rows.ofKind(null, caseId, 'warrant');
    expect(warrants).toHaveLength(1);
    expect(warrants).toEqual(await db.manager.find(CaseActivity, { where: { caseId, kind: 'warrant' } }));
    expect(await rows.ofKind(null, caseId, 'progress_report')).toEqual([]);
    // A warrant written in the transaction is seen by the statement in it, and by no one else until it commits.
    await db.transaction(async (manager) => {
      await manager.save(activity('00000000-0000-4000-8000-0000000000a3', 'warrant'));
      expect(await rows.ofKind(transactionOf(manager), caseId, 'warrant')).toHaveLength(2);
      if (onPostgres) expect(await rows.ofKind(null, caseId, 'warrant')).toHaveLength(1);
    });
    expect(await rows.ofKind(null, caseId, 'warrant')).toHaveLength(2);
  });

  it("reads several cases' activities of one kind, and their deadlines in clock order, as TypeORM finds them", async () => {
    const at = new Date('2026-02-03T04:05:06.789Z');
    const ids = ['00000000-0000-4000-8000-000000000011', '00000000-0000-4000-8000-000000000012', '00000000-0000-4000-8000-000000000013'];
    const { status, snapshot } = startCase({ sendingState: 'OH', receivingState: 'TX' });
    await db.manager.save(
      ids.map((id, i) =>
        Object.assign(new SupervisionCase(), {
          ...{ id, caseNumber: `OH-2026-00001${i}`, offenderName: 'C. Person', offenderId: null, sendingState: 'OH', receivingState: 'TX' },
          ...{ status, closureReason: null, snapshot, machineVersion: CASE_MACHINE_VERSION, version: 1, createdBy: 'u1', createdAt: at, updatedAt: at },
        }),
      ),
    );
    const activity = (id: string, caseId: string, kind: CaseActivity['kind']) =>
      Object.assign(new CaseActivity(), {
        ...{ id, caseId, kind, sendingState: 'OH', receivingState: 'TX', status: 'issued', linkedActivityId: null },
        ...{ snapshot: { value: 'issued', context: {} } as unknown as CaseActivity['snapshot'] },
        ...{ machineVersion: 1, version: 1, startedBy: 'u1', startedByUsername: 'oh.field_officer', startedBySide: 'sending', createdAt: at, updatedAt: at },
      });
    await db.manager.save([
      activity('00000000-0000-4000-8000-0000000000b1', ids[0], 'warrant'),
      activity('00000000-0000-4000-8000-0000000000b2', ids[2], 'warrant'),
      activity('00000000-0000-4000-8000-0000000000b3', ids[2], 'warrant'),
      activity('00000000-0000-4000-8000-0000000000b4', ids[1], 'progress_report'),
    ]);
    const activityRows = caseActivityRowsFor(db.getRepository(CaseActivity));
    const warrants = await activityRows.ofKindOfCases(null, ids, 'warrant');
    expect(warrants.map((w) => w.id).sort()).toEqual([
      '00000000-0000-4000-8000-0000000000b1',
      '00000000-0000-4000-8000-0000000000b2',
      '00000000-0000-4000-8000-0000000000b3',
    ]);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    expect([...warrants].sort(byId)).toEqual((await db.manager.find(CaseActivity, { where: { caseId: In(ids), kind: 'warrant' } })).sort(byId));
    expect(await activityRows.ofKindOfCases(null, [ids[1], '00000000-0000-4000-8000-0000000000ff'], 'warrant')).toEqual([]);

    // Deadlines whose clocks started in another order than their rows were written, two at one instant.
    const deadline = (id: string, caseId: string, startedAt: string, createdAt: string): Deadline =>
      deadlineRow({ id, caseId, dueOn: '2026-03-20', startedAt: new Date(startedAt), createdAt: new Date(createdAt) });
    const deadlineRows = deadlineRowsFor(db.getRepository(Deadline));
    await db.transaction((manager) =>
      deadlineRows.insert(transactionOf(manager), [
        deadline('00000000-0000-4000-8000-0000000000d1', ids[2], '2026-02-03T10:00:00.000Z', '2026-02-03T10:00:00.000Z'),
        deadline('00000000-0000-4000-8000-0000000000d2', ids[0], '2026-02-03T09:00:00.000Z', '2026-02-03T09:00:00.000Z'),
        deadline('00000000-0000-4000-8000-0000000000d3', ids[2], '2026-02-03T09:00:00.000Z', '2026-02-03T09:30:00.000Z'),
        deadline('00000000-0000-4000-8000-0000000000d4', ids[0], '2026-02-03T09:00:00.000Z', '2026-02-03T09:10:00.000Z'),
        { ...deadline('00000000-0000-4000-8000-0000000000d5', ids[0], '2026-02-03T11:00:00.000Z', '2026-02-03T11:00:00.000Z'), status: 'met', onTime: true },
      ]),
    );
    const found = await deadlineRows.ofCases(null, ids);
    expect(found.map((d) => d.id)).toEqual([
      '00000000-0000-4000-8000-0000000000d2',
      '00000000-0000-4000-8000-0000000000d4',
      '00000000-0000-4000-8000-0000000000d3',
      '00000000-0000-4000-8000-0000000000d1',
      '00000000-0000-4000-8000-0000000000d5',
    ]);
    const inClockOrder = { startedAt: 'ASC', createdAt: 'ASC', id: 'ASC' } as const;
    // The lists read what the views show, as TypeORM's own select of those columns reads it, and nothing else.
    const shown = Object.fromEntries(SHOWN_OF_DEADLINE.map((p) => [p, true]));
    expect(found).toEqual(await db.manager.find(Deadline, { select: shown, where: { caseId: In(ids) }, order: inClockOrder }));
    const read = Object.entries(found[0]).filter(([, value]) => value !== undefined);
    expect(read.map(([property]) => property).sort()).toEqual([...SHOWN_OF_DEADLINE].sort());
    expect(await deadlineRows.ofCases(null, [ids[1]])).toEqual([]);
    // What a step may end: the open ones only, the met one left out.
    const open = await db.transaction((manager) => deadlineRows.openOfCase(transactionOf(manager), ids[0]));
    expect(open.map((d) => d.id)).toEqual(['00000000-0000-4000-8000-0000000000d2', '00000000-0000-4000-8000-0000000000d4']);
    expect(open).toEqual(await db.manager.find(Deadline, { where: { caseId: ids[0], status: 'open' }, order: inClockOrder }));
  });

  it('hydrates a row as the driver converts each of its values, whatever shape a timestamp was stored in', () => {
    // An invalid Date equals no other, not even another invalid one.
    const comparable = (entity: object) =>
      Object.fromEntries(
        Object.entries(entity).map(([k, v]) => [k, v instanceof Date ? (Number.isNaN(v.getTime()) ? 'an invalid date' : v.toISOString()) : v]),
      );
    const columns = new EntityColumns(db, Deadline);
    const stored = deadlineRow({ id: '00000000-0000-4000-8000-0000000000e1', caseId: '00000000-0000-4000-8000-0000000000e2', dueOn: '2026-03-20' });
    const row = Object.fromEntries(columns.columns.map((c) => [c.databaseName, columns.storedIn(c, stored[c.propertyName as keyof Deadline])]));
    const shapes = ['2026-02-03 10:00:00.123', '2026-02-03 10:00:00', '2026-02-03 10:00', '2026-02-03T10:00:00.123Z', '2026-02-03', 'not a time', null];
    for (const startedAt of [row.started_at, ...shapes]) {
      const asStored: Record<string, unknown> = { ...row, started_at: startedAt, on_time: 1 };
      const byDriver = Object.fromEntries(columns.columns.map((c) => [c.propertyName, db.driver.prepareHydratedValue(asStored[c.databaseName], c)]));
      const hydrated = columns.hydrate(asStored);
      expect(hydrated).toBeInstanceOf(Deadline);
      expect(comparable(hydrated)).toEqual(comparable(byDriver));
    }
  });

  if (onPostgres) {
    it("locks the head on the transaction's own connection, as a prepared statement, until it ends", async () => {
      const other = await new DataSource({ type: 'postgres', url: databaseEnv(dir).DATABASE_URL, poolSize: 1 }).initialize();
      try {
        const chain = auditChainRowsFor(db);
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        const transaction = db.transaction(async (manager) => {
          await chain.lockHead(transactionOf(manager));
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
      } finally {
        await other.destroy();
      }
    });
  } else {
    it('inserts an audit entry with its own statement exactly as TypeORM does, and hydrates it as TypeORM does', async () => {
      // The audit table has no foreign keys; two entries that differ only by seq.
      await db.manager.insert(AuditEntry, entry(2001));
      new SqliteTable(db, AuditEntry).insert(entry(2002));
      const byTypeOrm = raw('SELECT * FROM audit_entries WHERE seq = ?', 2001);
      const byStatement = raw('SELECT * FROM audit_entries WHERE seq = ?', 2002);
      expect({ ...byStatement, seq: 2001 }).toEqual(byTypeOrm);
      expect(byTypeOrm.occurred_at).toBe('2026-03-04 05:06:07.089');

      const typeOrmRead = await db.manager.findOneByOrFail(AuditEntry, { seq: 2002 });
      expect(new SqliteTable(db, AuditEntry).hydrate(byStatement)).toEqual(typeOrmRead);
      expect(typeOrmRead).toEqual(entry(2002));
    });

    it('bounds the WAL: a checkpoint every 16,000 pages, the file cut back to 64 MB', () => {
      const connection = sqliteConnection(db);
      expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(16_000);
      expect(connection.pragma('journal_size_limit', { simple: true })).toBe(64 * 1024 * 1024);
    });
  }
});
