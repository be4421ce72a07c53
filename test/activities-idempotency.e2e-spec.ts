import { Not } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { ActivitiesService } from '../src/activities/activities.service';
import { CaseActivity } from '../src/activities/case-activity.entity';
import { Clock } from '../src/common/clock';
import { TO_ACTIVE } from './support/case-steps';
import { mailsDelivered } from './support/outbox';
import { TestApp } from './support/test-app';

/**
 * Idempotency-Key on the routes of supervision activities, as on a case's events: a retry with the
 * same key and body gets the first answer again and starts or moves nothing again; the same key with
 * another body is refused (422).
 */
describe('Idempotency-Key on supervision activities', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
    t.app.get(Clock).runFrom(new Date('2026-12-01T15:00:00Z'));
    t.forgetSignIns();
  });
  afterAll(() => t.close());

  let cases = 0;
  const activeCase = async () => {
    const opened = await t.cases.open(
      { offenderName: `Retry Activity ${++cases}`, sendingState: 'OH', receivingState: 'TX' },
      t.actor('oh.field_officer'),
      null,
    );
    for (const [who, type, extra] of TO_ACTIVE) await t.cases.applyEvent(opened.id, { type, ...extra }, t.actor(who), null);
    return opened;
  };
  const start = async (username: string, caseId: string, body: object, key?: string) => {
    const req = (await t.as(username)).post(`/cases/${caseId}/activities`);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const send = async (username: string, activityId: string, body: object, key?: string) => {
    const req = (await t.as(username)).post(`/activities/${activityId}/events`);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const activitiesOf = (caseId: string) => t.dataSource.getRepository(CaseActivity).findBy({ caseId });
  const mailsAbout = async (caseNumber: string) => (await mailsDelivered(t)).filter((m) => m.body.includes(caseNumber));
  const warrant = { kind: 'warrant', issuedOn: '2026-11-30', reason: 'Absconded from supervision.' };

  describe('POST /cases/:id/activities', () => {
    it('starts one activity however often it is retried: the same 201 and body, one row, one audit entry, one mail', async () => {
      const c = await activeCase();
      const key = randomUUID();
      const first = await start('oh.compact_office', c.id, warrant, key);
      expect(first.status).toBe(201);
      const entries = await t.auditEntries({ caseId: c.id });
      const mails = await mailsAbout(c.caseNumber);
      expect(mails.length).toBeGreaterThan(0);
      // The same body, its keys in another order.
      const retry = await start('oh.compact_office', c.id, { reason: warrant.reason, issuedOn: warrant.issuedOn, kind: 'warrant' }, key);
      expect(retry.status).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      const again = await start('oh.compact_office', c.id, warrant, key);
      expect([again.status, again.body.id]).toEqual([201, first.body.id]);

      expect((await activitiesOf(c.id)).map((a) => [a.id, a.status])).toEqual([[first.body.id, 'issued']]);
      expect(await t.auditEntries({ caseId: c.id })).toHaveLength(entries.length);
      expect(await t.auditEntries({ caseId: c.id, action: 'ISSUE_WARRANT' })).toHaveLength(1);
      expect(await mailsAbout(c.caseNumber)).toHaveLength(mails.length);
    });

    it('refuses the same key with another body (422), and starts nothing', async () => {
      const c = await activeCase();
      const key = randomUUID();
      expect((await start('oh.compact_office', c.id, warrant, key)).status).toBe(201);
      const entries = await t.auditEntries({ caseId: c.id });
      const other = await start('oh.compact_office', c.id, { ...warrant, reason: 'Another reason.' }, key);
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', reference: other.headers['x-request-id'] });
      expect(other.body.message).toMatch(/already used for another request .*use a new key/);
      const elsewhere = await start('oh.compact_office', (await activeCase()).id, warrant, key);
      expect(elsewhere.status).toBe(422);
      expect(await activitiesOf(c.id)).toHaveLength(1);
      expect(await t.auditEntries({ caseId: c.id })).toHaveLength(entries.length);
    });

    it('answers a refused start again as it was (same 403 and reference), without a second denied entry', async () => {
      const c = await activeCase();
      const key = randomUUID();
      const first = await start('tx.compact_office', c.id, warrant, key);
      expect(first.status).toBe(403);
      const retry = await start('tx.compact_office', c.id, warrant, key);
      expect(retry.status).toBe(403);
      expect(retry.body).toEqual(first.body);
      expect(await t.auditEntries({ caseId: c.id, outcome: 'denied' })).toHaveLength(1);
      expect(await activitiesOf(c.id)).toHaveLength(0);
    });
  });

  describe('POST /activities/:id/events', () => {
    const issued = async () => {
      const c = await activeCase();
      const view = await t.app.get(ActivitiesService).start(c.id, { ...warrant }, t.actor('oh.compact_office'), null);
      return { c, id: view.id };
    };
    const custody = { type: 'REPORT_CUSTODY', custodySince: '2026-11-30' };

    it('takes one step however often it is retried: the same 200 and body, one version, one audit entry, one mail', async () => {
      const { c, id } = await issued();
      const key = randomUUID();
      const first = await send('tx.field_officer', id, custody, key);
      expect([first.status, first.body.status, first.body.version]).toEqual([200, 'in_custody', 2]);
      const entries = await t.auditEntries({ entityId: id });
      const mails = await mailsAbout(c.caseNumber);
      expect(mails.length).toBeGreaterThan(0);
      const retry = await send('tx.field_officer', id, { custodySince: '2026-11-30', type: 'REPORT_CUSTODY' }, key);
      expect(retry.status).toBe(200);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect((await send('tx.field_officer', id, custody, key)).body).toEqual(first.body);

      const row = await t.dataSource.getRepository(CaseActivity).findOneByOrFail({ id });
      expect({ status: row.status, version: row.version }).toEqual({ status: 'in_custody', version: 2 });
      const history = await (await t.as('oh.compact_office')).get(`/activities/${id}/history`).expect(200);
      expect(history.body.map((e: { event: string; outcome: string }) => `${e.event} ${e.outcome}`)).toEqual([
        'ISSUE_WARRANT allowed',
        'REPORT_CUSTODY allowed',
      ]);
      // The retries added nothing; reading the history above is an entry of its own.
      expect(await t.auditEntries({ entityId: id, action: Not('ACTIVITY_HISTORY_READ') })).toHaveLength(entries.length);
      expect(await t.auditEntries({ entityId: id, action: 'REPORT_CUSTODY' })).toHaveLength(1);
      expect(await mailsAbout(c.caseNumber)).toHaveLength(mails.length);
    });

    it('refuses the same key with another body (422), and moves nothing', async () => {
      const { id } = await issued();
      const key = randomUUID();
      expect((await send('tx.field_officer', id, custody, key)).status).toBe(200);
      const entries = await t.auditEntries({ entityId: id });
      const other = await send('tx.field_officer', id, { ...custody, custodySince: '2026-11-29' }, key);
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', reference: other.headers['x-request-id'] });
      expect(other.body.message).toMatch(/already used for another request .*use a new key/);
      const elsewhere = await send('tx.field_officer', (await issued()).id, custody, key);
      expect(elsewhere.status).toBe(422);
      const row = await t.dataSource.getRepository(CaseActivity).findOneByOrFail({ id });
      expect({
        status: row.status,
        version: row.version,
        custodySince: (row.snapshot as { context: { fields: Record<string, string> } }).context.fields.custodySince,
      }).toEqual({
        status: 'in_custody',
        version: 2,
        custodySince: '2026-11-30',
      });
      expect(await t.auditEntries({ entityId: id })).toHaveLength(entries.length);
    });

    it('answers a refused event again as it was (same 409 and reference), without a second denied entry', async () => {
      const { id } = await issued();
      const key = randomUUID();
      const first = await send('oh.field_officer', id, { type: 'RETAKE' }, key);
      expect(first.status).toBe(409);
      const retry = await send('oh.field_officer', id, { type: 'RETAKE' }, key);
      expect(retry.status).toBe(409);
      expect(retry.body).toEqual(first.body);
      expect(await t.auditEntries({ entityId: id, outcome: 'denied' })).toHaveLength(1);
    });
  });
});
