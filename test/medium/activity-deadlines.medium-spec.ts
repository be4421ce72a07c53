import { randomUUID } from 'node:crypto';
import type { SupervisionCase } from '../../src/cases/case.entity';
import { CasesService } from '../../src/cases/cases.service';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { ActivityDeadlineSteps, type ActivityDeadlineStep } from '../../src/deadlines/activity-deadlines';
import { onPostgres } from '../support/test-database';
import { MediumApp } from './support/medium-app';

/** A deadline row as the database holds it, by the columns that say whose it is and how it stands. */
interface Row {
  activity_id: string | null;
  time_limit: string;
  status: string;
  on_time: boolean | number | null;
  responsible_state: string;
  due_on: string;
}

/**
 * The deadlines of a case's supervision activities, written and ended by the activities' steps in
 * their own transactions, each activity's apart from the others' and from the case's own.
 */
describe(`the deadlines of supervision activities (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let m: MediumApp;
  let steps: ActivityDeadlineSteps;
  let caseId: string;
  let officerId: string;
  const violation = randomUUID();
  const otherViolation = randomUUID();
  const warrant = randomUUID();
  const report = randomUUID();
  const otherReport = randomUUID();

  beforeAll(async () => {
    m = await MediumApp.start();
    steps = m.get(ActivityDeadlineSteps);
    m.time.to('2026-11-25T15:00:00Z');
    const officer = await m.actor('oh.field_officer');
    officerId = officer.id;
    const opened = await m.get(CasesService).open({ offenderName: 'Sam Example', sendingState: 'OH', receivingState: 'TX' }, officer, null);
    caseId = opened.id;
    // The case's own transfer reply, which no activity's step may touch.
    await m.get(CasesService).applyEvent(caseId, { type: 'SUBMIT_TRANSFER_REQUEST' }, await m.actor('oh.compact_office'), null);
  });
  afterAll(() => m.close());

  const theCase = async (): Promise<SupervisionCase> => (await m.get(CasesService).findMany([caseId]))[0];
  const follow = async (step: Partial<ActivityDeadlineStep> & Pick<ActivityDeadlineStep, 'activityId' | 'step' | 'at'>) => {
    const c = await theCase();
    await m.get(UnitOfWork).run((tx) => steps.follow(tx, c, { linkedActivityId: null, activityStartedAt: step.at, givenDate: null, response: null, ...step }));
  };
  const rows = async (): Promise<Row[]> =>
    m.query<Row[]>(
      'SELECT activity_id, time_limit, status, on_time, responsible_state, due_on FROM deadlines WHERE case_id = ? ORDER BY started_at, created_at',
      [caseId],
    );
  const of = async (activityId: string | null) =>
    (await rows()).filter((r) => r.activity_id === activityId).map((r) => [r.time_limit, r.status, r.on_time === null ? null : Boolean(r.on_time)]);

  it("a violation report writes its activity's rows: its own limit met at once, the response open for the sending state", async () => {
    await follow({ activityId: violation, step: 'violation_report:REPORT', at: new Date('2026-11-25T16:00:00Z'), givenDate: '2026-11-10' });
    expect(await of(violation)).toEqual([
      ['OVR', 'met', true],
      ['RVR', 'open', null],
    ]);
    const [rvr] = (await rows()).filter((r) => r.time_limit === 'RVR');
    expect([rvr.responsible_state, rvr.due_on]).toEqual(['OH', '2026-12-10']);
    expect(await of(null)).toEqual([['TREP', 'open', null]]);
  });

  it('a step that fails after it rolls back the rows it wrote', async () => {
    const c = await theCase();
    const failing = m.get(UnitOfWork).run(async (tx) => {
      await steps.follow(tx, c, {
        activityId: report,
        linkedActivityId: null,
        step: 'progress_report:REQUEST',
        at: new Date('2026-11-25T17:00:00Z'),
        activityStartedAt: new Date('2026-11-25T17:00:00Z'),
        givenDate: null,
        response: null,
      });
      throw new Error('the activity could not be written');
    });
    await expect(failing).rejects.toThrow('the activity could not be written');
    expect(await of(report)).toEqual([]);
  });

  it("an activity's step meets its own activity's deadline and not another's", async () => {
    await follow({ activityId: report, step: 'progress_report:REQUEST', at: new Date('2026-11-25T17:00:00Z') });
    await follow({ activityId: otherReport, step: 'progress_report:REQUEST', at: new Date('2026-11-26T17:00:00Z') });
    await follow({ activityId: otherReport, step: 'progress_report:SUBMIT_REPORT', at: new Date('2026-12-01T17:00:00Z') });
    expect(await of(report)).toEqual([['PR', 'open', null]]);
    expect(await of(otherReport)).toEqual([['PR', 'met', true]]);
    // Another violation report's response meets nothing of the first.
    await follow({ activityId: otherViolation, step: 'violation_report:RESPOND', at: new Date('2026-12-01T17:00:00Z'), response: 'warrant_issued' });
    expect(await of(violation)).toEqual([
      ['OVR', 'met', true],
      ['RVR', 'open', null],
    ]);
  });

  it('a response that issues a warrant starts the warrant limit on the report, and the warrant linked to it meets it', async () => {
    await follow({
      activityId: violation,
      step: 'violation_report:RESPOND',
      at: new Date('2026-12-02T15:00:00Z'),
      activityStartedAt: new Date('2026-11-25T16:00:00Z'),
      response: 'warrant_issued',
    });
    expect(await of(violation)).toEqual([
      ['OVR', 'met', true],
      ['RVR', 'met', true],
      ['WARRANT', 'open', null],
    ]);
    await follow({ activityId: warrant, linkedActivityId: violation, step: 'warrant:ISSUE', at: new Date('2026-12-03T15:00:00Z') });
    expect((await of(violation)).find(([limit]) => limit === 'WARRANT')).toEqual(['WARRANT', 'met', true]);
    await follow({ activityId: warrant, step: 'warrant:REPORT_CUSTODY', at: new Date('2026-12-08T15:00:00Z'), givenDate: '2026-12-07' });
    expect(await of(warrant)).toEqual([['RETAKE', 'open', null]]);
    await follow({ activityId: warrant, step: 'warrant:WITHDRAW_WARRANT', at: new Date('2026-12-09T15:00:00Z') });
    expect(await of(warrant)).toEqual([['RETAKE', 'cancelled', false]]);
  });

  it("lists each activity's deadlines, and the case's answer lists them all with their activity", async () => {
    const byActivity = await steps.deadlinesOfActivities([violation, warrant, randomUUID()], null);
    expect([...byActivity.values()].map((ds) => ds.map((d) => [d.limit, d.activityId]))).toEqual([
      [
        ['OVR', violation],
        ['RVR', violation],
        ['WARRANT', violation],
      ],
      [['RETAKE', warrant]],
      [],
    ]);
    const [one] = (await steps.deadlinesOfActivities([warrant], null)).get(warrant)!;
    expect(one).toMatchObject({ limit: 'RETAKE', rule: '5.105(c)', responsibleState: 'OH', assigneeId: officerId, dueOn: '2027-01-06', status: 'cancelled' });
    const shown = await m.get(CasesService).get(caseId, await m.actor('oh.compact_office'), null);
    expect(shown.deadlines.map((d) => [d.limit, d.activityId])).toEqual((await rows()).map((r) => [r.time_limit, r.activity_id]));
  });

  it('a case event leaves the activities alone: a withdrawal ends the transfer reply only', async () => {
    await m.get(CasesService).applyEvent(caseId, { type: 'WITHDRAW', reason: 'moved on' }, await m.actor('oh.compact_office'), null);
    expect(await of(null)).toEqual([['TREP', 'cancelled', false]]);
    expect(await of(report)).toEqual([['PR', 'open', null]]);
  });
});
