import { Clock } from '../src/common/clock';
import { Deadline } from '../src/deadlines/deadline.entity';
import { DeadlineReminders } from '../src/deadlines/deadline-reminders';
import { seedDemo } from '../src/demo/demo-seed';
import { TestApp } from './support/test-app';

const DEMO_PASSWORD = 'demo password for tests';
const DEMO_NOW = '2026-11-25T15:00:00Z';

/** The demo as `DEMO_NOW=2026-11-25T15:00:00Z npm run demo` starts it: its deadlines, its reminders and a morning's work. */
describe('the demo, started at DEMO_NOW', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Every start sends the reminders that have fallen due, as the demo's own start does after its seed.
    t = await TestApp.start({ withCast: false, env: { REMINDER_EVERY_SECONDS: '3600' } });
    t.app.get(Clock).runFrom(new Date(DEMO_NOW));
    await seedDemo(t.app, DEMO_PASSWORD);
    await t.app.get(DeadlineReminders).pass();
  });
  afterAll(() => t.close());

  const as = async (username: string) => {
    const res = await t.http.post('/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
    const bearer = `Bearer ${res.body.accessToken}`;
    return { get: (url: string) => t.http.get(url).set('Authorization', bearer), post: (url: string) => t.http.post(url).set('Authorization', bearer) };
  };
  const overdueReminders = () =>
    t.query<Array<{ deadline_id: string; kind: string; outcome: string; recipients: number }>>(
      `SELECT n.deadline_id, n.kind, n.outcome, n.recipients FROM deadline_notices n WHERE n.kind = 'overdue' AND n.outcome = 'sent' ORDER BY n.deadline_id`,
    );
  const overdueMails = async () =>
    (await t.query<Array<{ n: number | string }>>(`SELECT COUNT(*) AS n FROM mail_outbox WHERE subject LIKE 'Overdue by %'`))[0].n;

  it("puts a transfer request transmitted now in the receiving compact office's workload, due 45 days on: 2027-01-09", async () => {
    const officer = await as('oh.officer');
    const opened = await officer.post('/cases').send({ offenderName: 'Quinn Morning', sendingState: 'OH', receivingState: 'TX' }).expect(201);
    await officer.post(`/cases/${opened.body.id}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST' }).expect(200);
    // Nothing is due from Texas while the request waits for Ohio's compact office.
    const waiting = (await (await as('tx.compact')).get('/workload?rule=TREP').expect(200)).body.items;
    expect(waiting.map((i: { caseId: string }) => i.caseId)).not.toContain(opened.body.id);
    await (await as('oh.compact')).post(`/cases/${opened.body.id}/events`).send({ type: 'TRANSMIT' }).expect(200);
    const { items } = (await (await as('tx.compact')).get('/workload?rule=TREP').expect(200)).body;
    expect(items.length).toBeGreaterThan(0);
    expect(items.find((i: { caseId: string }) => i.caseId === opened.body.id)).toMatchObject({
      offenderName: 'Quinn Morning',
      activity: 'Transfer reply',
      rule: '3.104',
      dueOn: '2027-01-09',
      daysLeft: 45,
      overdue: false,
    });
  });

  it('sends one overdue reminder for each overdue deadline, once, even after a restart', async () => {
    const open = await t.dataSource.getRepository(Deadline).find({ where: { status: 'open' }, order: { id: 'ASC' } });
    const overdue = open.filter((d) => d.dueAt < new Date(DEMO_NOW));
    expect(overdue.length).toBeGreaterThan(0);
    const reminders = await overdueReminders();
    expect(reminders.map((r) => r.deadline_id)).toEqual(overdue.map((d) => d.id));
    for (const r of reminders) expect(Number(r.recipients)).toBeGreaterThan(0);
    const mails = Number(await overdueMails());
    expect(mails).toBe(reminders.reduce((sum, r) => sum + Number(r.recipients), 0));

    t = await t.restart({ clockFrom: '2026-11-25T16:00:00Z' });
    await t.app.get(DeadlineReminders).settled();
    await t.app.get(DeadlineReminders).pass();
    expect(await overdueReminders()).toEqual(reminders);
    expect(Number(await overdueMails())).toBe(mails);
  });

  it("gives compliance counts that add up and match the deadlines behind them, for each state the demo's deadlines are owed by", async () => {
    const range = 'from=2026-01-01&to=2026-12-31';
    let judged = 0;
    for (const username of ['oh.compact', 'tx.compact', 'ca.compact']) {
      const office = await as(username);
      const report = (await office.get(`/compliance?${range}`).expect(200)).body;
      const tracked = report.overall.measures.filter((m: { tracked: boolean }) => m.tracked);
      expect(tracked.length).toBeGreaterThan(0);
      for (const m of tracked) {
        const { due, onTime, late, open, cancelled } = m.state;
        expect({ username, measure: m.measure, due }).toEqual({ username, measure: m.measure, due: onTime + late + open });
        expect(m.national.due).toBeGreaterThanOrEqual(due);
        const listed: Record<string, number> = { on_time: 0, late: 0, open: 0, cancelled: 0 };
        let cursor: string | null = null;
        do {
          const page: { items: Array<{ outcome: string; responsibleState: string }>; nextCursor: string | null } = (
            await office.get(`/compliance/deadlines?${range}&measure=${m.measure}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).expect(200)
          ).body;
          for (const d of page.items) {
            expect(d.responsibleState).toBe(report.state);
            listed[d.outcome]++;
          }
          cursor = page.nextCursor;
        } while (cursor);
        expect({ username, measure: m.measure, ...listed }).toEqual({ username, measure: m.measure, on_time: onTime, late, open, cancelled });
        judged += onTime + late;
      }
    }
    // The demo's history has replies met on time and met late to count.
    expect(judged).toBeGreaterThan(0);
  });
});
