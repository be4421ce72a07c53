import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../machines/roles';
import type { SupervisionCase } from '../cases/case.entity';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config';
import { MailOutbox } from '../mail/mail-outbox';
import { UserRepository } from '../users/user.repository';
import { reopenRequestMail, type ReopenRequestNews } from './reopen-request-mail';
import type { ReopenRequest } from './reopen-request.entity';
import type { Transaction } from '../database/transaction';

/**
 * Who is told of each step, written to the outbox in the step's own transaction: the recipients are
 * read there too, so a mail goes to whoever was on staff when the step committed.
 */
@Injectable()
export class ReopenRequestNotices {
  constructor(
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
    private readonly outbox: MailOutbox,
    private readonly users: UserRepository,
  ) {}

  /** A new request: every active compact office account of the receiving state, whose queue it joins. */
  async requested(tx: Transaction, c: SupervisionCase, request: ReopenRequest, by: Actor): Promise<void> {
    const staff = await this.users.activeWith(tx, ['compact_office'], c.receivingState);
    await this.outbox.enqueue(
      tx,
      staff.map((u) => this.mail(u.email, 'requested', c, request, by)),
    );
  }

  /** A decision, a withdrawal or a supersede: the requester, while their account is active. */
  async settled(tx: Transaction, c: SupervisionCase, request: ReopenRequest, news: ReopenRequestNews, by: Actor): Promise<void> {
    const requester = await this.users.activeById(tx, request.requestedBy);
    if (requester) await this.outbox.enqueue(tx, [this.mail(requester.email, news, c, request, by)]);
  }

  private mail(to: string, news: ReopenRequestNews, c: SupervisionCase, request: ReopenRequest, by: Actor) {
    return reopenRequestMail(to, {
      news,
      caseId: c.id,
      caseNumber: c.caseNumber,
      offenderName: c.offenderName,
      sendingState: c.sendingState,
      receivingState: c.receivingState,
      caseStatus: c.status,
      by,
      requestReason: request.reason,
      decisionReason: request.decisionReason,
      publicUrl: this.config.publicUrl,
    });
  }
}
