import { readdirSync } from 'node:fs';
import { APP_CONFIG, type AppConfig } from '../src/config/app-config';
import { FileDropTransport } from '../src/mail/file-drop.transport';
import { UnitOfWork } from '../src/database/unit-of-work';
import { MAIL_RETRY } from '../src/mail/mail-backoff';
import { MailOutbox } from '../src/mail/mail-outbox';
import { OutboxMail } from '../src/mail/mail-outbox.entity';
import { ReopenRequestNotices } from '../src/reopen-requests/reopen-request-notices';
import { ReopenRequest } from '../src/reopen-requests/reopen-request.entity';
import { MailSender } from '../src/mail/mail-sender.service';
import type { OutgoingMail } from '../src/mail/outgoing-mail';
import { UsersService } from '../src/users/users.service';
import { TimeTravel } from './support/accounts';
import { stepsToClosed } from './support/case-steps';
import { deliveredMails } from './support/outbox';
import { PASSWORD, TestApp } from './support/test-app';

const TO_CLOSED = stepsToClosed('discharged');

/** Mails go through an outbox table written with the change; a sender delivers them with retries. */
describe('the mail outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const sender = () => t.app.get(MailSender);
  /** One pass with the app's clock `ms` ahead, as if that much time had passed; then the clock is back. */
  async function drainLater(ms: number): Promise<number> {
    const time = new TimeTravel(t);
    time.forward(ms);
    try {
      return await sender().drain();
    } finally {
      time.back();
    }
  }
  const outboxRows = () => t.dataSource.getRepository(OutboxMail).find({ order: { createdAt: 'ASC', id: 'ASC' } });

  async function closedCase(offenderName: string) {
    const opened = await t.cases.open({ offenderName, sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
    for (const [who, type, extra] of TO_CLOSED) await t.cases.applyEvent(opened.id, { type, ...extra }, t.actor(who), null);
    return opened;
  }
  const ask = async (caseId: string, reason: string) => (await t.as('oh.field_officer')).post(`/cases/${caseId}/reopen-requests`).send({ reason }).expect(201);

  describe('recipients and contents', () => {
    it('mails every active compact office account of the receiving state, and no one else', async () => {
      const users = t.app.get(UsersService);
      const account = (username: string, state: 'TX' | 'OH') =>
        users.create({ username, email: `${username}@e2e.example`, displayName: username, role: 'compact_office', state, password: PASSWORD }, null, null);
      const second = await account('tx.compact_second', 'TX');
      const gone = await account('tx.compact_retired', 'TX');
      await t.query('UPDATE users SET active = false WHERE id = ?', [gone.id]);

      const c = await closedCase('Recipients Example');
      await ask(c.id, 'Recipients check.');
      await sender().drain();
      const mails = deliveredMails(t.outboxDir).filter((m) => m.subject.includes(c.caseNumber));
      expect(mails.map((m) => m.to).sort()).toEqual(['tx.compact_office@e2e.example', 'tx.compact_second@e2e.example']);
      // Back to the cast's one Texas compact office account for the tests that count mails.
      await t.query('UPDATE users SET active = false WHERE id = ?', [second.id]);
    });

    it('names the case, the offender, the requester and the reason, links to the case, and carries no secret', async () => {
      const c = await closedCase('Contents Example');
      const reason = 'Absconded; apprehended in El Paso.\nSecond line of the reason, with ünïcödé.';
      await ask(c.id, reason);
      await sender().drain();
      const [mail] = deliveredMails(t.outboxDir).filter((m) => m.subject.includes(c.caseNumber));
      const publicUrl = t.app.get<AppConfig>(APP_CONFIG).publicUrl;
      expect(mail.subject).toBe(`Reopen requested for case ${c.caseNumber} (Contents Example)`);
      expect(mail.body).toContain(`Case:      ${c.caseNumber}`);
      expect(mail.body).toContain('Offender:  Contents Example');
      expect(mail.body).toContain('oh.field_officer (field officer, OH)');
      expect(mail.body).toContain('  Absconded; apprehended in El Paso.\n  Second line of the reason, with ünïcödé.');
      expect(mail.body).toContain(`${publicUrl}/console/cases/${c.id}\n`);
      const token = await t.token('oh.field_officer');
      expect(mail.body).not.toContain(token);
      expect(mail.body).not.toContain(PASSWORD);
      expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@compact-case-engine>$/);
    });

    it('keeps a line break in a name out of the headers', async () => {
      const c = await closedCase('Header\r\nBcc: someone@evil.example');
      await ask(c.id, 'Header check.');
      await sender().drain();
      const [mail] = deliveredMails(t.outboxDir).filter((m) => m.subject.includes(c.caseNumber));
      expect(mail.subject).toContain('Header Bcc: someone@evil.example');
      expect(mail.to).toBe('tx.compact_office@e2e.example');
    });
  });

  it('writes the mail in the same transaction as the change: no change, no mail', async () => {
    const c = await closedCase('Rollback Example');
    const before = (await outboxRows()).length;
    // A refused request writes no mail.
    await (await t.as('tx.compact_office')).post(`/cases/${c.id}/reopen-requests`).send({ reason: 'x' }).expect(403);
    expect(await outboxRows()).toHaveLength(before);

    // A failure after the mail rows are written takes them back with the request.
    const original = ReopenRequestNotices.prototype.told;
    const notices = jest.spyOn(ReopenRequestNotices.prototype, 'told').mockImplementationOnce(async function (this: ReopenRequestNotices, ...args) {
      await original.apply(this, args);
      throw new Error('disk full (injected)');
    });
    try {
      const res = await (await t.as('oh.field_officer')).post(`/cases/${c.id}/reopen-requests`).send({ reason: 'x' });
      expect(res.status).toBe(500);
    } finally {
      notices.mockRestore();
    }
    expect(await outboxRows()).toHaveLength(before);
    expect(await t.dataSource.getRepository(ReopenRequest).countBy({ caseId: c.id })).toBe(0);
  });

  describe('delivery', () => {
    let deliveries: jest.SpyInstance<Promise<void>, [OutgoingMail]>;
    beforeEach(() => {
      deliveries = jest.spyOn(FileDropTransport.prototype, 'deliver');
    });
    afterEach(() => deliveries.mockRestore());

    const deliveredIds = () => deliveries.mock.calls.map(([mail]) => mail.id);

    it('retries with backoff when the transport fails, then delivers once', async () => {
      deliveries.mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:25 (injected)'));
      const c = await closedCase('Retry Example');
      await ask(c.id, 'Retry check.');
      await sender().drain();
      const [row] = (await outboxRows()).filter((r) => r.subject.includes(c.caseNumber));
      expect(row).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.stringContaining('ECONNREFUSED') });
      const wait = row.nextAttemptAt.getTime() - Date.now();
      expect(wait).toBeGreaterThan(MAIL_RETRY.firstDelayMs - 5_000);
      expect(wait).toBeLessThanOrEqual(MAIL_RETRY.firstDelayMs);

      // Not due yet: the sender does not hammer a relay that is down.
      const callsSoFar = deliveries.mock.calls.length;
      expect(await sender().drain()).toBe(0);
      expect(deliveries.mock.calls.length).toBe(callsSoFar);

      // A second failure doubles the wait.
      await drainLater(MAIL_RETRY.firstDelayMs + 1_000);
      const again = await t.dataSource.getRepository(OutboxMail).findOneByOrFail({ id: row.id });
      expect(again.attempts).toBe(2);
      expect(again.nextAttemptAt.getTime() - row.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(2 * MAIL_RETRY.firstDelayMs);

      deliveries.mockRestore();
      deliveries = jest.spyOn(FileDropTransport.prototype, 'deliver');
      expect(await drainLater(10 * 60_000)).toBeGreaterThanOrEqual(1);
      const sent = await t.dataSource.getRepository(OutboxMail).findOneByOrFail({ id: row.id });
      expect(sent).toMatchObject({ attempts: 3, lastError: null, sentAt: expect.any(Date) });
      // Sent at the time of the clock that made it due, ten minutes on.
      expect(sent.sentAt!.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
      expect(deliveredMails(t.outboxDir).filter((m) => m.subject.includes(c.caseNumber))).toHaveLength(1);
      expect(await drainLater(24 * 3_600_000)).toBe(0);
    });

    it('gives up after the last attempt and leaves the mail in the outbox', async () => {
      deliveries.mockRejectedValue(new Error('550 mailbox unavailable (injected)'));
      const c = await closedCase('Give Up Example');
      await ask(c.id, 'Give-up check.');
      await sender().drain();
      const [row] = (await outboxRows()).filter((r) => r.subject.includes(c.caseNumber));
      await t.dataSource.getRepository(OutboxMail).update({ id: row.id }, { attempts: MAIL_RETRY.maxAttempts - 1 });
      await drainLater(2 * 3_600_000);
      const last = await t.dataSource.getRepository(OutboxMail).findOneByOrFail({ id: row.id });
      expect(last).toMatchObject({ attempts: MAIL_RETRY.maxAttempts, sentAt: null, lastError: expect.stringContaining('550') });
      const calls = deliveries.mock.calls.length;
      await drainLater(30 * 24 * 3_600_000);
      expect(deliveries.mock.calls.length).toBe(calls);
    });

    it('delivers after a crash between the commit and the send, exactly once, when the app starts again', async () => {
      // The sender stops: the change commits with its mail rows, and nothing sends them (as if the process died).
      sender().stop();
      const c = await closedCase('Crash Example');
      const request = (await ask(c.id, 'Crash check.')).body;
      await new Promise((r) => setTimeout(r, 50));
      const left = (await outboxRows()).filter((r) => r.subject.includes(c.caseNumber));
      expect(left).toHaveLength(1);
      expect(left[0]).toMatchObject({ sentAt: null, attempts: 0 });
      expect(deliveredMails(t.outboxDir).filter((m) => m.subject.includes(c.caseNumber))).toHaveLength(0);

      t = await t.restart();
      // The start of the new app delivers what was left; this pass, queued after it, finds nothing more.
      expect(await sender().drain()).toBe(0);
      const files = deliveredMails(t.outboxDir).filter((m) => m.subject.includes(c.caseNumber));
      expect(files).toHaveLength(1);
      expect(deliveredIds().filter((id) => id === left[0].id)).toHaveLength(1);
      expect(await t.dataSource.getRepository(OutboxMail).findOneByOrFail({ id: left[0].id })).toMatchObject({ attempts: 1, sentAt: expect.any(Date) });

      // The new app goes on working: a decision mails the requester at once.
      await (await t.as('tx.compact_office')).post(`/reopen-requests/${request.id}/approve`).send({}).expect(200);
      await sender().drain();
      const approved = deliveredMails(t.outboxDir).filter((m) => m.subject.includes(c.caseNumber) && m.to === 'oh.field_officer@e2e.example');
      expect(approved).toHaveLength(1);
      expect(await sender().drain()).toBe(0);
      expect(new Set(deliveredIds()).size).toBe(deliveredIds().length);
    });
  });

  it('nudges the sender itself once the transaction that wrote mail commits, and not when it rolls back', async () => {
    const nudges = jest.spyOn(sender(), 'nudge');
    const outbox = t.app.get(MailOutbox);
    const unitOfWork = t.app.get(UnitOfWork);
    const draft = { to: 'nudge.check@e2e.example', subject: 'Nudge check', body: 'A mail written by hand.' };
    try {
      await unitOfWork.run(async (m) => {
        await outbox.enqueue(m, [draft]);
        expect(nudges).not.toHaveBeenCalled();
      });
      expect(nudges).toHaveBeenCalledTimes(1);
      await expect(
        unitOfWork.run(async (m) => {
          await outbox.enqueue(m, [draft]);
          throw new Error('rolled back on purpose');
        }),
      ).rejects.toThrow('rolled back on purpose');
      expect(nudges).toHaveBeenCalledTimes(1);
    } finally {
      nudges.mockRestore();
    }
    await sender().drain();
    expect(deliveredMails(t.outboxDir).filter((m) => m.to === draft.to)).toHaveLength(1);
  });

  it('leaves no temporary files behind', () => {
    expect(readdirSync(t.outboxDir).filter((name) => !name.endsWith('.eml'))).toEqual([]);
  });
});
