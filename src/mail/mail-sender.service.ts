import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from '../common/clock';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config';
import { DatabaseOutage } from '../database/database-outage';
import { UnitOfWork } from '../database/unit-of-work';
import { randomUUID } from 'node:crypto';
import { claimDueMails, releaseMailClaims, settleClaim } from './mail-claims';
import { nextAttemptAt } from './mail-backoff';
import { failureText, secretsOfSmtpUrl } from './mail-failure';
import { OutboxMail } from './mail-outbox.entity';
import { MAIL_TRANSPORT, type MailTransport } from './outgoing-mail';

/** A safety net only: every commit that writes mail nudges the sender at once (MailOutbox.enqueue). */
const POLL_INTERVAL_MS = 15_000;
const BATCH = 50;
/** How long shutdown waits for a delivery in flight; an unfinished one is sent again after the restart. */
const SHUTDOWN_GRACE_MS = 10_000;
/** What is left of a mail that held a secret, once it is delivered or given up on. */
export const SECRET_BODY_REMOVED = '[removed: this mail held a link that sets a password]';

/**
 * Delivers the outbox: at start (what a crash or a stop left), after each change that wrote mail,
 * and on a timer. Delivery is at least once: a crash between the relay's answer and the row's
 * update sends that mail again, with the same Message-ID.
 *
 * Every instance runs a sender; each pass claims the mails it delivers (mail-claims.ts), so that
 * no two senders deliver one mail.
 */
@Injectable()
export class MailSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MailSender');
  private readonly secrets: string[];
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private closing = false;
  private passQueued = false;
  private lastPass: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
    private readonly clock: Clock,
    private readonly outage: DatabaseOutage,
  ) {
    this.secrets = secretsOfSmtpUrl(config.smtpUrl);
  }

  onApplicationBootstrap(): void {
    if (this.config.deliverMail) this.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stop();
    this.closing = true;
    await Promise.race([this.lastPass, new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref())]);
    this.transport.close();
  }

  /** Delivers what is due now and keeps delivering; not awaited, so a slow relay never holds up the start. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = setInterval(() => this.nudge(), POLL_INTERVAL_MS);
    // The timer must not keep a CLI run or a test's process alive on its own.
    this.timer.unref();
    this.nudge();
  }

  /** No more passes of its own accord (shutdown, or a test that leaves mails unsent on purpose). */
  stop(): void {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Asks for a pass soon; passes that are asked for while one waits to start are one pass. */
  nudge(): void {
    if (!this.running || this.passQueued) return;
    this.passQueued = true;
    this.drain().catch((err: unknown) => this.outage.orLog(err, () => this.logger.error({ err }, 'The mail outbox could not be read.')));
  }

  /** One pass over the mails due by the clock, after any pass already under way; resolves with how many were sent. */
  drain(): Promise<number> {
    const pass = this.lastPass.then(() => this.pass(this.clock.now()));
    this.lastPass = pass.catch(() => undefined);
    return pass;
  }

  private async pass(now: Date): Promise<number> {
    this.passQueued = false;
    const token = randomUUID();
    let sent = 0;
    try {
      for (;;) {
        const due = await this.unitOfWork.run((m) => claimDueMails(m, token, now, BATCH));
        for (const mail of due) {
          if (this.closing) return sent;
          if (await this.deliver(mail, now, token)) sent++;
        }
        // A failed mail moved its next attempt past `now`, so the next claim does not take it again.
        if (due.length < BATCH) return sent;
      }
    } finally {
      await this.unitOfWork.run((m) => releaseMailClaims(m, token));
    }
  }

  private async deliver(mail: OutboxMail, now: Date, token: string): Promise<boolean> {
    const attempts = mail.attempts + 1;
    try {
      await this.transport.deliver({
        id: mail.id,
        from: this.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        body: mail.body,
        date: mail.createdAt,
      });
    } catch (err) {
      const lastError = failureText(err, this.secrets);
      const retryAt = nextAttemptAt(now, attempts);
      await this.settle(mail, token, {
        attempts,
        lastError,
        ...(retryAt ? { nextAttemptAt: retryAt } : mail.holdsSecret ? { body: SECRET_BODY_REMOVED } : {}),
      });
      if (retryAt) {
        this.logger.warn({ mail: mail.id, attempts, retryAt, error: lastError }, 'A mail could not be delivered; it will be tried again.');
      } else {
        this.logger.error({ mail: mail.id, attempts, error: lastError }, 'A mail could not be delivered and will not be tried again; it stays in mail_outbox.');
      }
      return false;
    }
    await this.settle(mail, token, {
      attempts,
      sentAt: this.clock.now(),
      lastError: null,
      ...(mail.holdsSecret ? { body: SECRET_BODY_REMOVED } : {}),
    });
    return true;
  }

  /** Records an attempt and gives the claim back; only while this pass still holds the mail. */
  private async settle(mail: OutboxMail, token: string, change: Partial<OutboxMail>): Promise<void> {
    if (!(await this.unitOfWork.run((tx) => settleClaim(tx, mail.id, token, change)))) {
      this.logger.warn({ mail: mail.id }, 'A mail was delivered after its claim ran out; another sender may deliver it again.');
    }
  }
}
