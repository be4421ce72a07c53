import { TestApp } from './support/test-app';

/**
 * PostgreSQL's search index takes each case's words at once: GIN's pending list, which every search
 * reads through until a vacuum empties it, and by which the planner prices the index, stays empty.
 */
describe('the case search index (PostgreSQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('leaves nothing pending after many cases are opened', async () => {
    const officer = t.actor('oh.field_officer');
    for (let i = 0; i < 300; i++) await t.cases.open({ offenderName: `Pending Person ${i}`, sendingState: 'OH', receivingState: 'TX' }, officer, null);
    const [{ cleaned }] = (await t.query(`SELECT gin_clean_pending_list('idx_case_search_document'::regclass) AS cleaned`)) as Array<{ cleaned: string }>;
    expect(Number(cleaned)).toBe(0);
    const found = await t.cases.list({ q: 'pending person 137', sort: 'updated', limit: 5 }, officer);
    expect(found.items.map((c) => c.offenderName)).toEqual(['Pending Person 137']);
  });
});
