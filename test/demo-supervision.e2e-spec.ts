import { Clock } from '../src/common/clock';
import { seedDemo } from '../src/demo/demo-seed';
import { TestApp } from './support/test-app';

const DEMO_PASSWORD = 'demo password for tests';
const DEMO_NOW = '2026-12-02T15:00:00Z';

interface Item {
  caseId: string;
  offenderName: string;
  activity: string;
  limit?: string;
  rule: string;
  dueOn: string;
  overdue: boolean;
  activityId: string | null;
}

/**
 * The supervision phase on the demo, as `DEMO_NOW=2026-12-02T15:00:00Z npm run demo` starts it:
 * the seeded activities in the workloads, and an active Ohio-to-Texas case taken through a
 * violation, a warrant and the retaking to its closure, each step by the demo's own people.
 */
describe('supervision activities on the demo', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start({ withCast: false });
    t.app.get(Clock).runFrom(new Date(DEMO_NOW));
    await seedDemo(t.app, DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  const at = (instant: string) => t.app.get(Clock).runFrom(new Date(instant));
  const as = async (username: string) => {
    const res = await t.http.post('/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
    const bearer = `Bearer ${res.body.accessToken}`;
    return {
      get: (url: string) => t.http.get(url).set('Authorization', bearer),
      post: (url: string, body: object) => t.http.post(url).set('Authorization', bearer).send(body),
    };
  };
  const workload = async (who: string, query: string): Promise<Item[]> => (await (await as(who)).get(`/workload?${query}`).expect(200)).body.items;

  it('seeds activities whose deadlines are in the workloads: progress reports owed by Texas, a violation response and an overdue warrant owed by Ohio', async () => {
    const reports = await workload('tx.compact', 'rule=PR');
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.map((i) => `${i.offenderName} ${i.dueOn} ${i.overdue}`)).toEqual(['Xavier Lund 2026-11-25 true', 'Wren Halvorsen 2026-12-12 false']);
    const ohio = await workload('oh.compact', 'overdue=true');
    expect(ohio.map((i) => `${i.offenderName} ${i.rule}`)).toContain('Zion Mercer 5.105(a)');
    const response = await workload('oh.compact', 'rule=RVR');
    expect(response.map((i) => i.offenderName)).toEqual(['Yael Brandt']);
  });

  it('takes an active Ohio-to-Texas case from an absconding report to its closure, the closure held back while retaking is pending', async () => {
    const { items } = (await (await as('tx.compact')).get('/cases?status=active&side=receiving').expect(200)).body;
    const fresh = items.find((c: { offenderName: string }) => c.offenderName === 'Finley Brooks');
    expect(fresh).toBeDefined();
    const caseId: string = fresh.id;

    const report = await (
      await as('tx.officer')
    ).post(`/cases/${caseId}/activities`, {
      kind: 'violation_report',
      violationKind: 'absconding',
      discoveredOn: '2026-12-01',
      description: 'Not at the approved residence since 28 November.',
    });
    expect(report.status).toBe(201);
    expect(report.body.deadlines.find((d: { limit: string }) => d.limit === 'RVR')).toMatchObject({ dueOn: '2026-12-16', responsibleState: 'OH' });

    at('2026-12-07T15:00:00Z');
    const responded = await (await as('oh.compact')).post(`/activities/${report.body.id}/events`, { type: 'RESPOND', response: 'warrant_issued' });
    expect(responded.body).toMatchObject({ status: 'responded' });
    expect(responded.body.deadlines.find((d: { limit: string }) => d.limit === 'RVR')).toMatchObject({ status: 'met', onTime: true });

    const warrant = await (
      await as('oh.compact')
    ).post(`/cases/${caseId}/activities`, {
      kind: 'warrant',
      issuedOn: '2026-12-07',
      reason: 'Absconded from supervision in Texas.',
      violationReportId: report.body.id,
    });
    expect(warrant.status).toBe(201);

    const notice = { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'absconded', lastKnownAddress: 'Unknown', lastKnownEmployment: 'Unknown' };
    const held = await (await as('tx.officer')).post(`/cases/${caseId}/events`, notice);
    expect([held.status, held.body.message]).toEqual([
      409,
      'Rule 4.112(b): the case cannot be closed while the sending state is retaking the person (a warrant issued on 2026-12-07 is issued). It can close once the person is retaken or the warrant withdrawn.',
    ]);

    at('2026-12-09T15:00:00Z');
    const custody = await (await as('tx.officer')).post(`/activities/${warrant.body.id}/events`, { type: 'REPORT_CUSTODY', custodySince: '2026-12-08' });
    expect(custody.body.deadlines.find((d: { limit: string }) => d.limit === 'RETAKE')).toMatchObject({ dueOn: '2027-01-07', responsibleState: 'OH' });
    expect((await workload('oh.compact', 'rule=RETAKE')).map((i) => i.offenderName)).toContain('Finley Brooks');

    at('2026-12-15T15:00:00Z');
    const retaken = await (await as('oh.officer')).post(`/activities/${warrant.body.id}/events`, { type: 'RETAKE' });
    expect(retaken.body).toMatchObject({ status: 'retaken' });
    const closing = await (await as('tx.officer')).post(`/cases/${caseId}/events`, { ...notice, closureReason: 'returned_to_sending_state' });
    expect(closing.body).toMatchObject({ status: 'closure_pending' });
    const closed = await (await as('oh.supervisor')).post(`/cases/${caseId}/events`, { type: 'CONFIRM_CLOSURE' });
    expect(closed.body).toMatchObject({ status: 'closed', closureReason: 'returned_to_sending_state' });
  });

  it('answers an action request on a closed case: Ohio’s compact office replies to Texas’s', async () => {
    const { items } = (await (await as('oh.compact')).get('/cases?status=closed&q=Indigo').expect(200)).body;
    expect(items.length).toBe(1);
    const activities = (await (await as('oh.compact')).get(`/cases/${items[0].id}/activities`).expect(200)).body;
    const question = activities.find((a: { kind: string }) => a.kind === 'action_request');
    expect(question).toMatchObject({ status: 'open', allowedEvents: ['REPLY', 'CLOSE'], fields: { subject: 'Warrant status' } });
    const reply = await (await as('oh.compact')).post(`/activities/${question.id}/events`, { type: 'REPLY', message: 'Yes, active since 2026-10-02.' });
    expect(reply.body).toMatchObject({ status: 'answered' });
  });
});
