import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { MailSender } from './mail-sender.service';
import { OutboxMail } from './mail-outbox.entity';
import type { MailDraft } from './outgoing-mail';
import { managerOf, type Transaction } from '../database/transaction';

const MAX_SUBJECT = 300;

// eslint-disable-next-line no-control-regex -- control characters are what oneLine removes
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

/** A subject is one header line: a line break in a name must not start a header of its own. */
function oneLine(text: string, max: number): string {
  return text.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, max);
}

/**
 * Puts mails into the outbox inside the caller's transaction, and nudges the MailSender once that
 * transaction commits: a rollback leaves no mail to send, and no caller has to remember the nudge.
 */
@Injectable()
export class MailOutbox {
  constructor(
    private readonly clock: Clock,
    private readonly unitOfWork: UnitOfWork,
    private readonly sender: MailSender,
  ) {}

  async enqueue(tx: Transaction, drafts: ReadonlyArray<MailDraft>): Promise<void> {
    if (drafts.length === 0) return;
    const now = this.clock.now();
    const rows = drafts.map((d) =>
      managerOf(tx).create(OutboxMail, {
        id: randomUUID(),
        to: d.to,
        subject: oneLine(d.subject, MAX_SUBJECT),
        body: d.body,
        createdAt: now,
        attempts: 0,
        nextAttemptAt: now,
        sentAt: null,
        lastError: null,
        holdsSecret: d.holdsSecret ?? false,
      }),
    );
    await managerOf(tx).insert(OutboxMail, rows);
    this.unitOfWork.afterCommit(tx, () => this.sender.nudge());
  }
}
