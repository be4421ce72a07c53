import { AuditService } from '../src/audit/audit.service';
import { checkChain } from '../src/audit/audit-chain';
import { SupervisionCase } from '../src/cases/case.entity';
import { TestApp } from './support/test-app';

describe('a transition and its audit entry are one write', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const openCase = () => t.cases.open({ offenderName: 'Atomic Case', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);

  it('leaves neither the new status nor an entry when the audit write fails', async () => {
    const opened = await openCase();
    const before = await t.auditEntries({ caseId: opened.id });
    const officer = await t.as('oh.field_officer');
    const append = jest.spyOn(AuditService.prototype, 'append').mockImplementationOnce(async () => {
      throw new Error('disk full (injected)');
    });
    try {
      const res = await officer.post(`/cases/${opened.id}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST' });
      expect(res.status).toBe(500);
      expect(res.body.message).toMatch(/state compact office/i);
      expect(res.body.reference).toBe(res.headers['x-request-id']);
      expect(JSON.stringify(res.body)).not.toMatch(/disk full|at .*\.ts/);
    } finally {
      append.mockRestore();
    }
    const row = await t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id: opened.id });
    expect(row).toMatchObject({ status: 'draft', version: 1 });
    expect(await t.auditEntries({ caseId: opened.id })).toHaveLength(before.length);

    // The engine is still sound afterwards: the same step now goes through, once.
    await (await t.as('oh.field_officer')).post(`/cases/${opened.id}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST' }).expect(200);
  });

  it('lets exactly one of two conflicting events on one case win', async () => {
    const opened = await openCase();
    await t.cases.applyEvent(opened.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.compact_office'), null);
    const tx = await t.as('tx.compact_office');
    const [accept, reject] = await Promise.all([
      tx.post(`/cases/${opened.id}/events`).send({ type: 'ACCEPT_TRANSFER', expectedVersion: 2 }),
      tx.post(`/cases/${opened.id}/events`).send({ type: 'REJECT_TRANSFER', reason: 'No residence', rejectionKind: 'denied', expectedVersion: 2 }),
    ]);
    expect([accept.status, reject.status].sort()).toEqual([200, 409]);
    const row = await t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id: opened.id });
    expect(row.version).toBe(3);
    const entries = await t.auditEntries({ caseId: opened.id });
    const decisions = entries.filter((e) => e.action === 'ACCEPT_TRANSFER' || e.action === 'REJECT_TRANSFER');
    expect(decisions.map((e) => e.outcome).sort()).toEqual(['allowed', 'denied']);
    const winner = decisions.find((e) => e.outcome === 'allowed')!;
    expect(winner.toState).toBe(row.status);
  });

  it('keeps one unbroken hash chain under concurrent writers', async () => {
    const cases = await Promise.all(Array.from({ length: 8 }, openCase));
    const officer = await t.as('oh.field_officer');
    await Promise.all(cases.map((c) => officer.post(`/cases/${c.id}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST' }).expect(200)));
    const all = await t.auditEntries();
    expect(all.length).toBeGreaterThan(16);
    expect(checkChain(all)).toMatchObject({ ok: true, checked: all.length, headSeq: all[all.length - 1].seq });
  });

  it('refuses to change or remove an audit entry at the database', async () => {
    const [first] = await t.auditEntries();
    await expect(t.query(`UPDATE audit_entries SET reason = 'edited' WHERE seq = ?`, [first.seq])).rejects.toThrow(/append-only/);
    await expect(t.query(`DELETE FROM audit_entries WHERE seq = ?`, [first.seq])).rejects.toThrow(/append-only/);
    const [still] = await t.auditEntries({ seq: first.seq });
    expect(still.hash).toBe(first.hash);
  });
});
