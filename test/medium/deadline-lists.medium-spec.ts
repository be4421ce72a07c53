import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  addCalendarDays,
  DEADLINE_RULES,
  complianceOutcomeOf,
  endOfCompactDay,
  startOfCompactDay,
  type CompactDate,
  type ComplianceOutcome,
  type DeadlineStatus,
  type Measure,
  type TimeLimit,
} from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { ComplianceReports } from '../../src/deadlines/compliance-report';
import { ComplianceTallyFolds } from '../../src/deadlines/compliance-tally-folds';
import { Deadline } from '../../src/deadlines/deadline.entity';
import { DeadlineRepository } from '../../src/deadlines/deadline.repository';
import { DeadlineTallyRepository } from '../../src/deadlines/deadline-tally.repository';
import { Workloads } from '../../src/deadlines/workloads';
import { ComplianceTallies1796020000000 as PostgresComplianceTallies } from '../../src/database/migrations/postgres/1796020000000-ComplianceTallies';
import { ComplianceTallies1796020000000 as SqliteComplianceTallies } from '../../src/database/migrations/sqlite/1796020000000-ComplianceTallies';
import { MediumApp } from './support/medium-app';
import { seeded } from './support/seeded';
import { deadlineRow } from '../support/deadline-rows';

const STATES: readonly StateCode[] = ['OH', 'TX', 'CA'];
const LIMITS: ReadonlyArray<{ limit: TimeLimit; measure: Measure | null }> = [
  { limit: 'TREP', measure: 'transfer_reply' },
  { limit: 'CCN', measure: 'case_closure' },
  { limit: 'CCN-REPLY', measure: 'case_closure_reply' },
  { limit: 'ACC-EXP', measure: null },
  // Rule 3.103 sets two limits: its workload is a walk of each, merged.
  { limit: 'RI-LIVING', measure: null },
  { limit: 'TREQ-AFTER-RI', measure: null },
];
const STATUSES: readonly DeadlineStatus[] = ['open', 'open', 'met', 'met', 'missed', 'cancelled'];
const ROWS = 400;
const TODAY: CompactDate = '2026-12-02';
const NOW = '2026-12-02T15:00:00Z';
const RANGE = { from: '2026-07-01', to: '2027-03-31' };
/**
 * The report reads a range's whole months by month, but for today's, and the rest by day: ranges of
 * whole months, of parts of months at either end, within one month, and from today.
 */
/** Days at the ends of the ranges' months and on either side of them, each due for several rows. */
const EDGES: readonly CompactDate[] = [
  '2026-06-19',
  '2026-06-20',
  '2026-06-30',
  '2026-07-01',
  '2026-11-30',
  '2026-12-01',
  '2026-12-03',
  '2026-12-20',
  '2026-12-21',
  '2026-12-31',
  '2027-01-01',
  '2027-01-31',
  '2027-02-01',
  '2027-02-14',
  '2027-02-15',
  '2027-03-31',
  '2027-04-01',
];
const RANGES = [RANGE, { from: '2026-06-20', to: '2027-02-14' }, { from: '2026-12-03', to: '2026-12-20' }, { from: '2026-12-02', to: '2027-01-31' }];

/**
 * The compliance counts and the workload pages, worked out by the database, against their meaning
 * worked out in memory over the same rows: every state, every outcome, every filter and page.
 */
