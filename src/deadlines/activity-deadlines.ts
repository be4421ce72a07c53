import { Inject, Injectable } from '@nestjs/common';
import type { ActivityStepId, CompactDate } from '../../machines';
import type { SupervisionCase } from '../cases/case.entity';
import type { CaseDeadlineView } from '../cases/dto/case-deadline.view';
import type { Transaction } from '../database/transaction';
import { DEADLINE_RULE_TABLE, type DeadlineRuleTable } from './compact-calendar';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineStepWriter } from './deadline-step-writer';
import { deadlineViewsBy } from './deadline-view';

/** A step of a supervision activity of a case, as its deadlines need it. */
export interface ActivityDeadlineStep {
  activityId: string;
  /** The activity this one answers (a warrant's violation report), whose open deadlines the step may meet. */
  linkedActivityId: string | null;
  step: ActivityStepId;
  at: Date;
  /** When the activity started (its first step). */
  activityStartedAt: Date;
  givenDate: CompactDate | null; // discoveredOn, custodySince
  response: string | null; // a violation response
}

/**
 * The deadlines of a case's supervision activities (progress reports, violation reports, warrants,
 * return requests), moved by the activities' steps in the steps' own transactions, as a case's are
 * by its events. An activity's step concerns the open deadlines of its activity and of the activity
 * it answers, never the case's own nor another activity's; the deadlines it starts are its
 * activity's. It always transmits itself: no compact office reviews an activity before it is sent.
 */
@Injectable()
export class ActivityDeadlineSteps {
  constructor(
    private readonly writer: DeadlineStepWriter,
    private readonly deadlines: DeadlineRepository,
    @Inject(DEADLINE_RULE_TABLE) private readonly table: DeadlineRuleTable,
  ) {}

  /** In the step's transaction: ends/meets the open deadlines it touches and writes the ones it starts (assignee and responsible state as for case deadlines). */
  follow(tx: Transaction, c: SupervisionCase, step: ActivityDeadlineStep): Promise<void> {
    return this.writer.follow(tx, c, {
      event: step.step,
      transmits: step.step,
      at: step.at,
      supervisionEndsOn: c.supervisionEndsOn,
      // No limit of an activity depends on the reporting instructions the case asked for.
      instructions: null,
      activityId: step.activityId,
      linkedActivityId: step.linkedActivityId,
      givenDate: step.givenDate,
      activityStartedAt: step.activityStartedAt,
      response: step.response,
    });
  }

  /** The deadlines of each activity, as CaseDeadlineView (same shape as a case's), for the activities' answers. */
  async deadlinesOfActivities(activityIds: readonly string[], tx: Transaction | null): Promise<ReadonlyMap<string, CaseDeadlineView[]>> {
    const ids = [...new Set(activityIds)];
    return deadlineViewsBy(ids, await this.deadlines.ofActivities(ids, tx), (d) => d.activityId, this.table);
  }
}
