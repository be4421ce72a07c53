import { randomUUID } from 'node:crypto';
import { quartersOf } from '../machines';
import { DeadlineRepository, type ComplianceDeadlinesQuery, type WorkloadFilter } from '../src/deadlines/deadline.repository';
import { DeadlineTallyRepository } from '../src/deadlines/deadline-tally.repository';
import { ReopenRequestRepository, type ReopenRequestQuery } from '../src/reopen-requests/reopen-request.repository';
import { CaseActivityRepository, type ActivityListQuery } from '../src/activities/case-activity.repository';
import { kindsInStatusOf } from '../machines';
import { encodeCaseCursor } from '../src/cases/case-cursor';
import { planOf } from './support/query-plans';
import { TestApp } from './support/test-app';
import { onPostgres } from './support/test-database';

const NOW = new Date('2026-12-02T15:00:00Z');
const AFTER = { key: new Date('2026-12-20T05:00:00Z'), id: '00000000-0000-4000-8000-000000000000' };
const workload = (more: Partial<WorkloadFilter>, after: typeof AFTER | null = null) => ({ workload: { state: 'OH', ...more }, after });
const compliance = (more: Partial<ComplianceDeadlinesQuery>) => ({
  compliance: { measure: 'transfer_reply', from: '2026-01-01', to: '2026-12-31', today: '2026-12-02', state: 'OH', after: null, limit: 20, ...more } as const,
});

const OPEN_DEADLINE_INDEXES = ['idx_deadlines_state_open', 'idx_deadlines_state_assignee_open', 'idx_deadlines_state_limit_open'];
const countedIn = (index: string) => (onPostgres ? OPEN_DEADLINE_INDEXES : [index]);

/** What a statement must walk (one of the indexes listed), and whether the index serves its order (the walk stops at the page). */
interface Pinned {
  name: string;
  list: Parameters<DeadlineRepository['plannedStatements']>[0];
  /** For each statement, the indexes one of which it walks. */
  indexes: string[][];
  ordered: boolean;
}

const VARIANTS: Pinned[] = [
  { name: "a state's workload", list: workload({}), indexes: [['idx_deadlines_state_open']], ordered: true },
  { name: "a state's workload, a later page", list: workload({}, AFTER), indexes: [['idx_deadlines_state_open']], ordered: true },
  { name: "one user's workload", list: workload({ assigneeId: randomUUID() }), indexes: [['idx_deadlines_state_assignee_open']], ordered: true },
  {
    name: "one user's workload, a later page",
    list: workload({ assigneeId: randomUUID() }, AFTER),
    indexes: [['idx_deadlines_state_assignee_open']],
    ordered: true,
  },
  {
    name: "one user's workload, past due",
    list: workload({ assigneeId: randomUUID(), due: { before: NOW } }),
    indexes: [['idx_deadlines_state_assignee_open']],
    ordered: true,
  },
  // PostgreSQL weighs the unassigned share of the state's open deadlines by its statistics: either walk is in due order.
  {
    name: "nobody's yet",
    list: workload({ assigneeId: null }),
    indexes: [onPostgres ? ['idx_deadlines_state_assignee_open', 'idx_deadlines_state_open'] : ['idx_deadlines_state_assignee_open']],
    ordered: true,
  },
  { name: 'past due', list: workload({ due: { before: NOW } }), indexes: [['idx_deadlines_state_open']], ordered: true },
  { name: 'not yet due, a later page', list: workload({ due: { from: NOW } }, AFTER), indexes: [['idx_deadlines_state_open']], ordered: true },
  { name: 'one time limit', list: workload({ limits: ['TREP'] }), indexes: [['idx_deadlines_state_limit_open']], ordered: true },
  // A rule that sets two limits: a walk of each, merged.
  {
    name: 'a rule of two time limits',
    list: workload({ limits: ['RI-LIVING', 'TREQ-AFTER-RI'] }),
    indexes: [['idx_deadlines_state_limit_open'], ['idx_deadlines_state_limit_open']],
    ordered: true,
  },
  // My work counts each part of a workload in an index of the state's open deadlines (on SQLite, the
  // one its page walks), without reading a row; PostgreSQL may count the empty test table in any of them.
  {
    name: 'how many are past due',
    list: { workloadCount: { state: 'OH', due: { before: NOW } } },
    indexes: [countedIn('idx_deadlines_state_open')],
    ordered: false,
  },
  {
    name: 'how many fall due in a stretch of days',
    list: { workloadCount: { state: 'OH', due: { from: NOW, before: AFTER.key } } },
    indexes: [countedIn('idx_deadlines_state_open')],
    ordered: false,
  },
  {
    name: "how many are one user's",
    list: { workloadCount: { state: 'OH', assigneeId: randomUUID() } },
    indexes: [countedIn('idx_deadlines_state_assignee_open')],
    ordered: false,
  },
  { name: 'the deadlines behind a count', list: compliance({}), indexes: [['idx_deadlines_state_measure_due']], ordered: true },
  {
    name: 'the deadlines behind a count, a later page',
    list: compliance({ after: { dueOn: '2026-06-30', id: AFTER.id } }),
    indexes: [['idx_deadlines_state_measure_due']],
    ordered: true,
  },
  // An outcome is the deadline's as of today: the walk reads each row of the measure and keeps those of the outcome.
  {
    name: 'the deadlines behind a count, of one outcome',
    list: compliance({ outcome: 'late' }),
    indexes: [['idx_deadlines_state_measure_due']],
    ordered: true,
  },
];

