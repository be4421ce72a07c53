import { CaseRepository, type CaseQuery } from '../src/cases/case.repository';
import { encodeCaseListCursor } from '../src/cases/case-cursor';
import { planOf } from './support/query-plans';
import { TestApp } from './support/test-app';
import { onPostgres } from './support/test-database';

/** A page of Ohio's list, the first by default, as GET /cases asks for it. */
const query = (more: Partial<CaseQuery>): CaseQuery => ({ state: 'OH', sort: 'updated', limit: 50, ...more });
const UPDATED_CURSOR = encodeCaseListCursor({ sort: 'updated', key: '2026-12-01T12:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' });
const WAITING_CURSOR = encodeCaseListCursor({ sort: 'waiting', key: '2026-12-01T12:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' });
const DUE_CURSOR = encodeCaseListCursor({ sort: 'due', key: '2026-12-20', id: '00000000-0000-4000-8000-000000000000' });

/**
 * What each statement of a variant must walk (one of the indexes listed for it). `ordered`: the index serves the list's order, so that
 * the walk stops at the page, whatever the number of cases (no sort of the state's cases); for all the statements, or each.
 */
interface Pinned {
  name: string;
  query: CaseQuery;
  indexes: string[][];
  ordered: boolean | boolean[];
}

/** A search's exact numbers: looked up in the indexes of the numbers in lower case. */
const EXACT_NUMBERS = ['idx_cases_case_number_lower|idx_cases_offender_id_lower'];

const VARIANTS: Pinned[] = [
  { name: 'the first page, either side', query: query({}), indexes: [['idx_cases_sending_updated'], ['idx_cases_receiving_updated']], ordered: true },
  { name: 'the sending side', query: query({ side: 'sending' }), indexes: [['idx_cases_sending_updated']], ordered: true },
  { name: 'the receiving side', query: query({ side: 'receiving' }), indexes: [['idx_cases_receiving_updated']], ordered: true },
  {
    name: 'a status, either side',
    query: query({ status: 'active' }),
    indexes: [['idx_cases_sending_status_updated'], ['idx_cases_receiving_status_updated']],
    ordered: true,
  },
  { name: 'a status, one side', query: query({ status: 'closed', side: 'receiving' }), indexes: [['idx_cases_receiving_status_updated']], ordered: true },
  {
    name: 'a later page, either side',
    query: query({ cursor: UPDATED_CURSOR }),
    indexes: [['idx_cases_sending_updated'], ['idx_cases_receiving_updated']],
    ordered: true,
  },
  {
    name: 'a later page of a status',
    query: query({ status: 'active', side: 'sending', cursor: UPDATED_CURSOR }),
    indexes: [['idx_cases_sending_status_updated']],
    ordered: true,
  },
  // The longest unchanged first: the same indexes, walked the other way.
  {
    name: 'the longest unchanged first, either side',
    query: query({ sort: 'waiting' }),
    indexes: [['idx_cases_sending_updated'], ['idx_cases_receiving_updated']],
    ordered: true,
  },
  {
    name: "a queue's oldest first: a status, one side, a later page",
    query: query({ sort: 'waiting', status: 'transfer_requested', side: 'receiving', cursor: WAITING_CURSOR }),
    indexes: [['idx_cases_receiving_status_updated']],
    ordered: true,
  },
  // By due date: the earliest open deadline's, which each case keeps in columns of its own (kept by the deadlines' triggers).
  { name: 'by due date, either side', query: query({ sort: 'due' }), indexes: [['idx_cases_sending_due'], ['idx_cases_receiving_due']], ordered: true },
  { name: 'by due date, the receiving side', query: query({ sort: 'due', side: 'receiving' }), indexes: [['idx_cases_receiving_due']], ordered: true },
  {
    name: 'by due date, a later page, either side',
    query: query({ sort: 'due', cursor: DUE_CURSOR }),
    indexes: [['idx_cases_sending_due'], ['idx_cases_receiving_due']],
    ordered: true,
  },
  {
    name: 'by due date, a status, either side',
    query: query({ sort: 'due', status: 'active' }),
    indexes: [['idx_cases_sending_status_due'], ['idx_cases_receiving_status_due']],
    ordered: true,
  },
  {
    name: 'by due date, a later page of a status',
    query: query({ sort: 'due', status: 'active', side: 'sending', cursor: DUE_CURSOR }),
    indexes: [['idx_cases_sending_status_due']],
    ordered: true,
  },
  // A search: the cases whose number is the search text, by the indexes of the numbers; then each
  // side walked in the list's order, each row tested, as far as its window; else the full-text index,
  // its matches sorted. On PostgreSQL, the matches are looked up in the GIN index first: a few are
  // fetched by primary key…
  {
    name: 'a search',
    query: query({ q: 'Smi' }),
    indexes: [
      EXACT_NUMBERS,
      ['idx_cases_sending_updated'],
      ['idx_cases_receiving_updated'],
      ...(onPostgres ? [['idx_case_search_document'], ['Index Scan using "PK_', 'Bitmap Index Scan on "PK_']] : [['case_search VIRTUAL TABLE']]),
    ],
    ordered: [false, true, true, false, false],
  },
  {
    name: 'a search of a status, a later page',
    query: query({ q: 'OH-2026', status: 'active', side: 'sending', cursor: UPDATED_CURSOR }),
    // …more (every Ohio case here) are joined as the planner likes: found in the GIN index, or the status index walked in order, each case looked up.
    indexes: [
      EXACT_NUMBERS,
      ['idx_cases_sending_status_updated'],
      ...(onPostgres ? [['idx_case_search_document'], ['idx_case_search_document', 'idx_cases_sending_status_updated']] : [['case_search VIRTUAL TABLE']]),
    ],
    ordered: [false, true, false, false],
  },
  {
    name: 'a search by due date, a later page among the exact numbers',
    query: query({
      q: 'OH-2026-F1',
      sort: 'due',
      cursor: encodeCaseListCursor({ sort: 'due', key: '2026-12-20', id: '00000000-0000-4000-8000-000000000000', exact: true }),
    }),
    indexes: [
      EXACT_NUMBERS,
      ['idx_cases_sending_due'],
      ['idx_cases_receiving_due'],
      ...(onPostgres ? [['idx_case_search_document'], ['Index Scan using "PK_', 'Bitmap Index Scan on "PK_']] : [['case_search VIRTUAL TABLE']]),
    ],
    ordered: [false, true, true, false, false],
  },
];

