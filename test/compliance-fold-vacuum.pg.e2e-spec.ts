import { ComplianceTallyFolds } from '../src/deadlines/compliance-tally-folds';
import { TestApp } from './support/test-app';

/**
 * PostgreSQL keeps the rows a fold deletes from deadline_tally_changes until a vacuum, and every
 * compliance report's scan of the changes not yet folded reads them. SQLite reuses the pages at once.
 */
describe('the compliance changes once folded (PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  /** Changes that leave every count as it was: each +1 has its -1. */
  const appendChanges = (n: number) =>
    t.query(
      `INSERT INTO deadline_tally_changes (state, measure, due_on, ending, delta)
       SELECT 'TX', 'transfer_reply', '2026-06-01', 'on_time', CASE WHEN g % 2 = 0 THEN 1 ELSE -1 END FROM generate_series(1, $1::int) g`,
      [n],
    );
  const tableBytes = async () => Number(((await t.query(`SELECT pg_relation_size('deadline_tally_changes') AS n`)) as Array<{ n: string }>)[0].n);

  it('are vacuumed away after a large fold, so that no report reads them', async () => {
    await appendChanges(20_000);
    expect(await tableBytes()).toBeGreaterThan(100_000);
    expect(await t.app.get(ComplianceTallyFolds).fold()).toBe(20_000);
    expect(await tableBytes()).toBe(0);
  });

  it('are left to autovacuum after a small one', async () => {
    await appendChanges(200);
    expect(await t.app.get(ComplianceTallyFolds).fold()).toBe(200);
    expect(await tableBytes()).toBeGreaterThan(0);
  });
});
