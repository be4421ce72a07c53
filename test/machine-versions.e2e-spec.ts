import { CASE_MACHINE_VERSION, CorruptSnapshotError, REOPEN_REQUEST_MACHINE_VERSION } from '../machines';
import caseV1 from '../machines/testing/stored-snapshots/case.v1.json';
import reopenRequestV1 from '../machines/testing/stored-snapshots/reopen-request.v1.json';
import { SupervisionCase } from '../src/cases/case.entity';
import { ReopenRequest } from '../src/reopen-requests/reopen-request.entity';
import { stepsToClosed } from './support/case-steps';
import { TestApp } from './support/test-app';

/**
 * Rows written by an older machine, as a database kept from before a deploy holds them: read through
 * the API by the current rules, and stored as the current version by their next change.
 */
describe('snapshots stored by older machine versions', () => {
  let t: TestApp;
  let caseId: string;
  let requestId: string;

  /** An Ohio-to-Texas case, closed through the services; its id. */
  async function closedCase(offenderName: string): Promise<string> {
    const { id } = await t.cases.open({ offenderName, sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
    for (const [who, type, extra] of stepsToClosed('discharged')) await t.cases.applyEvent(id, { type, ...extra }, t.actor(who), null);
    return id;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    caseId = await closedCase('Older Rules Subject');
    const asked = await (await t.as('oh.field_officer')).post(`/cases/${caseId}/reopen-requests`).send({ reason: 'Discharge order vacated.' });
    expect(asked.status).toBe(201);
    requestId = asked.body.id;
  });
  afterAll(() => t.close());

  const stored = (table: 'cases' | 'reopen_requests', id: string) =>
    t.query<{ machine_version: number; snapshot: unknown }[]>(`SELECT machine_version, snapshot FROM ${table} WHERE id = ?`, [id]);
  const snapshotOf = (row: { snapshot: unknown }) => (typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot);
  /** Writes `snapshot` over the row as version `version` wrote it, beside the machine version. */
  const storeAs = (table: 'cases' | 'reopen_requests', id: string, version: number, snapshot: object) =>
    t.query(`UPDATE ${table} SET machine_version = ?, snapshot = ? WHERE id = ?`, [version, JSON.stringify(snapshot), id]);

  describe('a reopen request of version 1, from before `superseded`', () => {
    beforeAll(async () => {
      const context = { caseId, sendingState: 'OH', receivingState: 'TX', requestedById: t.actor('oh.field_officer').id };
      await storeAs('reopen_requests', requestId, 1, { ...reopenRequestV1.pending, context });
      expect(await stored('reopen_requests', requestId)).toEqual([expect.objectContaining({ machine_version: 1 })]);
    });

    it('reads as pending, with the decisions of the receiving compact office and the requester', async () => {
      const office = await (await t.as('tx.compact_office')).get(`/reopen-requests/${requestId}`).expect(200);
      expect(office.body).toMatchObject({ status: 'pending', allowedEvents: ['APPROVE', 'DENY'] });
      const requester = await (await t.as('oh.field_officer')).get(`/reopen-requests/${requestId}`).expect(200);
      expect(requester.body).toMatchObject({ status: 'pending', allowedEvents: ['WITHDRAW'] });
    });

    it('is in the compact office’s list, read by the same rules', async () => {
      const list = await (await t.as('tx.compact_office')).get('/reopen-requests').expect(200);
      const items = list.body.items as { id: string; allowedEvents: string[] }[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.find((r) => r.id === requestId)).toMatchObject({ allowedEvents: ['APPROVE', 'DENY'] });
    });

    it('is approved, and then stored as the current version', async () => {
      const res = await (await t.as('tx.compact_office')).post(`/reopen-requests/${requestId}/approve`).send({});
      expect(res.status).toBeLessThan(300);
      expect(res.body).toMatchObject({ status: 'approved', caseStatus: 'active' });
      const [row] = await stored('reopen_requests', requestId);
      expect(row.machine_version).toBe(REOPEN_REQUEST_MACHINE_VERSION);
      expect(REOPEN_REQUEST_MACHINE_VERSION).toBeGreaterThan(1);
      expect(snapshotOf(row)).toMatchObject({ value: 'approved', status: 'done' });
    });
  });

  describe("a case of version 1, from before the compact offices' review", () => {
    let closedCaseId: string;

    beforeAll(async () => {
      closedCaseId = await closedCase('First Rules Subject');
      await storeAs('cases', closedCaseId, 1, { ...caseV1.closed, context: { ...caseV1.closed.context, sendingState: 'OH', receivingState: 'TX' } });
    });

    it('reads as closed, reopened only by the receiving compact office', async () => {
      const office = await (await t.as('tx.compact_office')).get(`/cases/${closedCaseId}`).expect(200);
      expect(office.body).toMatchObject({ status: 'closed', machineVersion: 1 });
      // What version 2 records and version 1 did not is empty, as the migration on load leaves it.
      expect(office.body).toMatchObject({ awaitingTransmission: null, reportingInstructions: null, rejectionKind: null });
      expect(office.body).toMatchObject({ acceptedOn: null, departedOn: null, lastKnownAddress: null, lastKnownEmployment: null });
      expect(office.body.allowedEvents).toContain('REOPEN');
      const officer = await (await t.as('oh.field_officer')).get(`/cases/${closedCaseId}`).expect(200);
      expect(officer.body.allowedEvents).not.toContain('REOPEN');
    });

    it('is reopened, and stored as the current version', async () => {
      const res = await (await t.as('tx.compact_office')).post(`/cases/${closedCaseId}/events`).send({ type: 'REOPEN', reason: 'Discharge order vacated.' });
      expect(res.status).toBeLessThan(300);
      expect(res.body).toMatchObject({ status: 'active', machineVersion: CASE_MACHINE_VERSION });
      const [row] = await stored('cases', closedCaseId);
      expect(row.machine_version).toBe(CASE_MACHINE_VERSION);
      expect(snapshotOf(row)).toMatchObject({ value: 'active', context: { closureReason: null, lastKnown: null, review: null, instructions: null } });
    });
  });

  describe('a row of a machine version newer than this engine knows', () => {
    it('is not misread: the case cannot be shown, and nothing internal is told', async () => {
      await storeAs('cases', caseId, CASE_MACHINE_VERSION + 1, snapshotOf((await stored('cases', caseId))[0]));
      const res = await (await t.as('tx.compact_office')).get(`/cases/${caseId}`);
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ statusCode: 500, reference: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toMatch(/machine version|snapshot/i);
    });

    it('fails loudly wherever it is loaded, naming kind and version', async () => {
      const newer = CASE_MACHINE_VERSION + 1;
      await expect(t.dataSource.getRepository(SupervisionCase).findOneBy({ id: caseId })).rejects.toThrow(
        new CorruptSnapshotError(`The stored case snapshot is of case machine version ${newer}, newer than this machine's version ${CASE_MACHINE_VERSION}.`),
      );
    });

    it('holds for a reopen request too', async () => {
      const newer = REOPEN_REQUEST_MACHINE_VERSION + 1;
      await storeAs('reopen_requests', requestId, newer, snapshotOf((await stored('reopen_requests', requestId))[0]));
      const res = await (await t.as('tx.compact_office')).get(`/reopen-requests/${requestId}`);
      expect(res.status).toBe(500);
      await expect(t.dataSource.getRepository(ReopenRequest).findOneBy({ id: requestId })).rejects.toThrow(
        `The stored reopen request snapshot is of reopen request machine version ${newer}`,
      );
    });
  });
});
