import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../machines/roles';
import type { SupervisionCase } from '../cases/case.entity';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config';
import { StepNotices } from '../engine/step-notices';
import { REOPEN_REQUEST_ACTIVITY, type ReopenRequestStep } from './reopen-request-activity';
import { reopenRequestMail, type ReopenRequestNews } from './reopen-request-mail';
import type { ReopenRequest } from './reopen-request.entity';
import type { Transaction } from '../database/transaction';

/** The news each step of a reopen request tells. */
const NEWS: Readonly<Record<ReopenRequestStep, ReopenRequestNews>> = {
  ASK: 'requested',
  APPROVE: 'approved',
  DENY: 'denied',
  WITHDRAW: 'withdrawn',
  SUPERSEDE: 'superseded',
};

/** The mails of a reopen request's steps, to whom its declaration says (REOPEN_REQUEST_ACTIVITY), in the step's own transaction. */
@Injectable()
export class ReopenRequestNotices {
  constructor(
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
    private readonly notices: StepNotices,
  ) {}

  async told(tx: Transaction, step: ReopenRequestStep, c: SupervisionCase, request: ReopenRequest, by: Actor): Promise<void> {
    await this.notices.tell(
      tx,
      REOPEN_REQUEST_ACTIVITY.steps[step],
      { sendingState: c.sendingState, receivingState: c.receivingState, startedBy: request.requestedBy },
      (to) =>
        reopenRequestMail(to, {
          news: NEWS[step],
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
        }),
    );
  }
}
