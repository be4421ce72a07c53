import type { Response } from 'supertest';
import { ActivitiesService } from '../src/activities/activities.service';
import { CaseActivity } from '../src/activities/case-activity.entity';
import { Clock } from '../src/common/clock';
import { TO_ACTIVE } from './support/case-steps';
import { TestApp } from './support/test-app';

/**
 * Bad input on the routes of supervision activities: a clear 4xx in the one error shape, naming the
 * field and what is wrong with it, never a 500; and nothing is started or moved.
 */

const INTERNALS = /stack|\bat \S+ \(|\.ts:\d+|node_modules|SELECT |INSERT |UPDATE |sqlite|QueryFailed|TypeORM|TypeError/i;
const ERROR_TEXT: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found' };
const ACTIVITY_NOT_FOUND = 'No activity with this id exists among the cases of your state.';

function expectErrorShape(res: Response, statusCode: number, opts: { fields?: boolean } = {}) {
  expect({ status: res.status, message: res.body.message }).toMatchObject({ status: statusCode });
  expect(res.headers['content-type']).toMatch(/application\/json/);
  const keys = ['error', 'message', 'reference', 'statusCode', ...(opts.fields ? ['fields'] : [])].sort();
  expect(Object.keys(res.body).sort()).toEqual(keys);
  expect(res.body).toMatchObject({ statusCode, error: ERROR_TEXT[statusCode], reference: res.headers['x-request-id'] });
  expect(res.body.message.length).toBeGreaterThan(10);
  expect(JSON.stringify(res.body)).not.toMatch(INTERNALS);
}

/** The problems the answer lists for `field`. */
function problemsOf(res: Response, field: string): string {
  const found = (res.body.fields as Array<{ field: string; problems: string[] }>).find((f) => f.field === field);
  expect({ field, found: found !== undefined }).toEqual({ field, found: true });
  return found!.problems.join(' ');
}

describe('errors of the activities routes: a 4xx naming the problem, never a 500', () => {
  let t: TestApp;
  let caseId: string;
  /** An issued warrant (Texas may report custody) and an open action request from Ohio (Texas may reply). */
  let warrantId: string;
  let requestId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    t.app.get(Clock).runFrom(new Date('2026-12-01T15:00:00Z'));
    t.forgetSignIns();
    const opened = await t.cases.open({ offenderName: 'Activity Errors', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
    caseId = opened.id;
    for (const [who, type, extra] of TO_ACTIVE) await t.cases.applyEvent(caseId, { type, ...extra }, t.actor(who), null);
    const activities = t.app.get(ActivitiesService);
    warrantId = (await activities.start(caseId, { kind: 'warrant', issuedOn: '2026-11-30', reason: 'Absconded.' }, t.actor('oh.compact_office'), null)).id;
    requestId = (await activities.start(caseId, { kind: 'action_request', subject: 'File', message: 'Send it.' }, t.actor('oh.compact_office'), null)).id;
  }, 60_000);
  afterAll(() => t.close());

  const rows = () => t.dataSource.getRepository(CaseActivity).find({ where: { caseId }, order: { id: 'ASC' } });
  const start = async (body: object) => (await t.as('oh.compact_office')).post(`/cases/${caseId}/activities`).send(body);
  const send = async (who: string, id: string, body: object) => (await t.as(who)).post(`/activities/${id}/events`).send(body);

  /** Whatever the request was, no activity was started or moved. */
  async function expectNothingChanged(run: () => Promise<Response>): Promise<Response> {
    const before = await rows();
    const res = await run();
    expect((await rows()).map((a) => [a.id, a.status, a.version])).toEqual(before.map((a) => [a.id, a.status, a.version]));
    return res;
  }

  describe('a malformed id: 404, as for an id that is not there', () => {
    it.each(['not-a-uuid', '123', 'ffffffff-ffff-ffff-ffff-fffffffffffff', "1' OR '1'='1"])('GET /activities/%s -> 404', async (id) => {
      const res = await (await t.as('oh.compact_office')).get(`/activities/${encodeURIComponent(id)}`);
      expectErrorShape(res, 404);
      expect(res.body.message).toBe(ACTIVITY_NOT_FOUND);
    });

    it('GET /activities/:id/history and POST /activities/:id/events with a malformed id -> 404', async () => {
      const history = await (await t.as('oh.auditor')).get('/activities/not-a-uuid/history');
      expectErrorShape(history, 404);
      expect(history.body.message).toBe(ACTIVITY_NOT_FOUND);
      const event = await send('tx.field_officer', 'not-a-uuid', { type: 'REPORT_CUSTODY', custodySince: '2026-11-30' });
      expectErrorShape(event, 404);
      expect(event.body.message).toBe(ACTIVITY_NOT_FOUND);
    });

    it('POST and GET /cases/:id/activities with a malformed case id -> 404', async () => {
      const started = await (await t.as('oh.compact_office')).post('/cases/not-a-uuid/activities').send({ kind: 'progress_report' });
      expectErrorShape(started, 404);
      const listed = await (await t.as('oh.compact_office')).get('/cases/not-a-uuid/activities');
      expectErrorShape(listed, 404);
    });
  });

  describe('starts with bad fields: 400 naming the field', () => {
    const warrant = { kind: 'warrant', issuedOn: '2026-11-30', reason: 'Absconded.' };
    it.each([
      { what: 'an unknown field', body: { ...warrant, colour: 'red' }, field: 'colour', problem: /should not exist/ },
      { what: 'a 30 February', body: { ...warrant, issuedOn: '2026-02-30' }, field: 'issuedOn', problem: /date that exists/ },
      { what: 'a 31 April', body: { ...warrant, issuedOn: '2026-04-31' }, field: 'issuedOn', problem: /date that exists/ },
      { what: 'a month 13', body: { ...warrant, issuedOn: '2026-13-01' }, field: 'issuedOn', problem: /YYYY-MM-DD/ },
      { what: 'a date without its zeros', body: { ...warrant, issuedOn: '2026-2-3' }, field: 'issuedOn', problem: /YYYY-MM-DD/ },
      { what: 'a date and time', body: { ...warrant, issuedOn: '2026-11-30T10:00:00Z' }, field: 'issuedOn', problem: /YYYY-MM-DD/ },
      { what: 'a number for a date', body: { ...warrant, issuedOn: 20261130 }, field: 'issuedOn', problem: /YYYY-MM-DD/ },
      { what: 'a number for the kind', body: { ...warrant, kind: 3 }, field: 'kind', problem: /one of: progress_report/ },
      { what: 'no kind', body: { issuedOn: '2026-11-30', reason: 'x' }, field: 'kind', problem: /one of: progress_report/ },
      { what: 'a reason over 1000 characters', body: { ...warrant, reason: 'r'.repeat(1001) }, field: 'reason', problem: /1000/ },
      { what: 'a number for the reason', body: { ...warrant, reason: 42 }, field: 'reason', problem: /string/ },
      { what: 'an object for the reason', body: { ...warrant, reason: { text: 'x' } }, field: 'reason', problem: /string/ },
      { what: 'a violationReportId that is not a UUID', body: { ...warrant, violationReportId: 'report-1' }, field: 'violationReportId', problem: /UUID/ },
      {
        what: 'a message over 4000 characters',
        body: { kind: 'action_request', subject: 'File', message: 'm'.repeat(4001) },
        field: 'message',
        problem: /4000/,
      },
      { what: 'a subject over 200 characters', body: { kind: 'action_request', subject: 's'.repeat(201), message: 'x' }, field: 'subject', problem: /200/ },
      {
        what: 'a bad violation kind',
        body: { kind: 'violation_report', violationKind: 'speeding', discoveredOn: '2026-11-30', description: 'x' },
        field: 'violationKind',
        problem: /absconding/,
      },
    ])('POST /cases/:id/activities with $what -> 400 naming $field', async ({ body, field, problem }) => {
      const res = await expectNothingChanged(() => start(body));
      expectErrorShape(res, 400, { fields: true });
      expect(problemsOf(res, field)).toMatch(problem);
    });

    it('a message of exactly 4000 characters is taken', async () => {
      const res = await (
        await t.as('tx.compact_office')
      )
        .post(`/cases/${caseId}/activities`)
        .send({ kind: 'action_request', subject: 'File', message: 'm'.repeat(4000) });
      expect([res.status, res.body.status]).toEqual([201, 'open']);
    });

    it.each([
      { what: 'a field its start does not take', body: { ...warrant, custodySince: '2026-11-30' }, says: /"custodySince"/ },
      { what: 'a date after today', body: { ...warrant, issuedOn: '2026-12-02' }, says: /issuedOn must be a date .* no later than today \(2026-12-01\)/ },
      { what: 'a blank required field', body: { ...warrant, reason: '   ' }, says: /"reason"/ },
    ])('POST /cases/:id/activities with $what -> 400 from the rules, naming it', async ({ body, says }) => {
      const res = await expectNothingChanged(() => start(body));
      expectErrorShape(res, 400);
      expect(res.body.message).toMatch(says);
    });
  });

  describe('events with bad fields: 400 naming the field', () => {
    const custody = { type: 'REPORT_CUSTODY', custodySince: '2026-11-30' };
    it.each([
      { what: 'an unknown field', body: { ...custody, actor: 'oh.compact_office' }, field: 'actor', problem: /should not exist/ },
      { what: 'an unknown field beside the type', body: { type: 'RETAKE', kind: 'warrant' }, field: 'kind', problem: /should not exist/ },
      { what: 'a 30 February', body: { ...custody, custodySince: '2026-02-30' }, field: 'custodySince', problem: /date that exists/ },
      { what: 'a number for the type', body: { ...custody, type: 42 }, field: 'type', problem: /string/ },
      { what: 'a list for the type', body: { ...custody, type: ['REPORT_CUSTODY'] }, field: 'type', problem: /string/ },
      { what: 'an object for the type', body: { ...custody, type: { name: 'REPORT_CUSTODY' } }, field: 'type', problem: /string/ },
      { what: 'null for the type', body: { ...custody, type: null }, field: 'type', problem: /string/ },
      { what: 'no type', body: { custodySince: '2026-11-30' }, field: 'type', problem: /string/ },
      { what: 'a type over 32 characters', body: { ...custody, type: 'R'.repeat(33) }, field: 'type', problem: /32/ },
      { what: 'an empty date', body: { ...custody, custodySince: '' }, field: 'custodySince', problem: /YYYY-MM-DD/ },
      { what: 'a boolean for a date', body: { ...custody, custodySince: true }, field: 'custodySince', problem: /YYYY-MM-DD/ },
    ])('POST /activities/:id/events with $what -> 400 naming $field', async ({ body, field, problem }) => {
      const res = await expectNothingChanged(() => send('tx.field_officer', warrantId, body));
      expectErrorShape(res, 400, { fields: true });
      expect(problemsOf(res, field)).toMatch(problem);
    });

    it.each([
      { what: 'a message over 4000 characters', body: { type: 'REPLY', message: 'm'.repeat(4001) }, field: 'message', problem: /4000/ },
      { what: 'a number for the message', body: { type: 'REPLY', message: 7 }, field: 'message', problem: /string/ },
    ])('a REPLY with $what -> 400 naming $field', async ({ body, field, problem }) => {
      const res = await expectNothingChanged(() => send('tx.compact_office', requestId, body));
      expectErrorShape(res, 400, { fields: true });
      expect(problemsOf(res, field)).toMatch(problem);
    });

    it.each(['FLY_AWAY', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'ISSUE', 'CANCEL', 'report_custody', ''])(
      'an event type the warrant does not have (%j) -> 400 naming its events',
      async (type) => {
        const res = await expectNothingChanged(() => send('tx.field_officer', warrantId, { type }));
        expectErrorShape(res, 400);
        expect(res.body.message).toContain('REPORT_CUSTODY');
      },
    );

    it.each([
      { what: 'a field the event does not take', body: { ...custody, reason: 'Held.' }, says: /"reason"/ },
      {
        what: 'a date after today',
        body: { ...custody, custodySince: '2026-12-05' },
        says: /custodySince must be a date .* no later than today \(2026-12-01\)/,
      },
    ])('REPORT_CUSTODY with $what -> 400 from the rules, naming it', async ({ body, says }) => {
      const res = await expectNothingChanged(() => send('tx.field_officer', warrantId, body));
      expectErrorShape(res, 400);
      expect(res.body.message).toMatch(says);
    });
  });
});
