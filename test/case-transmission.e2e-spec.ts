import { SupervisionCase } from '../src/cases/case.entity';
import { visibleCasesSql } from '../src/cases/case-visibility';
import { CaseTransmission1795930000000 as PostgresMigration } from '../src/database/migrations/postgres/1795930000000-CaseTransmission';
import { CaseTransmission1795930000000 as SqliteMigration } from '../src/database/migrations/sqlite/1795930000000-CaseTransmission';
import { CaseListByChange1795990000000 as PostgresListIndexes } from '../src/database/migrations/postgres/1795990000000-CaseListByChange';
import { CaseListByChange1795990000000 as SqliteListIndexes } from '../src/database/migrations/sqlite/1795990000000-CaseListByChange';
import { CaseSearch1796000000000 as PostgresCaseSearch } from '../src/database/migrations/postgres/1796000000000-CaseSearch';
import { CaseSearch1796000000000 as SqliteCaseSearch } from '../src/database/migrations/sqlite/1796000000000-CaseSearch';
import { CaseNextDue1796010000000 as PostgresCaseNextDue } from '../src/database/migrations/postgres/1796010000000-CaseNextDue';
import { CaseNextDue1796010000000 as SqliteCaseNextDue } from '../src/database/migrations/sqlite/1796010000000-CaseNextDue';
import { TestApp, onPostgres } from './support/test-app';

/**
 * A case exists for its receiving state only from the moment the transfer request leaves the sending
 * state (README, "The lifecycle"): before that, for Texas, Ohio's draft is nowhere, not in a list,
 * a page, a history, its reopen requests, nor in the audit entries Texas's auditors read.
 */

const NOT_FOUND = 'No case with this id exists among the cases of your state.';

