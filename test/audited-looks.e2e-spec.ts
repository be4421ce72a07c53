import type { Response } from 'supertest';
import { TestApp } from './support/test-app';
import { LAST_KNOWN } from './support/case-steps';

/**
 * Every refused look at another state's object is an audited denial, then 404 (README, "The
 * lifecycle"), written for the auditors of the states the object exists for; and the
 * reads of a case's history and of the signed checkpoints are recorded, as the README says.
 */

const CASE_NOT_FOUND = 'No case with this id exists among the cases of your state.';

describe('refused looks and recorded reads', () => {
  let t: TestApp;
  let caseId: string;
  let requestId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    const oh = t.actor('oh.field_officer');
    const tx = t.actor('tx.field_officer');
    caseId = (await t.cases.open({ offenderName: 'Looked At', sendingState: 'OH', receivingState: 'TX' }, oh, null)).id;
    for (const [who, event] of [
      [t.actor('oh.compact_office'), { type: 'SUBMIT_TRANSFER_REQUEST' }],
      [t.actor('tx.compact_office'), { type: 'ACCEPT_TRANSFER' }],
      [oh, { type: 'NOTICE_OF_DEPARTURE' }],
      [tx, { type: 'NOTICE_OF_ARRIVAL' }],
      [tx, { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'discharged', ...LAST_KNOWN }],
      [oh, { type: 'CONFIRM_CLOSURE' }],
    ] as const) {
      await t.cases.applyEvent(caseId, event, who, null);
    }
    const asked = await (await t.as('oh.field_officer')).post(`/cases/${caseId}/reopen-requests`).send({ reason: 'New conviction.' }).expect(201);
    requestId = asked.body.id;
  });
  afterAll(() => t.close());

  const entriesOf = (res: Response) => t.auditEntries({ requestId: res.headers['x-request-id'] });

  describe.each([
    { route: 'GET /cases/:id', url: () => `/cases/${caseId}`, action: 'CASE_READ', entityType: 'case', message: CASE_NOT_FOUND },
    { route: 'GET /cases/:id/history', url: () => `/cases/${caseId}/history`, action: 'CASE_HISTORY_READ', entityType: 'case', message: CASE_NOT_FOUND },
    {
      route: 'GET /cases/:id/reopen-requests',
      url: () => `/cases/${caseId}/reopen-requests`,
      action: 'REOPEN_REQUESTS_READ',
      entityType: 'case',
      message: CASE_NOT_FOUND,
    },
    {
      route: 'GET /reopen-requests/:id',
      url: () => `/reopen-requests/${requestId}`,
      action: 'REOPEN_REQUEST_READ',
      entityType: 'reopen_request',
      message: 'No reopen request with this id exists among the requests of your state.',
    },
    { route: 'GET /console/cases/:id', url: () => `/console/cases/${caseId}`, action: 'CASE_READ', entityType: 'case', message: null },
  ])('$route of an Ohio-to-Texas case by California', ({ url, action, entityType, message }) => {
    let res: Response;
    beforeAll(async () => {
      res = await (await t.as('ca.compact_office')).get(url());
    });

    it('answers 404', () => {
      expect(res.status).toBe(404);
      if (message) expect(res.body.message).toBe(message);
    });

    it("writes one denied entry, for Ohio's and Texas's auditors", async () => {
      const entries = await entriesOf(res);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action,
        entityType,
        caseId,
        outcome: 'denied',
        actorUsername: 'ca.compact_office',
        actorState: 'CA',
        primaryState: 'OH',
        secondaryState: 'TX',
      });
      expect(entries[0].reason).toMatch(/not one of CA's cases/);
      for (const auditor of ['oh.auditor', 'tx.auditor']) {
        const page = await (await t.as(auditor)).get('/audit').query({ actor: 'ca.compact_office', outcome: 'denied' }).expect(200);
        expect(page.body.items.map((e: { seq: number }) => e.seq)).toContain(entries[0].seq);
      }
      const own = await (await t.as('ca.auditor')).get('/audit').query({ caseId }).expect(200);
      expect(own.body.items).toEqual([]);
    });
  });

  it('a look the user may take writes no denial', async () => {
    const res = await (await t.as('tx.compact_office')).get(`/reopen-requests/${requestId}`).expect(200);
    expect(await entriesOf(res)).toEqual([]);
  });

  it("a read of a case's history is recorded for the case's states, and not shown in the history itself (refused ones are)", async () => {
    const res = await (await t.as('tx.supervisor')).get(`/cases/${caseId}/history`).expect(200);
    const entries = await entriesOf(res);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'CASE_HISTORY_READ',
      caseId,
      outcome: 'allowed',
      actorUsername: 'tx.supervisor',
      primaryState: 'OH',
      secondaryState: 'TX',
    });
    const again = await (await t.as('tx.supervisor')).get(`/cases/${caseId}/history`).expect(200);
    expect(again.body.length).toBeGreaterThan(0);
    // California's refused look stays in it, as every refused attempt does; the reads that were allowed do not.
    const reads = (again.body as Array<{ event: string; outcome: string }>).filter((e) => e.event === 'CASE_HISTORY_READ');
    expect(reads.map((e) => e.outcome)).toEqual(['denied']);
    const audit = await (await t.as('oh.auditor')).get('/audit').query({ caseId, action: 'CASE_HISTORY_READ' }).expect(200);
    expect(audit.body.items.map((e: { seq: number }) => e.seq)).toContain(entries[0].seq);
  });

  it('a read of the signed checkpoints is recorded', async () => {
    await (await t.as('oh.auditor')).post('/audit/checkpoints').expect(201);
    const res = await (await t.as('oh.auditor')).get('/audit/checkpoints').expect(200);
    expect(res.body.length).toBeGreaterThan(0);
    const entries = await entriesOf(res);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'AUDIT_CHECKPOINTS_READ', outcome: 'allowed', actorUsername: 'oh.auditor', primaryState: 'OH' });
    expect(entries[0].reason).toMatch(/checkpoints/);
  });
});
