import { CASE_STATUSES } from '../machines';
import { checkChain } from '../src/audit/audit-chain';
import { SupervisionCase } from '../src/cases/case.entity';
import { seedDemo } from '../src/demo/demo-seed';
import { TestApp } from './support/test-app';

describe('the database schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  // On both engines: a migration missing for PostgreSQL (or SQLite) fails here. What is particular
  // to one engine is in test/medium/database-engine.medium-spec.ts.
  it('is built by migrations that match the entities exactly', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    const applied = await t.dataSource.query('SELECT name FROM migrations');
    expect(applied.length).toBeGreaterThan(0);
  });
});

describe('the demo data', () => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    t = await TestApp.start({ withCast: false });
    seeded = await seedDemo(t.app, 'demo password for tests');
  });

  it('is told as written: the one refusal is the officer who tries to reopen herself', async () => {
    expect(seeded.refused).toBe(1);
    const denied = await t.auditEntries({ outcome: 'denied' });
    expect(denied.map((e) => e.action)).toEqual(['REOPEN']);
  });
  afterAll(() => t.close());

  it('covers every status of the lifecycle, several closed from Ohio to Texas', async () => {
    const cases = await t.dataSource.getRepository(SupervisionCase).find();
    expect(cases.length).toBeGreaterThanOrEqual(12);
    expect(new Set(cases.map((c) => c.status))).toEqual(new Set(CASE_STATUSES));
    const closedOhToTx = cases.filter((c) => c.status === 'closed' && c.sendingState === 'OH' && c.receivingState === 'TX');
    expect(closedOhToTx.length).toBeGreaterThanOrEqual(2);
  });

  it('lets the demo accounts sign in and tells a real history, refusals included', async () => {
    const res = await t.http.post('/auth/login').send({ username: 'oh.officer', password: 'demo password for tests' }).expect(200);
    const list = await t.http.get('/cases?limit=200').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((c: SupervisionCase) => c.sendingState === 'OH' || c.receivingState === 'OH')).toBe(true);
    const entries = await t.auditEntries();
    expect(entries.some((e) => e.action === 'REOPEN' && e.outcome === 'denied' && e.actorUsername === 'oh.officer')).toBe(true);
    expect(entries.some((e) => e.action === 'REOPEN' && e.outcome === 'allowed' && e.actorUsername === 'tx.compact')).toBe(true);
    expect(checkChain(entries).ok).toBe(true);
  });
});
