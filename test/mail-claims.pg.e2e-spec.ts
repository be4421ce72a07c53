import { FileDropTransport } from '../src/mail/file-drop.transport';
import { MailOutbox } from '../src/mail/mail-outbox';
import { OutboxMail } from '../src/mail/mail-outbox.entity';
import { MailSender } from '../src/mail/mail-sender.service';
import { TestApp } from './support/test-app';
import { transactionOf } from '../src/database/transaction';

const MAILS = 300;

/**
 * Every instance runs a mail sender; on one PostgreSQL database they claim the mails they deliver,
 * so that none is delivered by two of them. PostgreSQL only: several instances need it.
 */
describe('the mail senders of two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await TestApp.start({ withCast: false });
    b = await a.resume();
    for (const app of [a, b]) app.app.get(MailSender).stop();
  });
  afterAll(async () => {
    await b.release();
    await a.close();
  });

  it('deliver each mail exactly once between them', async () => {
    const drafts = Array.from({ length: MAILS }, (_, i) => ({ to: `officer${i}@e2e.example`, subject: `Mail ${i}`, body: `Body ${i}\n` }));
    await a.dataSource.transaction((m) => a.app.get(MailOutbox).enqueue(transactionOf(m), drafts));
    const deliveries: string[] = [];
    const deliver = jest.spyOn(FileDropTransport.prototype, 'deliver');
    deliver.mockImplementation(async (mail) => {
      deliveries.push(mail.id);
      // A relay takes a moment: the two senders' passes overlap.
      await new Promise((r) => setTimeout(r, 2));
    });
    try {
      const [byA, byB] = await Promise.all([a.app.get(MailSender).drain(), b.app.get(MailSender).drain()]);
      // Which sender takes how many is up to the scheduler; that none is sent twice or left is not.
      expect(byA + byB).toBe(MAILS);
    } finally {
      deliver.mockRestore();
    }
    const rows = await a.dataSource.getRepository(OutboxMail).find();
    expect(rows).toHaveLength(MAILS);
    expect([...deliveries].sort()).toEqual(rows.map((r) => r.id).sort());
    expect(rows.filter((r) => r.sentAt === null || r.attempts !== 1 || r.claimedBy !== null)).toEqual([]);
  });
});
