import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { caseRecordOf, transmittedBy } from '../../machines';
import type { AuditDraft } from '../audit/audit-draft';
import type { SupervisionCase } from '../cases/case.entity';
import { CasesService, type CaseDeadlines, type CaseStep, type CaseTransitionFollower } from '../cases/cases.service';
import type { CaseDeadlineView } from '../cases/dto/case-deadline.view';
import type { Transaction } from '../database/transaction';
import { DEADLINE_RULE_TABLE, type DeadlineRuleTable } from './compact-calendar';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineStepWriter } from './deadline-step-writer';
import { deadlineViewsBy } from './deadline-view';

/**
 * The deadlines of a case move with its steps, in the step's own transaction: a step that meets or
 * ends one closes it, and a step that starts a clock writes the deadline the rule in force that day
 * gives. They are what the step implies, so the step's own audit entry is their record.
 */
@Injectable()
export class CaseDeadlineSteps implements CaseTransitionFollower, CaseDeadlines, OnModuleInit {
  constructor(
    private readonly cases: CasesService,
    private readonly writer: DeadlineStepWriter,
    private readonly deadlines: DeadlineRepository,
    @Inject(DEADLINE_RULE_TABLE) private readonly table: DeadlineRuleTable,
  ) {}

  onModuleInit(): void {
    this.cases.addFollower(this);
    this.cases.addDeadlines(this);
  }

  /** A case event concerns the case's own deadlines only: an activity's run with the activity's steps. */
  async follow(tx: Transaction, _before: SupervisionCase, after: SupervisionCase, step: CaseStep): Promise<AuditDraft[]> {
    await this.writer.follow(tx, after, {
      event: step.event.type,
      transmits: transmittedBy(step.event.type, after.status),
      at: after.updatedAt,
      supervisionEndsOn: after.supervisionEndsOn,
      instructions: caseRecordOf(after.snapshot).instructions,
      activityId: null,
    });
    return [];
  }

  /** Every deadline of each case, its activities' included. */
  async deadlinesOf(cases: readonly SupervisionCase[], tx: Transaction | null): Promise<ReadonlyMap<string, CaseDeadlineView[]>> {
    const ids = [...new Set(cases.map((c) => c.id))];
    return deadlineViewsBy(ids, await this.deadlines.ofCases(ids, tx), (d) => d.caseId, this.table);
  }
}
