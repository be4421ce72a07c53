import { performance } from 'node:perf_hooks';
import type { AuditDraft } from '../../src/audit/audit-draft';
import { AuditVerifier } from '../../src/audit/audit-verifier.service';
import { AuditService } from '../../src/audit/audit.service';
import { CasesService } from '../../src/cases/cases.service';
import { DATABASE_CONFIG, type DatabaseConfig } from '../../src/config/app-config';
import { answerScope, type AnswerScope } from '../../src/database/answer-scope';
import { sqliteConnection } from '../../src/database/sqlite-table';
import type { Transaction } from '../../src/database/transaction';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { RefusedException } from '../../src/engine/refusals';
import { onPostgres } from '../support/test-database';
import { MediumApp } from './support/medium-app';

const ACTION = 'GROUP_COMMIT_CHECK';

const draft = (reason: string): AuditDraft => ({
  actor: { username: 'group.commit' },
  action: ACTION,
  entityType: 'audit',
  entityId: null,
  states: ['OH'],
  outcome: 'allowed',
  reason,
  meta: null,
});

/** A turn of the event loop of its own, as a caller alone would start in. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

// UnitOfWork on a real SQLite file, with SQLITE_GROUP_COMMIT on (the default): transactions that
// arrive together share one BEGIN ... COMMIT, each in a savepoint of its own; a failed one changes
// nothing and its caller hears at once; the others hear only once the shared COMMIT succeeded; a
// failed COMMIT takes the whole batch with it. Off, each transaction commits on its own.
describe(`transactions that arrive together (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let m: MediumApp;
  let uow: UnitOfWork;
  let audit: AuditService;
  /** Every transaction-control statement on the connection since watch(), and the suite's own marks. */
  let events: string[];

  const append = (reason: string) => (tx: Transaction) => audit.append(tx, draft(reason));
  /** A work that writes its entry, then fails: nothing of it may stay. */
  const appendThenFail = (reason: string) => async (tx: Transaction) => {
    await audit.append(tx, draft(reason));
    throw new Error('refused after writing');
  };
  /** Three works sent together, the middle one failing after it wrote. */
  const sentTogether = (unit: UnitOfWork, prefix: string) =>
    Promise.allSettled([unit.run(append(`${prefix}0`)), unit.run(appendThenFail(`${prefix}1`)), unit.run(append(`${prefix}2`))]);
  const reasons = async (prefix: string): Promise<string[]> =>
    (await m.query<Array<{ reason: string }>>(`SELECT reason FROM audit_entries WHERE action = ? AND reason LIKE ? ORDER BY seq`, [ACTION, `${prefix}%`])).map(
      (r) => r.reason,
    );
  /** Read on the connection at once, in whatever transaction is open there. */
  const entriesNow = (reason: string): number =>
    sqliteConnection(m.dataSource).prepare('SELECT count(*) FROM audit_entries WHERE action = ? AND reason = ?').pluck().get(ACTION, reason) as number;
  const verifies = async () => expect(await m.get(AuditVerifier).verify({})).toMatchObject({ ok: true });

  beforeAll(async () => {
    m = await MediumApp.start();
    uow = m.get(UnitOfWork);
    audit = m.get(AuditService);
  });
  afterAll(() => m.close());

  beforeEach(async () => {
    events = [];
    await nextTurn();
  });
  afterEach(() => jest.restoreAllMocks());

  if (onPostgres) {
    it('runs each transaction on a connection of its own: a failed one changes nothing, the others commit', async () => {
      const results = await sentTogether(uow, 'pg ');
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await reasons('pg ')).sort()).toEqual(['pg 0', 'pg 2']);
      await verifies();
    });
    return;
  }

  /**
   * The clock a batch's time limit reads: stopped unless a test moves it, so that how many works a
   * batch takes never depends on how fast this machine runs them.
   */
  let elapsed: number;
  beforeEach(() => {
    elapsed = 0;
    jest.spyOn(performance, 'now').mockImplementation(() => elapsed);
  });

  /** Records BEGIN, COMMIT and ROLLBACK (through TypeORM's one query runner) and the savepoints (on the connection). */
  function watch(): void {
    const runner = m.dataSource.createQueryRunner();
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    jest.spyOn(runner, 'query').mockImplementation((...args: unknown[]) => {
      const control = /^(BEGIN|COMMIT|ROLLBACK)\b/.exec(args[0] as string);
      if (control) events.push(control[1]);
      return query(...args);
    });
    const connection = sqliteConnection(m.dataSource);
    const exec = connection.exec.bind(connection);
    jest.spyOn(connection, 'exec').mockImplementation((sql: string) => {
      const savepoint = /^(SAVEPOINT|RELEASE|ROLLBACK TO)\b/.exec(sql);
      if (savepoint) events.push(savepoint[1]);
      return exec(sql);
    });
  }
  /** The statements of a batch's works that succeeded: the first runs in the transaction itself, each other in a savepoint. */
  const kept = (n: number, first = true) => Array.from({ length: first ? n - 1 : n }, () => ['SAVEPOINT', 'RELEASE']).flat();

  it('share one BEGIN and one COMMIT, each work after the first in a savepoint, in the order they came', async () => {
    watch();
    const entries = await Promise.all([0, 1, 2, 3, 4].map((i) => uow.run(append(`together ${i}`))));
    expect(events).toEqual(['BEGIN', ...kept(5), 'COMMIT']);
    expect(events.filter((e) => e === 'SAVEPOINT')).toHaveLength(4);
    expect(await reasons('together ')).toEqual(['together 0', 'together 1', 'together 2', 'together 3', 'together 4']);
    // The chain in their order: each one's entry follows the one before.
    expect(entries.map((e) => e.seq - entries[0].seq)).toEqual([0, 1, 2, 3, 4]);
    await verifies();
  });

  it('keep a failed work out (its caller told at once), commit the others in order, and the chain verifies', async () => {
    watch();
    const heard: string[] = [];
    const told = (name: string, p: Promise<unknown>) =>
      p.then(
        () => heard.push(`${name} committed`),
        // What the connection holds when the caller hears: its entry already undone.
        (err: Error) => heard.push(`${name} failed: ${err.message}, its entries: ${entriesNow(`middle ${name}`)}`),
      );
    await Promise.all([
      told('0', uow.run(append('middle 0'))),
      told('1', uow.run(appendThenFail('middle 1'))),
      told(
        '2',
        uow.run(() => {
          throw new Error('thrown before any promise');
        }),
      ),
      told('3', uow.run(append('middle 3'))),
    ]);
    expect(heard).toEqual([
      '1 failed: refused after writing, its entries: 0',
      '2 failed: thrown before any promise, its entries: 0',
      '0 committed',
      '3 committed',
    ]);
    expect(events).toEqual(['BEGIN', ...kept(1), 'SAVEPOINT', 'ROLLBACK TO', 'RELEASE', 'SAVEPOINT', 'ROLLBACK TO', 'RELEASE', ...kept(1, false), 'COMMIT']);
    expect(await reasons('middle ')).toEqual(['middle 0', 'middle 3']);
    await verifies();
  });

  it('roll the whole transaction back when its first work fails, and run the others in the next', async () => {
    watch();
    const heard: string[] = [];
    await Promise.all([
      uow
        .run(async (tx) => {
          await audit.append(tx, draft('first 0'));
          throw new Error('the first fails');
        })
        .catch((err: Error) => heard.push(`0 failed: ${err.message}, its entries: ${entriesNow('first 0')}`)),
      uow.run(append('first 1')).then(() => heard.push('1 committed')),
      uow.run(append('first 2')).then(() => heard.push('2 committed')),
    ]);
    expect(heard).toEqual(['0 failed: the first fails, its entries: 0', '1 committed', '2 committed']);
    expect(events).toEqual(['BEGIN', 'ROLLBACK', 'BEGIN', ...kept(2), 'COMMIT']);
    expect(await reasons('first ')).toEqual(['first 1', 'first 2']);
    await verifies();
  });

  it('run after-commit work and mark the answer written only once the shared COMMIT succeeded, and never for a failed work', async () => {
    watch();
    const scope = (name: string): AnswerScope => ({
      written: false,
      write: (_tx, answer) => {
        events.push(`${name} answer ${String(answer)} written`);
        return Promise.resolve();
      },
    });
    const a = scope('a');
    const b = scope('b');
    const ran = answerScope.run(a, () =>
      uow.run(
        async (tx) => {
          uow.afterCommit(tx, () => events.push(`a after commit, answer written: ${a.written}`));
          await audit.append(tx, draft('after a'));
          return 'A';
        },
        { answers: true },
      ),
    );
    const failed = answerScope.run(b, () =>
      uow.run(
        (tx) => {
          uow.afterCommit(tx, () => events.push('b after commit'));
          return Promise.reject(new Error('b fails'));
        },
        { answers: true },
      ),
    );
    await expect(failed).rejects.toThrow('b fails');
    expect(a.written).toBe(false);
    expect(await ran).toBe('A');
    expect(events).toEqual(['BEGIN', 'a answer A written', 'SAVEPOINT', 'ROLLBACK TO', 'RELEASE', 'COMMIT', 'a after commit, answer written: true']);
    expect([a.written, b.written]).toEqual([true, false]);
  });

  it('reject every work of the batch when the COMMIT fails (a deferred foreign key), keep nothing, and carry on', async () => {
    await m.query('CREATE TABLE group_commit_parent (id INTEGER PRIMARY KEY)');
    await m.query('CREATE TABLE group_commit_child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES group_commit_parent (id))');
    watch();
    const orphan = async (): Promise<void> => {
      const connection = sqliteConnection(m.dataSource);
      // Checked at the COMMIT rather than at the INSERT, until this transaction ends.
      connection.pragma('defer_foreign_keys = ON');
      connection.prepare('INSERT INTO group_commit_child (parent_id) VALUES (42)').run();
      await Promise.resolve();
    };
    const results = await Promise.allSettled([uow.run(append('deferred 0')), uow.run(orphan), uow.run(append('deferred 2'))]);
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'committed'))).toEqual([
      expect.stringMatching(/FOREIGN KEY constraint failed/),
      expect.stringMatching(/FOREIGN KEY constraint failed/),
      expect.stringMatching(/FOREIGN KEY constraint failed/),
    ]);
    expect(events).toEqual(['BEGIN', ...kept(3), 'COMMIT', 'ROLLBACK']);
    expect(await reasons('deferred ')).toEqual([]);
    expect(await m.query('SELECT * FROM group_commit_child')).toEqual([]);
    expect(m.dataSource.createQueryRunner().isTransactionActive).toBe(false);
    // The next transaction starts afresh, and the chain lost nothing it had.
    await uow.run(append('after the failed commit'));
    expect(await reasons('after the failed commit')).toEqual(['after the failed commit']);
    await verifies();
  });

  it('reject the batch when SQLite ends the transaction under a work (as on an I/O error), and start afresh for the works still waiting', async () => {
    watch();
    const results = await Promise.allSettled([
      uow.run(async () => {
        // What SQLite does by itself on an I/O error or a full disk, the work unaware of it.
        sqliteConnection(m.dataSource).exec('ROLLBACK');
        await Promise.resolve();
      }),
      uow.run(append('ended 1')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(await reasons('ended ')).toEqual(['ended 1']);
    // The ROLLBACK is the batch's own, finding no transaction left: the query runner is set straight all the same.
    expect(events).toEqual(['BEGIN', 'ROLLBACK', 'BEGIN', 'COMMIT']);
    expect(m.dataSource.createQueryRunner().isTransactionActive).toBe(false);
    await verifies();
  });

  it('let a work that comes in the next turn join a batch of several, and close a batch at 64 works', async () => {
    watch();
    let joined: Promise<unknown> | undefined;
    setImmediate(() => {
      joined = uow.run(append('joined 2'));
    });
    await Promise.all([uow.run(append('joined 0')), uow.run(append('joined 1'))]);
    await joined;
    expect(events).toEqual(['BEGIN', ...kept(3), 'COMMIT']);
    expect(await reasons('joined ')).toEqual(['joined 0', 'joined 1', 'joined 2']);

    await nextTurn();
    events = [];
    await Promise.all(Array.from({ length: 70 }, (_, i) => uow.run(append(`many ${String(i).padStart(2, '0')}`))));
    expect(events.filter((e) => e === 'BEGIN' || e === 'COMMIT')).toEqual(['BEGIN', 'COMMIT', 'BEGIN', 'COMMIT']);
    expect(events.indexOf('COMMIT')).toBe(1 + 63 * 2);
    expect(await reasons('many ')).toEqual(Array.from({ length: 70 }, (_, i) => `many ${String(i).padStart(2, '0')}`));
    await verifies();
  });

  it('close a batch once its works have run for 10 ms, and let the event loop turn before the next takes the rest', async () => {
    watch();
    /** A work that takes 4 ms of the batch's clock. */
    const slow = (reason: string) => (tx: Transaction) => {
      elapsed += 4;
      return audit.append(tx, draft(reason));
    };
    const sent = [0, 1, 2, 3, 4].map((i) => uow.run(slow(`timed ${i}`)));
    setImmediate(() => events.push('a turn of the event loop'));
    await Promise.all(sent);
    // 0, 4 and 8 ms: each under the limit when it started; the third ends at 12 ms, past it.
    expect(events).toEqual(['BEGIN', ...kept(3), 'COMMIT', 'a turn of the event loop', 'BEGIN', ...kept(2), 'COMMIT']);
    expect(await reasons('timed ')).toEqual(['timed 0', 'timed 1', 'timed 2', 'timed 3', 'timed 4']);
    await verifies();
  });

  it('commit a lone work, and a lone caller’s next one, within its own turn of the event loop', async () => {
    watch();
    let turned = false;
    setImmediate(() => (turned = true));
    await uow.run(append('alone 0'));
    await uow.run(append('alone 1'));
    expect(turned).toBe(false);
    expect(events).toEqual(['BEGIN', ...kept(1), 'COMMIT', 'BEGIN', ...kept(1), 'COMMIT']);
    expect(await reasons('alone ')).toEqual(['alone 0', 'alone 1']);
  });

  it('commit each on its own with SQLITE_GROUP_COMMIT=off', async () => {
    const off = new UnitOfWork(m.dataSource, { ...m.get<DatabaseConfig>(DATABASE_CONFIG), sqliteGroupCommit: false });
    watch();
    const results = await sentTogether(off, 'off ');
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(events).toEqual(['BEGIN', 'COMMIT', 'BEGIN', 'ROLLBACK', 'BEGIN', 'COMMIT']);
    expect(await reasons('off ')).toEqual(['off 0', 'off 2']);
    await verifies();
  });

  it('apply transitions sent together, refuse the one that lost its race, and the chain verifies', async () => {
    const cases = m.get(CasesService);
    const officer = await m.actor('oh.field_officer');
    const office = await m.actor('oh.compact_office');
    const opened = [];
    for (const name of ['A', 'B', 'C'])
      opened.push(await cases.open({ offenderName: `Group ${name}`, sendingState: 'OH', receivingState: 'TX' }, officer, null));
    const [a, b, c] = opened;
    await nextTurn();
    watch();
    const submit = (id: string, version: number) => cases.applyEvent(id, { type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: version }, office, null);
    const results = await Promise.allSettled([submit(a.id, a.version), submit(b.id, b.version), submit(b.id, b.version), submit(c.id, c.version)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(RefusedException);
    // The three allowed transitions shared commits rather than paying one each.
    expect(events.filter((e) => e === 'COMMIT').length).toBeLessThan(results.length);
    for (const [view, version] of [
      [a, a.version + 1],
      [b, b.version + 1],
      [c, c.version + 1],
    ] as const) {
      expect((await cases.get(view.id, office, null)).version).toBe(version);
    }
    const submitted = await m.query<Array<{ caseId: string; outcome: string }>>(
      `SELECT case_id AS "caseId", outcome FROM audit_entries WHERE action = 'SUBMIT_TRANSFER_REQUEST' AND case_id IN (?, ?, ?) ORDER BY seq`,
      [a.id, b.id, c.id],
    );
    expect(submitted.filter((e) => e.outcome === 'allowed').map((e) => e.caseId)).toEqual([a.id, b.id, c.id]);
    expect(submitted.filter((e) => e.outcome === 'denied').map((e) => e.caseId)).toEqual([b.id]);
    await verifies();
  });
});
