import { randomUUID } from 'node:crypto';
import { Clock } from '../../src/common/clock';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { MAIL_RETRY, retryDelayMs } from '../../src/mail/mail-backoff';
import { OutboxMail } from '../../src/mail/mail-outbox.entity';
import { MailOutbox } from '../../src/mail/mail-outbox';
import { MailSender, SECRET_BODY_REMOVED } from '../../src/mail/mail-sender.service';
import { MAIL_TRANSPORT, type MailTransport } from '../../src/mail/outgoing-mail';
import { MediumApp } from './support/medium-app';

// The outbox on a real database: a mail exists only if the change that wrote it committed; the
// sender delivers it once, and a mail the relay refuses is tried again on the backoff schedule as
// the clock moves, until it goes or the sender gives up on it.
describe('the mail outbox and its sender (on a real database)', () => {
  let m: MediumApp;
  let sender: MailSender;
  let deliver: jest.SpyInstance;
  // A clock that stands still between its moves, so that a due time can be checked to the millisecond.
  let at = Date.now();
  const now = () => m.get(Clock).now();
  const forward = (ms: number) => {
    at += ms;
  };
  const addressed = () => `${randomUUID()}@medium.example`;
  const rowFor = (to: string) => m.dataSource.getRepository(OutboxMail).findOneByOrFail({ to });
  const deliveriesTo = (to: string) => deliver.mock.calls.filter(([mail]) => mail.to === to).length;
  const enqueue = (to: string, holdsSecret = false) =>
    m.get(UnitOfWork).run((tx) => m.get(MailOutbox).enqueue(tx, [{ to, subject: 'A notice', body: 'The body.', holdsSecret }]));

  beforeAll(async () => {
    m = await MediumApp.start();
    sender = m.get(MailSender);
    // Passes only when a test asks for one, at the clock's time.
    sender.stop();
    jest.spyOn(m.get(Clock), 'now').mockImplementation(() => new Date(at));
    deliver = jest.spyOn(m.get<MailTransport>(MAIL_TRANSPORT), 'deliver');
  });
  afterAll(() => m.close());

  it('keeps no mail of a transaction that rolled back', async () => {
    const to = addressed();
    await expect(
      m.get(UnitOfWork).run(async (tx) => {
        await m.get(MailOutbox).enqueue(tx, [{ to, subject: 'Never sent', body: 'The change failed.' }]);
        throw new Error('the change failed after its mail was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(await m.dataSource.getRepository(OutboxMail).countBy({ to })).toBe(0);
    await sender.drain();
    expect(deliveriesTo(to)).toBe(0);
  });

  it('delivers a committed mail once, however many passes follow', async () => {
    const to = addressed();
    await enqueue(to);
    expect(await rowFor(to)).toMatchObject({ sentAt: null, attempts: 0 });
    expect(await sender.drain()).toBeGreaterThanOrEqual(1);
    expect(deliveriesTo(to)).toBe(1);
    expect(await rowFor(to)).toMatchObject({ sentAt: expect.any(Date), attempts: 1, lastError: null });
    forward(24 * 3_600_000);
    await sender.drain();
    await sender.drain();
    expect(deliveriesTo(to)).toBe(1);
  });

  it('tries a refused mail again only when its backoff is over, then delivers it once', async () => {
    const to = addressed();
    await enqueue(to);
    deliver.mockRejectedValueOnce(new Error('451 try again later')).mockRejectedValueOnce(new Error('451 try again later'));
    const first = now();
    await sender.drain();
    expect(deliveriesTo(to)).toBe(1);
    const refused = await rowFor(to);
    expect(refused).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.stringContaining('451 try again later') });
    expect(refused.nextAttemptAt.getTime()).toBe(first.getTime() + MAIL_RETRY.firstDelayMs);

    forward(MAIL_RETRY.firstDelayMs - 1000);
    await sender.drain();
    expect(deliveriesTo(to)).toBe(1);
    forward(1000);
    const second = now();
    await sender.drain();
    expect(deliveriesTo(to)).toBe(2);
    expect((await rowFor(to)).nextAttemptAt.getTime()).toBe(second.getTime() + retryDelayMs(2));

    forward(retryDelayMs(2));
    await sender.drain();
    expect(deliveriesTo(to)).toBe(3);
    expect(await rowFor(to)).toMatchObject({ sentAt: expect.any(Date), attempts: 3, lastError: null });
    forward(MAIL_RETRY.maxDelayMs);
    await sender.drain();
    expect(deliveriesTo(to)).toBe(3);
  });

  it('gives up after the last attempt, and blots out a secret it could not deliver', async () => {
    const to = addressed();
    await enqueue(to, true);
    deliver.mockImplementation(async (mail) => {
      if (mail.to === to) throw new Error('550 no such mailbox');
    });
    try {
      for (let attempt = 1; attempt <= MAIL_RETRY.maxAttempts; attempt++) {
        await sender.drain();
        expect(deliveriesTo(to)).toBe(attempt);
        forward(retryDelayMs(attempt));
      }
      forward(MAIL_RETRY.maxDelayMs);
      await sender.drain();
      expect(deliveriesTo(to)).toBe(MAIL_RETRY.maxAttempts);
      expect(await rowFor(to)).toMatchObject({ sentAt: null, attempts: MAIL_RETRY.maxAttempts, body: SECRET_BODY_REMOVED });
    } finally {
      deliver.mockRestore();
    }
  });
});
