import { Clock } from '../src/common/clock';
import { DeadlineReminders } from '../src/deadlines/deadline-reminders';
import { TestApp } from './support/test-app';

interface QueuedMail {
  to: string;
  subject: string;
  body: string;
}

/**
 * The reminders of the deadlines, sent by the scheduler through the outbox as the clock moves: who
 * gets them, when the Eastern day turns, once each, and what a start sends after downtime.
 */
describe('deadline reminders', () => {
  let t: TestApp;

  // Every start sends what has fallen due (the interval is long enough never to run in a suite).
  beforeAll(async () => {
    t = await TestApp.start({ env: { REMINDER_EVERY_SECONDS: '3600' } });
  });
  afterAll(() => t.close());

  const at = (instant: string) => {
    t.app.get(Clock).runFrom(new Date(instant));
    t.forgetSignIns();
  };
  const pass = () => t.app.get(DeadlineReminders).pass();
  const open = async (): Promise<{ id: string; caseNumber: string }> =>
    (await (await t.as('oh.field_officer')).post('/cases').send({ offenderName: 'Riley Example', sendingState: 'OH', receivingState: 'TX' }).expect(201)).body;
  const step = async (who: string, caseId: string, type: string, fields: object = {}) => {
    const res = await (await t.as(who)).post(`/cases/${caseId}/events`).send({ type, ...fields });
    expect({ who, type, status: res.status }).toEqual({ who, type, status: 200 });
  };
  const mailsOf = (caseNumber: string): Promise<QueuedMail[]> =>
    t.query(`SELECT "to", subject, body FROM mail_outbox WHERE subject LIKE ? ORDER BY created_at, "to"`, [`%case ${caseNumber} %`]);
  const noticesOf = (caseId: string) =>
    t.query<Array<{ notice_index: number; kind: string; outcome: string; recipients: number }>>(
      `SELECT n.notice_index, n.kind, n.outcome, n.recipients FROM deadline_notices n JOIN deadlines d ON d.id = n.deadline_id
       WHERE d.case_id = ? ORDER BY n.notice_index`,
      [caseId],
    );

  describe('a transfer reply (45 calendar days from 2026-11-25, due 2027-01-09)', () => {
    let c: { id: string; caseNumber: string };

    beforeAll(async () => {
      at('2026-11-25T15:00:00Z');
      c = await open();
      await step('oh.field_officer', c.id, 'SUBMIT_TRANSFER_REQUEST');
      await step('oh.compact_office', c.id, 'TRANSMIT');
    });

    it('is reminded from the start of day 30, Eastern, to the receiving compact office while nobody is assigned', async () => {
      // 23:58 on 24 December in New York: still day 29.
      at('2026-12-25T04:58:00Z');
      await pass();
      expect(await mailsOf(c.caseNumber)).toEqual([]);

      at('2026-12-25T05:00:00Z');
      expect((await pass()).sent).toBeGreaterThanOrEqual(1);
      const mails = await mailsOf(c.caseNumber);
      expect(mails.map((m) => [m.to, m.subject])).toEqual([
        ['tx.compact_office@e2e.example', `Due in 15 calendar days: transfer reply for case ${c.caseNumber} (Riley Example)`],
      ]);
      expect(mails[0].body).toContain('Due:       2027-01-09 (Saturday), by the end of the day, Eastern time');
      expect(mails[0].body).toContain('Rule:      3.104, 45 calendar days');
      expect(mails[0].body).toContain('Owed by:   TX (receiving state), not assigned to anyone yet');
      expect(mails[0].body).toContain(`/console/cases/${c.id}`);
    });

    it('sends that reminder once, however many passes follow', async () => {
      at('2026-12-26T15:00:00Z');
      await pass();
      await pass();
      expect(await mailsOf(c.caseNumber)).toHaveLength(1);
      expect(await noticesOf(c.id)).toEqual([{ notice_index: 0, kind: 'due_soon', outcome: 'sent', recipients: 1 }]);
    });

    it("records each reminder sent in the case's history, by the engine itself, for both states' auditors", async () => {
      const history = (await (await t.as('oh.auditor')).get(`/cases/${c.id}/history`).expect(200)).body as Array<{
        event: string;
        actor: { username: string | null };
        reason: string;
      }>;
      const reminders = history.filter((e) => e.event === 'SEND_DEADLINE_REMINDER');
      expect(reminders).toEqual([
        {
          ...reminders[0],
          actor: { username: null, role: null, state: null },
          reason: `Due in 15 calendar days: transfer reply for case ${c.caseNumber} (Riley Example); due 2027-01-09 under rule 3.104; mailed to tx.compact_office`,
        },
      ]);
      const texas = (await (await t.as('tx.auditor')).get(`/cases/${c.id}/history`).expect(200)).body as Array<{ event: string }>;
      expect(texas.filter((e) => e.event === 'SEND_DEADLINE_REMINDER')).toHaveLength(1);
      expect((await (await t.as('oh.auditor')).post('/audit/verify').expect(200)).body.ok).toBe(true);
    });

    it('after downtime, the start sends the latest reminder that fell due and sets the earlier ones aside', async () => {
      // Down from 26 December to 12 January: the reminders of days 44, 45 and 46 fell due meanwhile.
      t = await t.restart({ clockFrom: '2027-01-12T14:00:00Z' });
      await t.app.get(DeadlineReminders).settled();
      const mails = await mailsOf(c.caseNumber);
      expect(mails.map((m) => m.subject)).toEqual([
        `Due in 15 calendar days: transfer reply for case ${c.caseNumber} (Riley Example)`,
        `Overdue by 3 calendar days: transfer reply for case ${c.caseNumber} (Riley Example)`,
      ]);
      expect(mails[1].to).toBe('tx.compact_office@e2e.example');
      expect(mails[1].body).toContain('was due on 2027-01-09 and has not been sent');
      expect(await noticesOf(c.id)).toEqual([
        { notice_index: 0, kind: 'due_soon', outcome: 'sent', recipients: 1 },
        { notice_index: 1, kind: 'due_soon', outcome: 'superseded', recipients: 0 },
        { notice_index: 2, kind: 'due_today', outcome: 'superseded', recipients: 0 },
        { notice_index: 3, kind: 'overdue', outcome: 'sent', recipients: 1 },
      ]);
    });

    it('sends nothing twice after another restart', async () => {
      t = await t.restart({ clockFrom: '2027-01-12T16:00:00Z' });
      await t.app.get(DeadlineReminders).settled();
      await pass();
      expect(await mailsOf(c.caseNumber)).toHaveLength(2);
    });

    it('stops reminding once the reply is sent, late as it is', async () => {
      at('2027-01-13T15:00:00Z');
      await step('tx.compact_office', c.id, 'ACCEPT_TRANSFER');
      // Day 75 of the transfer reply: no more reminders of it.
      at('2027-02-09T15:00:00Z');
      await pass();
      expect((await mailsOf(c.caseNumber)).filter((m) => /transfer reply/.test(m.subject))).toHaveLength(2);
    });
  });

  describe('a departure within the acceptance (120 calendar days from 2027-02-01, owed by the sending officer)', () => {
    let c: { id: string; caseNumber: string };

    beforeAll(async () => {
      at('2027-01-25T15:00:00Z');
      c = await open();
      await step('oh.field_officer', c.id, 'SUBMIT_TRANSFER_REQUEST');
      await step('oh.compact_office', c.id, 'TRANSMIT');
      at('2027-02-01T15:00:00Z');
      await step('tx.compact_office', c.id, 'ACCEPT_TRANSFER');
    });

    it('reminds the assigned officer alone while it is not yet due, from midnight Eastern daylight time', async () => {
      // Day 110 is 22 May 2027, which starts at 04:00 UTC under daylight saving time.
      at('2027-05-22T03:59:00Z');
      await pass();
      expect(await mailsOf(c.caseNumber)).toEqual([]);
      at('2027-05-22T04:00:00Z');
      await pass();
      const mails = await mailsOf(c.caseNumber);
      expect(mails.map((m) => [m.to, m.subject])).toEqual([
        ['oh.field_officer@e2e.example', `Due in 10 calendar days: departure within the acceptance for case ${c.caseNumber} (Riley Example)`],
      ]);
      expect(mails[0].body).toContain('Owed by:   OH (sending state), assigned to oh.field_officer');
      expect(mails[0].body).toContain('you are assigned to this case');
    });

    it('reminds the officer and the compact office once it is overdue', async () => {
      at('2027-06-02T12:00:00Z');
      await pass();
      const overdue = (await mailsOf(c.caseNumber)).filter((m) => m.subject.startsWith('Overdue'));
      expect(overdue.map((m) => [m.to, m.subject])).toEqual([
        ['oh.compact_office@e2e.example', `Overdue by 1 calendar day: departure within the acceptance for case ${c.caseNumber} (Riley Example)`],
        ['oh.field_officer@e2e.example', `Overdue by 1 calendar day: departure within the acceptance for case ${c.caseNumber} (Riley Example)`],
      ]);
      expect(overdue[0].body).toContain('your compact office answers for this deadline');
    });
  });

  it('never reminds of a deadline met before its first reminder', async () => {
    at('2027-03-01T15:00:00Z');
    const c = await open();
    await step('oh.field_officer', c.id, 'SUBMIT_TRANSFER_REQUEST');
    await step('oh.compact_office', c.id, 'TRANSMIT');
    at('2027-03-11T15:00:00Z');
    await step('tx.compact_office', c.id, 'REJECT_TRANSFER', { reason: 'No residence in Texas', rejectionKind: 'denied' });
    at('2027-04-20T15:00:00Z');
    await pass();
    expect(await mailsOf(c.caseNumber)).toEqual([]);
    expect(await noticesOf(c.id)).toEqual([]);
  });
});
