import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AuditDraft } from '../audit/audit-draft';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config';
import { StepNotices } from '../engine/step-notices';
import type { Transaction } from '../database/transaction';
import { CASE_ACTIVITY } from './case-activity';
import { caseStepMail } from './case-mail';
import type { SupervisionCase } from './case.entity';
import { CasesService, type CaseStep, type CaseTransitionFollower } from './cases.service';

/**
 * The mails of a case's steps, to whom each step's declaration says (CASE_ACTIVITY), in the step's
 * own transaction: the news the rules want the other state to have at once, beyond its lists.
 */
@Injectable()
export class CaseStepNotices implements CaseTransitionFollower, OnModuleInit {
  constructor(
    private readonly cases: CasesService,
    private readonly notices: StepNotices,
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
  ) {}

  onModuleInit(): void {
    this.cases.addFollower(this);
  }

  async follow(tx: Transaction, _before: SupervisionCase, after: SupervisionCase, step: CaseStep): Promise<AuditDraft[]> {
    const declared = CASE_ACTIVITY.steps[step.event.type];
    if (declared.tells.length === 0) return [];
    await this.notices.tell(tx, declared, { sendingState: after.sendingState, receivingState: after.receivingState, startedBy: after.createdBy }, (to) =>
      caseStepMail(to, {
        type: step.event.type,
        caseId: after.id,
        caseNumber: after.caseNumber,
        offenderName: after.offenderName,
        sendingState: after.sendingState,
        receivingState: after.receivingState,
        by: step.actor,
        reason: step.event.reason ?? null,
        publicUrl: this.config.publicUrl,
      }),
    );
    // The step's own entry records it; the mails are what it implies.
    return [];
  }
}