describe('the lists of deadlines, against their meaning', () => {
  let m: MediumApp;
  let rows: Deadline[];
  const assignees = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    m = await MediumApp.start();
    m.time.to(NOW);
    const random = seeded(14);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    rows = Array.from({ length: ROWS }, (_, i) => {
      const { limit, measure } = pick(LIMITS);
      const status = pick(STATUSES);
      // Due dates from June 2026 to April 2027, many of them shared, so that the pages break ties by id; some today, the last day still open; some at the ends of the ranges.
      const dueOn = i % 20 === 0 ? TODAY : i % 4 === 1 ? EDGES[(i >> 2) % EDGES.length] : addCalendarDays('2026-06-20', Math.floor(random() * 300));
      return deadlineRow({
        id: randomUUID(),
        caseId: randomUUID(),
        dueOn,
        status,
        limit,
        ruleVersion: `${limit}@2000-01-01`,
        measure,
        responsibleState: pick(STATES),
        assigneeId: pick([...assignees, null]),
        endedAt: status === 'open' ? null : endOfCompactDay(dueOn),
        onTime: status === 'met' ? random() < 0.6 : status === 'open' ? null : false,
        createdAt: new Date(NOW),
      });
    });
    await m.get(UnitOfWork).run((tx) => m.get(DeadlineRepository).insert(tx, rows));
  });
  afterAll(() => m.close());

  /** Every state's report against the rows as `rows` holds them now: the number of deadlines compared. */
  async function expectCountsOfRows(): Promise<number> {
    const expected = (state: StateCode | null, measure: Measure, from: CompactDate, to: CompactDate) => {
      const counts: Record<ComplianceOutcome, number> = { on_time: 0, late: 0, open: 0, cancelled: 0 };
      for (const d of rows) {
        if (d.measure !== measure || d.dueOn < from || d.dueOn > to || (state && d.responsibleState !== state)) continue;
        counts[complianceOutcomeOf(d, TODAY)]++;
      }
      return { onTime: counts.on_time, late: counts.late, open: counts.open, cancelled: counts.cancelled };
    };
    let counted = 0;
    for (const [state, range] of STATES.flatMap((s) => RANGES.map((r) => [s, r] as const))) {
      const report = await m.get(ComplianceReports).reportOf(state, range);
      if (range === RANGE) expect(report.periods.map((p) => p.label)).toEqual(['2026 Q3', '2026 Q4', '2027 Q1']);
      for (const period of [...report.periods, report.overall]) {
        for (const measure of period.measures.filter((x) => x.tracked)) {
          const { onTime, late, open, cancelled } = measure.state;
          const where = { state, range, period: period.label, measure: measure.measure };
          expect({ ...where, onTime, late, open, cancelled }).toEqual({ ...where, ...expected(state, measure.measure, period.from, period.to) });
          const n = measure.national;
          expect({ ...where, national: [n.onTime, n.late, n.open, n.cancelled] }).toEqual({
            ...where,
            national: Object.values(expected(null, measure.measure, period.from, period.to)),
          });
          counted += onTime + late + open + cancelled;
        }
      }
    }
    return counted;
  }

  it('counts each measure, quarter and state as the rows say, the nation pooled, before and after a fold', async () => {
    expect(await expectCountsOfRows()).toBeGreaterThan(0);
    expect(await m.get(ComplianceTallyFolds).fold()).toBeGreaterThan(0);
    expect(await expectCountsOfRows()).toBeGreaterThan(0);
    // Nothing left to fold: a second fold moves nothing and changes no count.
    expect(await m.get(ComplianceTallyFolds).fold()).toBe(0);
    expect(await expectCountsOfRows()).toBeGreaterThan(0);
  });

  it('keeps the counts as deadlines end, move, change hands or measure, and go, folded or not', async () => {
    const random = seeded(41);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const repository = m.get(DataSource).getRepository(Deadline);
    const moved = (dueOn: CompactDate) => ({ dueOn, dueAt: endOfCompactDay(dueOn) });
    for (let round = 0; round < 6; round++) {
      for (let k = 0; k < 25; k++) {
        const i = Math.floor(random() * rows.length);
        const d = rows[i];
        const change = pick(['end', 'end', 'move', 'state', 'measure', 'delete'] as const);
        if (change === 'delete') {
          await repository.delete({ id: d.id });
          rows.splice(i, 1);
          continue;
        }
        const fields: Partial<Deadline> =
          change === 'end'
            ? pick([
                { status: 'met', onTime: true },
                { status: 'met', onTime: false },
                { status: 'missed', onTime: false },
                { status: 'cancelled', onTime: null },
                { status: 'open', onTime: null },
              ] as const)
            : change === 'move'
              ? moved(addCalendarDays(d.dueOn, Math.floor(random() * 120) - 60))
              : change === 'state'
                ? { responsibleState: pick(STATES) }
                : { measure: pick(LIMITS).measure };
        await repository.update({ id: d.id }, fields);
        Object.assign(d, fields);
      }
      // Counted right with the changes not folded yet, and again once they are.
      expect(await expectCountsOfRows()).toBeGreaterThan(0);
      if (round % 2 === 1) {
        expect(await m.get(ComplianceTallyFolds).fold()).toBeGreaterThan(0);
        expect(await expectCountsOfRows()).toBeGreaterThan(0);
      }
    }
  });

  it('moves each change once when two folds run at once (two instances; one at a time on PostgreSQL)', async () => {
    const open = rows.filter((d) => d.status === 'open' && d.measure !== null).slice(0, 3);
    expect(open.length).toBe(3);
    for (const d of open) {
      await m.dataSource.getRepository(Deadline).update({ id: d.id }, { status: 'cancelled' });
      d.status = 'cancelled';
    }
    const fold = () => m.get(UnitOfWork).run((tx) => m.get(DeadlineTallyRepository).fold(tx));
    const moved = await Promise.all([fold(), fold()]);
    // Each cancel is a deadline less under open and one more under cancelled.
    expect(moved[0] + moved[1]).toBe(6);
    expect(await expectCountsOfRows()).toBeGreaterThan(0);
  });

  it('is backfilled from the deadlines by its migration coming back up, its triggers with it', async () => {
    const migration = m.dataSource.options.type === 'postgres' ? new PostgresComplianceTallies() : new SqliteComplianceTallies();
    const runner = m.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      expect(await runner.hasTable('deadline_tallies')).toBe(false);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    // Everything is in the tallies: nothing is left to fold, and the counts are the rows'.
    expect(await m.get(ComplianceTallyFolds).fold()).toBe(0);
    expect(await expectCountsOfRows()).toBeGreaterThan(0);
    const open = rows.find((d) => d.status === 'open' && d.measure !== null)!;
    await m.dataSource.getRepository(Deadline).update({ id: open.id }, { status: 'met', onTime: true });
    Object.assign(open, { status: 'met', onTime: true });
    expect(await m.get(ComplianceTallyFolds).fold()).toBe(2);
    expect(await expectCountsOfRows()).toBeGreaterThan(0);
  });

  it('pages every workload filter in due order, showing each open deadline of the state once', async () => {
    const filters = [
      {},
      { overdue: true },
      { overdue: false },
      { assignee: assignees[0] },
      { assignee: 'none' },
      { rule: 'TREP' },
      { rule: 'CCN', overdue: false },
      { rule: '3.103' },
      { rule: '3.103', assignee: 'none' },
    ];
    let walked = 0;
    for (const state of STATES) {
      const actor = await m.actor(`${state.toLowerCase()}.compact_office`);
      for (const filter of filters) {
        const meant = rows
          .filter((d) => d.status === 'open' && d.responsibleState === state)
          .filter((d) => !('overdue' in filter) || d.dueAt < new Date(NOW) === filter.overdue)
          .filter((d) => !('assignee' in filter) || d.assigneeId === (filter.assignee === 'none' ? null : filter.assignee))
          .filter((d) => !('rule' in filter) || DEADLINE_RULES.some((r) => r.limit === d.limit && (r.limit === filter.rule || r.rule === filter.rule)))
          .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1))
          .map((d) => d.id);
        const listed: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await m.get(Workloads).page({ ...filter, limit: 7, cursor }, actor, null);
          listed.push(...page.items.map((i) => i.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect({ state, filter, listed }).toEqual({ state, filter, listed: meant });
        walked += listed.length;
      }
    }
    expect(walked).toBeGreaterThan(0);
  });
  it('gives each part of My work its first deadlines and how many it holds: past due, due today, this week, waiting for the user', async () => {
    const now = new Date(NOW);
    const tomorrow = startOfCompactDay(addCalendarDays(TODAY, 1));
    const afterTheWeek = startOfCompactDay(addCalendarDays(TODAY, 8));
    // Some of each state's open deadlines become its field officer's and its compact office user's own.
    const own = new Map<string, string>();
    for (const state of STATES) {
      for (const role of ['field_officer', 'compact_office'] as const) {
        const actor = await m.actor(`${state.toLowerCase()}.${role}`);
        const theirs = rows.filter((d) => d.status === 'open' && d.responsibleState === state && !own.has(d.id)).filter((_d, i) => i % 3 === 0);
        for (const d of theirs) {
          own.set(d.id, actor.id);
          d.assigneeId = actor.id;
        }
        await m.dataSource.getRepository(Deadline).update(
          theirs.map((d) => d.id),
          { assigneeId: actor.id },
        );
      }
    }
    const LIMIT = 4;
    let shown = 0;
    let capped = 0;
    for (const state of STATES) {
      for (const role of ['field_officer', 'supervisor', 'compact_office'] as const) {
        const actor = await m.actor(`${state.toLowerCase()}.${role}`);
        const workload = rows
          .filter((d) => d.status === 'open' && d.responsibleState === state)
          .filter((d) => role !== 'field_officer' || d.assigneeId === actor.id)
          .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1));
        const mine = role === 'compact_office' ? [actor.id, null] : [actor.id];
        const parts = [
          { name: 'past due', part: { due: { before: now } }, meant: workload.filter((d) => d.dueAt < now) },
          { name: 'due today', part: { due: { from: now, before: tomorrow } }, meant: workload.filter((d) => d.dueAt >= now && d.dueOn === TODAY) },
          {
            name: 'due this week',
            part: { due: { from: tomorrow, before: afterTheWeek } },
            meant: workload.filter((d) => d.dueOn > TODAY && d.dueOn <= addCalendarDays(TODAY, 7)),
          },
          { name: 'waiting', part: { assignees: mine }, meant: workload.filter((d) => mine.includes(d.assigneeId)) },
        ];
        for (const { name, part, meant } of parts) {
          const { items, total, more } = await m.get(Workloads).soonestDue(actor, part, LIMIT);
          const where = { state, role, name };
          expect({ ...where, ids: items.map((i) => i.id), total, more }).toEqual({
            ...where,
            ids: meant.slice(0, LIMIT).map((d) => d.id),
            total: meant.length,
            more: false,
          });
          // Counted up to a number, a part says there are more beyond it.
          const counted = await m.get(Workloads).soonestDue(actor, part, LIMIT, 3);
          expect({ ...where, total: counted.total, more: counted.more }).toEqual({ ...where, total: Math.min(meant.length, 3), more: meant.length > 3 });
          capped += counted.more ? 1 : 0;
          shown += items.length;
        }
      }
    }
    expect(shown).toBeGreaterThan(0);
    expect(capped).toBeGreaterThan(0);
    // Some part holds more than it shows, so that the count is of all of it, not of the lines.
    const office = await m.actor('tx.compact_office');
    expect((await m.get(Workloads).soonestDue(office, {}, LIMIT)).total).toBeGreaterThan(LIMIT);
  });
});