// The plans of the statements the case list runs, pinned: on SQLite, EXPLAIN QUERY PLAN as the
// planner sees the tables without statistics; on PostgreSQL, EXPLAIN with sequential scans priced
// out (and sorts, to show whether an index serves the order), as a handful of rows would make a
// sequential scan cheapest.
describe('the case list walks indexes, never the whole cases table', () => {
  let t: TestApp;
  let cases: CaseRepository;

  beforeAll(async () => {
    t = await TestApp.start();
    cases = t.app.get(CaseRepository);
    for (const [name, to] of [
      ['Ann Smith', 'TX'],
      ['José Núñez', 'CA'],
    ] as const) {
      const opened = await t.cases.open({ offenderName: name, sendingState: 'OH', receivingState: to }, t.actor('oh.field_officer'), null);
      await t.cases.applyEvent(opened.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.compact_office'), null);
    }
    await t.cases.open({ offenderName: 'Tex Smith', sendingState: 'TX', receivingState: 'OH' }, t.actor('tx.field_officer'), null);
    if (onPostgres) {
      // PostgreSQL plans by its statistics: a few thousand of Ohio's cases, none of them a Smith, and
      // ANALYZE, as on a database in use, so that a rare name is looked up in the full-text index.
      // The columns the app writes: what falls due next is the deadlines' triggers' to write.
      const columns = t.dataSource
        .getMetadata('cases')
        .columns.filter((c) => c.isInsert)
        .map((c) => c.databaseName);
      const made: Record<string, string> = {
        id: 'gen_random_uuid()::text',
        case_number: `'OH-2026-F' || g`,
        offender_name: `'Filler Person ' || g`,
        // The words the search reads of them, as CaseRepository.create keeps them (searchColumnsOf).
        search_name: `' filler person ' || g`,
        search_numbers: `' oh2026f' || g`,
      };
      const [template] = await t.query(`SELECT id FROM cases WHERE sending_state = 'OH' LIMIT 1`);
      await t.query(
        `INSERT INTO cases (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${columns.map((c) => made[c] ?? `"${c}"`).join(', ')} FROM cases, generate_series(1, 3000) g WHERE id = $1`,
        [template.id],
      );
      await t.query('ANALYZE cases');
      await t.query('ANALYZE case_search');
    }
  });
  afterAll(() => t.close());

  it.each(VARIANTS.map((v) => [v.name, v] as const))('%s', async (_, { query: q, indexes, ordered: orderedOf }) => {
    const statements = await cases.plannedStatements(q);
    expect(statements).toHaveLength(indexes.length);
    for (const [i, [sql, parameters]] of statements.entries()) {
      const ordered = Array.isArray(orderedOf) ? orderedOf[i] : orderedOf;
      const plan = await planOf(t.dataSource, [sql, parameters], ordered);
      // One of the indexes named, whichever the planner finds cheaper.
      expect({ indexes: indexes[i], plan }).toEqual({ indexes: indexes[i], plan: expect.stringMatching(indexes[i].join('|')) });
      if (onPostgres) {
        expect(plan).not.toMatch(/Seq Scan on cases\b/);
        // With sorts priced out, a Sort left in the plan is one no index can spare.
        if (ordered) expect(plan.split(/^\s*SubPlan/m)[0]).not.toMatch(/^\s*(->\s*)?Sort\b/m);
      } else {
        expect(plan).not.toMatch(/^\s*SCAN (c|d)\b/m);
        if (ordered) expect(plan).not.toMatch(/^USE TEMP B-TREE FOR ORDER BY/m);
      }
    }
  });

  it('finds nothing, and asks nothing of the database, for a search without a word', async () => {
    expect(await cases.plannedStatements(query({ q: '"*" - :' }))).toEqual([]);
  });
});
