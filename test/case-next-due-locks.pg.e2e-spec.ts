import type { QueryRunner } from 'typeorm';
import { ActivitiesService } from '../src/activities/activities.service';
import { LAST_KNOWN, TO_ACTIVE } from './support/case-steps';
import { TestApp } from './support/test-app';

/**
 * The deadlines' triggers write what falls due next into the case's row (migration CaseNextDue), so
 * every transaction that writes a deadline locks its case. PostgreSQL only: SQLite has one writer
 * at a time.
 */
describe('what falls due next, written by transactions at the same moment', () => {
  let t: TestApp;
  let caseId: string;
  let reportId: string;
  let otherId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    caseId = (await t.cases.open({ offenderName: 'Lock Order', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null)).id;
    for (const [username, type] of TO_ACTIVE) await t.cases.applyEvent(caseId, { type }, t.actor(username), null);
    const report = await t.app
      .get(ActivitiesService)
      .start(caseId, { kind: 'progress_report', message: 'Quarterly report, please.' }, t.actor('oh.field_officer'), null);
    reportId = report.id;
    await t.cases.applyEvent(caseId, { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'absconded', ...LAST_KNOWN }, t.actor('tx.field_officer'), null);
    otherId = (await t.cases.open({ offenderName: 'Two Writers', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null)).id;
    // Its transfer reply: a deadline row of its own to copy.
    await t.cases.applyEvent(otherId, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.compact_office'), null);
  });
  afterAll(() => t.close());

  /** The backend that waits for a lock `pid` holds, once there is one (the connections of the app's pool are not ours to name). */
  async function waitingFor(pid: number): Promise<number> {
    for (let tries = 0; tries < 5000; tries++) {
      const [row] = (await t.dataSource.query('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])) as Array<{ pid: number }>;
      if (row) return row.pid;
    }
    throw new Error(`nothing came to wait for backend ${pid}`);
  }

  // A step of an activity takes the case's lock before the activity's own row, as a transition of the
  // case does: otherwise a transition that ends the activity (a closure) and a step of it would each
  // hold the row the other waits for.
  it('a step of an activity and a closure that ends it both commit, one after the other: neither deadlocks', async () => {
    // Another connection holds the report's deadline, so that the step stops there, holding what it took before it.
    const holder: QueryRunner = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query(`SELECT id FROM deadlines WHERE activity_id = $1 AND status = 'open' FOR UPDATE`, [reportId]);
      const [{ pid }] = (await holder.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
      const step = t.app
        .get(ActivitiesService)
        .move(reportId, { type: 'SUBMIT_REPORT', summary: 'Reports monthly.', complianceStatus: 'compliant' }, t.actor('tx.field_officer'), null)
        .then(
          (v) => ({ ok: v.status }),
          (err: Error) => ({ failed: err.message }),
        );
      const stepPid = await waitingFor(pid);
      // The closure ends the report: it waits for the step.
      const closure = t.cases.applyEvent(caseId, { type: 'CONFIRM_CLOSURE' }, t.actor('oh.supervisor'), null).then(
        (v) => ({ ok: v.status }),
        (err: Error) => ({ failed: err.message }),
      );
      await waitingFor(stepPid);
      await holder.commitTransaction();
      expect({ step: await step, closure: await closure }).toEqual({ step: { ok: 'submitted' }, closure: { ok: 'closed' } });
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    const [row] = (await t.dataSource.query('SELECT next_due_on, next_due_id FROM cases WHERE id = $1', [caseId])) as Array<Record<string, unknown>>;
    const open = (await t.dataSource.query(`SELECT id FROM deadlines WHERE case_id = $1 AND status = 'open' ORDER BY due_on, id`, [caseId])) as Array<{
      id: string;
    }>;
    expect(row.next_due_id).toBe(open[0]?.id ?? null);
  });
  it('two transactions that write deadlines of one case leave it the earliest of both, whichever waited', async () => {
    // Both sooner than its transfer reply.
    const [sooner, later] = ['2026-12-10', '2026-12-20'];
    const copy = async (runner: QueryRunner, dueOn: string) =>
      runner.query(
        `INSERT INTO deadlines (id, case_id, activity_id, time_limit, rule_version, rule, limit_days, limit_unit, measure, responsible_side, responsible_state,
           assignee_id, started_by, transmitted_at, received_at, start_on, started_at, due_on, due_at, status, ended_at, ended_by, on_time, next_notice_at, created_at)
         SELECT gen_random_uuid()::text, $1::varchar, NULL, 'PR', rule_version, rule, limit_days, limit_unit, measure, responsible_side, responsible_state,
           assignee_id, started_by, transmitted_at, received_at, start_on, started_at, $2::varchar, due_at, 'open', NULL, NULL, NULL, NULL, created_at
         FROM deadlines WHERE case_id = $1::varchar LIMIT 1`,
        [otherId, dueOn],
      );
    const first = t.dataSource.createQueryRunner();
    const second = t.dataSource.createQueryRunner();
    try {
      await first.startTransaction();
      await second.startTransaction();
      // The first holds the case's row, locked by its trigger; the second's trigger waits for it.
      await copy(first, sooner);
      const [{ pid }] = (await first.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
      const waiting = copy(second, later);
      await waitingFor(pid);
      await first.commitTransaction();
      await waiting;
      await second.commitTransaction();
    } finally {
      for (const runner of [first, second]) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
    // The second, which began waiting before the first committed, saw the first's deadline all the same.
    const [row] = (await t.dataSource.query('SELECT next_due_on FROM cases WHERE id = $1', [otherId])) as Array<{ next_due_on: string }>;
    expect(row.next_due_on).toBe(sooner);
  });
});