describe('a case exists for its receiving state only once it is sent', () => {
  let t: TestApp;
  const offenderName = 'Dana Draftworthy';
  let draftId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const opened = await (await t.as('oh.field_officer')).post('/cases').send({ offenderName, sendingState: 'OH', receivingState: 'TX' }).expect(201);
    draftId = opened.body.id;
  });
  afterAll(() => t.close());

  const listIds = async (user: string, query: Record<string, string> = {}) =>
    (
      (
        await (
          await t.as(user)
        )
          .get('/cases')
          .query({ limit: '200', ...query })
          .expect(200)
      ).body.items as Array<{ id: string }>
    ).map((c) => c.id);

  describe('while Ohio drafts it', () => {
    it.each<Record<string, string>>([{}, { side: 'receiving' }, { side: 'sending' }, { status: 'draft' }, { q: offenderName }])(
      'Texas does not find it in GET /cases?%j, Ohio does',
      async (query) => {
        expect(await listIds('tx.compact_office', query)).not.toContain(draftId);
        if (query.side !== 'receiving') expect(await listIds('oh.supervisor', query)).toContain(draftId);
      },
    );

    it.each([
      ['GET /cases/:id', () => `/cases/${draftId}`],
      ['GET /cases/:id/history', () => `/cases/${draftId}/history`],
      ['GET /cases/:id/reopen-requests', () => `/cases/${draftId}/reopen-requests`],
    ])('%s answers 404 to Texas, 200 to Ohio', async (_route, url) => {
      for (const user of ['tx.compact_office', 'tx.field_officer', 'tx.auditor']) {
        const res = await (await t.as(user)).get(url());
        expect(res.status).toBe(404);
        expect(res.body.message).toBe(NOT_FOUND);
      }
      await (await t.as('oh.field_officer')).get(url()).expect(200);
    });

    it('a Texas event on it answers 404, as for a case that does not exist, and changes nothing', async () => {
      const res = await (await t.as('tx.compact_office')).post(`/cases/${draftId}/events`).send({ type: 'ACCEPT_TRANSFER' });
      expect(res.status).toBe(404);
      expect(res.body.message).toBe(NOT_FOUND);
      expect((await t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id: draftId })).status).toBe('draft');
    });

    it('the console lists it and opens its page for Ohio only', async () => {
      const txList = await (await t.as('tx.compact_office')).get('/console/cases').expect(200);
      const ohList = await (await t.as('oh.field_officer')).get('/console/cases').expect(200);
      expect(ohList.text).toContain(draftId);
      expect(txList.text).not.toContain(draftId);
      expect(txList.text).not.toContain(offenderName);
      await (await t.as('oh.field_officer')).get(`/console/cases/${draftId}`).expect(200);
      const page = await (await t.as('tx.compact_office')).get(`/console/cases/${draftId}`);
      expect(page.status).toBe(404);
      expect(page.text).not.toContain(offenderName);
    });

    it("its entries are Ohio's alone: Texas's auditor reads none of them, Ohio's reads all", async () => {
      const entries = await t.auditEntries({ caseId: draftId });
      expect(entries.length).toBeGreaterThan(1);
      for (const e of entries) expect([e.primaryState, e.secondaryState]).toEqual(['OH', null]);
      const tx = await (await t.as('tx.auditor')).get('/audit').query({ caseId: draftId }).expect(200);
      expect(tx.body.items).toEqual([]);
      const oh = await (await t.as('oh.auditor')).get('/audit').query({ caseId: draftId }).expect(200);
      expect(oh.body.items.map((e: { seq: number }) => e.seq)).toEqual(entries.map((e) => e.seq));
      expect(oh.body.items.map((e: { action: string }) => e.action)).toContain('OPEN_CASE');
    });
  });

  describe('once the transfer request has left Ohio', () => {
    beforeAll(async () => {
      // The Ohio compact office submits it itself, so it goes straight to Texas.
      await (await t.as('oh.compact_office')).post(`/cases/${draftId}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST' }).expect(200);
    });

    it('Texas lists it and opens it', async () => {
      expect(await listIds('tx.compact_office')).toContain(draftId);
      expect(await listIds('tx.compact_office', { side: 'receiving', status: 'transfer_requested' })).toContain(draftId);
      const res = await (await t.as('tx.compact_office')).get(`/cases/${draftId}`).expect(200);
      expect(res.body.allowedEvents).toContain('ACCEPT_TRANSFER');
    });

    it("Texas's history of it begins with the transfer request; Ohio's with the opening", async () => {
      const tx = (await (await t.as('tx.compact_office')).get(`/cases/${draftId}/history`).expect(200)).body as Array<{ event: string }>;
      const oh = (await (await t.as('oh.field_officer')).get(`/cases/${draftId}/history`).expect(200)).body as Array<{ event: string }>;
      expect(tx.length).toBeGreaterThan(0);
      expect(tx[0].event).toBe('SUBMIT_TRANSFER_REQUEST');
      expect(oh[0].event).toBe('OPEN_CASE');
      // Ohio's history also holds what Texas tried on the draft, refused as not found.
      expect(oh.some((e) => e.event === 'ACCEPT_TRANSFER')).toBe(true);
      expect(tx.some((e) => e.event === 'ACCEPT_TRANSFER')).toBe(false);
      const txAudit = await (await t.as('tx.auditor')).get('/audit').query({ caseId: draftId, action: 'SUBMIT_TRANSFER_REQUEST' }).expect(200);
      expect(txAudit.body.items).toHaveLength(1);
    });

    it('stays visible to Texas after it is rejected and then withdrawn', async () => {
      await (
        await t.as('tx.compact_office')
      )
        .post(`/cases/${draftId}/events`)
        .send({ type: 'REJECT_TRANSFER', reason: 'No residence.', rejectionKind: 'denied' })
        .expect(200);
      await (await t.as('oh.field_officer')).post(`/cases/${draftId}/events`).send({ type: 'WITHDRAW', reason: 'Stays home.' }).expect(200);
      const res = await (await t.as('tx.field_officer')).get(`/cases/${draftId}`).expect(200);
      expect(res.body.status).toBe('withdrawn');
      expect(await listIds('tx.field_officer', { status: 'withdrawn' })).toContain(draftId);
    });
  });

  it('the migration backfills when each existing case was sent: drafts and cases withdrawn as drafts never were', async () => {
    const oh = t.actor('oh.field_officer');
    const open = async () => (await t.cases.open({ offenderName: 'Backfilled', sendingState: 'OH', receivingState: 'TX' }, oh, null)).id;
    const draft = await open();
    const withdrawnDraft = await open();
    await t.cases.applyEvent(withdrawnDraft, { type: 'WITHDRAW', reason: 'Opened by mistake.' }, oh, null);
    const office = t.actor('oh.compact_office');
    const sentCase = await open();
    await t.cases.applyEvent(sentCase, { type: 'SUBMIT_TRANSFER_REQUEST' }, office, null);
    const sentThenWithdrawn = await open();
    await t.cases.applyEvent(sentThenWithdrawn, { type: 'SUBMIT_TRANSFER_REQUEST' }, office, null);
    await t.cases.applyEvent(sentThenWithdrawn, { type: 'WITHDRAW', reason: 'Stays home.' }, oh, null);

    const migration = onPostgres ? new PostgresMigration() : new SqliteMigration();
    const runner = t.dataSource.createQueryRunner();
    // Later migrations' indexes read the column this one adds: they are taken off first and put back after.
    const later = onPostgres
      ? [new PostgresListIndexes(), new PostgresCaseSearch(), new PostgresCaseNextDue()]
      : [new SqliteListIndexes(), new SqliteCaseSearch(), new SqliteCaseNextDue()];
    try {
      for (const m of [...later].reverse()) await m.down(runner);
      await migration.down(runner);
      await migration.up(runner);
      for (const m of later) await m.up(runner);
    } finally {
      await runner.release();
    }
    const cases = t.dataSource.getRepository(SupervisionCase);
    const transmittedAt = async (id: string) => (await cases.findOneByOrFail({ id })).transmittedAt;
    const submitted = async (id: string) => (await t.auditEntries({ caseId: id, action: 'SUBMIT_TRANSFER_REQUEST', outcome: 'allowed' }))[0].occurredAt;
    expect(await transmittedAt(draft)).toBeNull();
    expect(await transmittedAt(withdrawnDraft)).toBeNull();
    expect(await transmittedAt(sentCase)).toEqual(await submitted(sentCase));
    expect(await transmittedAt(sentThenWithdrawn)).toEqual(await submitted(sentThenWithdrawn));
    expect(await listIds('tx.auditor')).toEqual(expect.arrayContaining([sentCase, sentThenWithdrawn]));
    expect(await listIds('tx.auditor')).not.toContain(withdrawnDraft);
  });

  // Either side, the list walks each side's index on its own: test/case-list-plans.e2e-spec.ts pins the plans of the statements it runs.
  it.each(['sending', 'receiving'] as const)('the list of side %s walks the cases indexes, not the whole table', async (side) => {
    // The list's default order, the last changed first.
    const sql = `SELECT "c"."id" FROM "cases" "c" WHERE ${visibleCasesSql('c', side).replace(/:state/g, "'TX'")} ORDER BY "c"."updated_at" DESC, "c"."id" DESC LIMIT 51`;
    const expected =
      side === 'sending'
        ? ['idx_cases_sending_updated']
        : side === 'receiving'
          ? ['idx_cases_receiving_updated']
          : ['idx_cases_sending_updated', 'idx_cases_receiving_updated'];
    let plan: string;
    if (onPostgres) {
      // A handful of rows makes a sequential scan cheapest; with it priced out, the planner shows which indexes serve the query.
      const runner = t.dataSource.createQueryRunner();
      try {
        await runner.query('SET enable_seqscan = off');
        plan = ((await runner.query(`EXPLAIN ${sql}`)) as Array<Record<string, string>>).map((r) => r['QUERY PLAN']).join('\n');
        await runner.query('RESET enable_seqscan');
      } finally {
        await runner.release();
      }
    } else {
      plan = ((await t.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`)) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
      expect(plan).not.toMatch(/^SCAN c\b/m);
    }
    for (const index of expected) expect(plan).toContain(index);
  });
});