// As test/case-list-plans.e2e-spec.ts: on SQLite, EXPLAIN QUERY PLAN as the planner sees the tables
// without statistics; on PostgreSQL, EXPLAIN with sequential scans priced out (and sorts, where an
// index must serve the order).
describe('the work lists walk indexes, never a whole table: workloads, compliance, the reopen queue, the activities', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it.each(VARIANTS.map((v) => [v.name, v] as const))('%s', async (_, { list, indexes, ordered }) => {
    const statements = t.app.get(DeadlineRepository).plannedStatements(list);
    expect(statements).toHaveLength(indexes.length);
    for (const [i, statement] of statements.entries()) {
      const plan = await planOf(t.dataSource, statement, ordered);
      expect({ indexes: indexes[i], plan }).toEqual({ indexes: indexes[i], plan: expect.stringMatching(indexes[i].join('|')) });
      if (onPostgres) {
        expect(plan).not.toMatch(/Seq Scan on deadlines\b/);
        // With sorts priced out, a Sort left in the plan is one no index can spare.
        if (ordered) expect(plan).not.toMatch(/^\s*(->\s*)?Sort\b/m);
      } else {
        expect(plan).not.toMatch(/^\s*SCAN d\b/m);
        if (ordered) expect(plan).not.toMatch(/USE TEMP B-TREE/m);
      }
    }
  });

  const queue = (more: Partial<ReopenRequestQuery>): ReopenRequestQuery => ({ state: 'OH', receivingOnly: false, limit: 50, ...more });
  const QUEUE_CURSOR = encodeCaseCursor({ createdAt: '2026-12-01T12:00:00.000Z', id: AFTER.id });
  it.each([
    { name: "the compact office's queue", query: queue({ receivingOnly: true, status: 'pending' }), indexes: ['idx_reopen_requests_receiving_status_created'] },
    {
      name: "the compact office's queue, a later page",
      query: queue({ receivingOnly: true, status: 'pending', cursor: QUEUE_CURSOR }),
      indexes: ['idx_reopen_requests_receiving_status_created'],
    },
    { name: "a state's requests, either side", query: queue({}), indexes: ['idx_reopen_requests_sending_created', 'idx_reopen_requests_receiving_created'] },
    {
      name: "a state's requests of a status, either side",
      query: queue({ status: 'approved' }),
      indexes: ['idx_reopen_requests_sending_status_created', 'idx_reopen_requests_receiving_status_created'],
    },
  ])('reopen requests: $name', async ({ query, indexes }) => {
    const statements = t.app.get(ReopenRequestRepository).plannedStatements(query);
    expect(statements).toHaveLength(indexes.length);
    for (const [i, statement] of statements.entries()) {
      const plan = await planOf(t.dataSource, statement, true);
      expect({ index: indexes[i], plan }).toEqual({ index: indexes[i], plan: expect.stringContaining(indexes[i]) });
      if (onPostgres) expect(plan).not.toMatch(/Seq Scan|^\s*(->\s*)?Sort\b/m);
      else expect(plan).not.toMatch(/^\s*SCAN r\b|USE TEMP B-TREE/m);
    }
  });

  const activities = (more: Partial<ActivityListQuery>): ActivityListQuery => ({ state: 'OH', of: null, order: 'DESC', after: null, limit: 50, ...more });
  const LATER_PAGE = { updatedAt: new Date('2026-12-01T12:00:00Z'), id: AFTER.id };
  const BY_KIND = ['idx_case_activities_sending_kind_status_updated', 'idx_case_activities_receiving_kind_status_updated'];
  it.each([
    { name: 'every activity of a state', query: activities({}), indexes: ['idx_case_activities_sending_updated', 'idx_case_activities_receiving_updated'] },
    {
      name: 'the longest unchanged first, a later page',
      query: activities({ order: 'ASC', after: LATER_PAGE }),
      indexes: ['idx_case_activities_sending_updated', 'idx_case_activities_receiving_updated'],
    },
    { name: 'of the cases it receives', query: activities({ side: 'receiving' }), indexes: ['idx_case_activities_receiving_updated'] },
    { name: 'issued warrants', query: activities({ of: kindsInStatusOf({ kind: 'warrant', status: 'issued' }) }), indexes: BY_KIND },
    {
      name: 'issued warrants, a later page',
      query: activities({ of: kindsInStatusOf({ kind: 'warrant', status: 'issued' }), after: LATER_PAGE }),
      indexes: BY_KIND,
    },
    // The open action requests have an index of their own too, by who sent them: not the one for the list's order.
    { name: 'open action requests', query: activities({ of: kindsInStatusOf({ kind: 'action_request', status: 'open' }) }), indexes: BY_KIND },
    // A kind still open is a walk of each of its open statuses on each side: issued and in custody.
    { name: 'open warrants', query: activities({ of: kindsInStatusOf({ kind: 'warrant', open: true }) }), indexes: [...BY_KIND, ...BY_KIND].sort() },
  ])('activities: $name', async ({ query, indexes }) => {
    const statements = t.app.get(CaseActivityRepository).plannedStatements(query);
    expect(statements).toHaveLength(indexes.length);
    const plans = await Promise.all(statements.map((statement) => planOf(t.dataSource, statement, true)));
    const walked = plans.map((plan) => indexes.find((index) => plan.includes(index)) ?? plan).sort();
    expect(walked).toEqual([...indexes].sort());
    for (const plan of plans) {
      if (onPostgres) expect(plan).not.toMatch(/Seq Scan|^\s*(->\s*)?Sort\b/m);
      // The receiving side looks at each case's row by its key; no side walks a whole table.
      else expect(plan).not.toMatch(/^\s*SCAN (a|c)\b|USE TEMP B-TREE/m);
    }
  });

  it.each([
    ['sending', 'idx_case_activities_open_requests_sending'],
    ['receiving', 'idx_case_activities_open_requests_receiving'],
  ] as const)('the open action requests addressed to a state on the %s side of its cases: %s, in its order', async (side, index) => {
    const plan = await planOf(t.dataSource, t.app.get(CaseActivityRepository).openRequestsStatement('OH', side), true);
    expect(plan).toContain(index);
    if (onPostgres) expect(plan).not.toMatch(/Seq Scan|^\s*(->\s*)?Sort\b/m);
    else expect(plan).not.toMatch(/^\s*SCAN a\b|USE TEMP B-TREE/m);
  });

  it('counts a report from ranges of the tallies by month and by day, never the deadlines', async () => {
    // From the 15th: its first half-month by day, its whole months but today's (December) by month, December by day.
    const statement = t.app
      .get(DeadlineTallyRepository)
      .talliesStatement({ periods: quartersOf('2026-01-15', '2026-12-31'), state: 'OH', today: '2026-12-02' });
    const plan = await planOf(t.dataSource, statement, false);
    const searches = plan.split('\n').filter((line) => /deadline_(month_)?tallies/.test(line));
    expect(searches).toEqual(
      onPostgres
        ? [expect.stringMatching(/deadline_month_tallies_pkey/), expect.stringMatching(/deadline_tallies_pkey/), expect.stringMatching(/deadline_tallies_pkey/)]
        : [
            expect.stringMatching(/SEARCH deadline_month_tallies USING PRIMARY KEY \(state=\? AND month>\? AND month<\?\)/),
            expect.stringMatching(/SEARCH deadline_tallies USING PRIMARY KEY \(state=\? AND due_on>\? AND due_on<\?\)/),
            expect.stringMatching(/SEARCH deadline_tallies USING PRIMARY KEY \(state=\? AND due_on>\? AND due_on<\?\)/),
          ],
    );
    expect(plan).not.toMatch(/deadlines\b(?!_)/);
  });
});
