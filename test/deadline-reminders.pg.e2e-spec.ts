import { Clock } from '../src/common/clock';
import { DeadlineReminders } from '../src/deadlines/deadline-reminders';
import { TestApp } from './support/test-app';

const CASES = 30;

/**
 * Every instance sends reminders; on one PostgreSQL database a reminder is still sent once, whichever
 * instance finds it first. PostgreSQL only: several instances need it.
 */
describe('the reminders of two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await TestApp.start();
    b = await a.resume();
  });
  afterAll(async () => {
    await b.release();
    await a.close();
  });

  it('send each reminder exactly once between them', async () => {
    a.app.get(Clock).runFrom(new Date('2026-11-25T15:00:00Z'));
    const officer = await a.as('oh.compact_office');
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const opened = await officer
        .post('/cases')
        .send({ offenderName: `Person ${i}`, sendingState: 'OH', receivingState: 'TX' })
        .expect(201);
      await officer.post(`/cases/${opened.body.id}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST' }).expect(200);
      ids.push(opened.body.id);
    }
    // Both instances wake on 12 January, past the due date, and look at once.
    for (const app of [a, b]) app.app.get(Clock).runFrom(new Date('2027-01-12T14:00:00Z'));
    const [byA, byB] = await Promise.all([a.app.get(DeadlineReminders).pass(), b.app.get(DeadlineReminders).pass()]);

    // Which instance takes which deadline is up to the scheduler; that none is reminded twice or left is not.
    expect(byA.sent + byB.sent).toBe(CASES);
    const mails = await a.query<Array<{ to: string; subject: string }>>(`SELECT "to", subject FROM mail_outbox WHERE subject LIKE 'Overdue%'`);
    expect(mails).toHaveLength(CASES);
    expect(new Set(mails.map((m) => m.subject)).size).toBe(CASES);
    const notices = await a.query<Array<{ deadline_id: string; sent: string; superseded: string }>>(
      `SELECT deadline_id, SUM(CASE WHEN outcome = 'sent' THEN 1 ELSE 0 END) AS sent, SUM(CASE WHEN outcome = 'superseded' THEN 1 ELSE 0 END) AS superseded
       FROM deadline_notices GROUP BY deadline_id`,
    );
    expect(notices).toHaveLength(CASES);
    // The reminders of days 30, 44 and 45 fell due too: the overdue one went, the others were set aside.
    for (const n of notices) expect([Number(n.sent), Number(n.superseded)]).toEqual([1, 3]);
  });
});
