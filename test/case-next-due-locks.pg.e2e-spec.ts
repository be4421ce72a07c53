import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { addCalendarDays, type CompactDate } from '../machines';
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
    // Its transfer reply: the case's next deadline, whose row the second test copies.
    await t.cases.applyEvent(otherId, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.compact_office'), null);
  });
  afterAll(() => t.close());

  /**
   * The backend that waits for a lock `pid` holds, once there is one (the connections of the app's
   * pool are not ours to name); null if none comes to wait within a few thousand looks.
   */
  async function waitingFor(pid: number): Promise<number | null> {
    for (let tries = 0; tries < 5000; tries++) {
      const [row] = (await t.dataSource.query('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid])) as Array<{ pid: number }>;
      if (row) return row.pid;
    }
    return null;
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
      if (stepPid === null) throw new Error('the step did not come to wait for the deadline held');
      // The closure ends the report: it waits for the step.
      const closure = t.cases.applyEvent(caseId, { type: 'CONFIRM_CLOSURE' }, t.actor('oh.supervisor'), null).then(
        (v) => ({ ok: v.status }),
        (err: Error) => ({ failed: err.message }),
      );
      if ((await waitingFor(stepPid)) === null) throw new Error('the closure did not come to wait for the step');
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

  // The trigger locks the case in a statement of its own, even when it writes nothing: a deadline
  // opened later than the case's next one leaves the row as it is, but the transaction that ends
  // that next one must look again only once the other has committed.
  it("a deadline opened while another transaction ends the case's next one is what falls due next after both", async () => {
    const [next] = (await t.dataSource.query(`SELECT id, due_on FROM deadlines WHERE case_id = $1 AND status = 'open'`, [otherId])) as Array<{
      id: string;
      due_on: CompactDate;
    }>;
    const opened = { id: randomUUID(), dueOn: addCalendarDays(next.due_on, 10) };
    let waited: boolean | undefined;
    const opening = t.dataSource.createQueryRunner();
    const ending = t.dataSource.createQueryRunner();
    try {
      await opening.startTransaction();
      await ending.startTransaction();
      await opening.query(
        `INSERT INTO deadlines (id, case_id, activity_id, time_limit, rule_version, rule, limit_days, limit_unit, measure, responsible_side, responsible_state,
           assignee_id, started_by, transmitted_at, received_at, start_on, started_at, due_on, due_at, status, ended_at, ended_by, on_time, next_notice_at, created_at)
         SELECT $1, case_id, NULL, time_limit, rule_version, rule, limit_days, limit_unit, measure, responsible_side, responsible_state,
           assignee_id, started_by, transmitted_at, received_at, start_on, started_at, $2, due_at, 'open', NULL, NULL, NULL, NULL, created_at
         FROM deadlines WHERE id = $3`,
        [opened.id, opened.dueOn, next.id],
      );
      const [{ pid }] = (await opening.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
      const ended = ending.query(`UPDATE deadlines SET status = 'met' WHERE id = $1`, [next.id]);
      waited = (await waitingFor(pid)) !== null;
      await opening.commitTransaction();
      await ended;
      await ending.commitTransaction();
    } finally {
      for (const runner of [opening, ending]) {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
    }
    const [row] = (await t.dataSource.query('SELECT next_due_on, next_due_id FROM cases WHERE id = $1', [otherId])) as Array<Record<string, string>>;
    expect({ waited, row }).toEqual({ waited: true, row: { next_due_on: opened.dueOn, next_due_id: opened.id } });
  });
});
