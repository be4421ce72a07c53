import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  END_WITH_CASE,
  SUPERVISION_ACTIVITY_MACHINE_VERSION,
  SUPERVISION_ACTIVITY_RULES,
  activityRecordOf,
  compactDateOf,
  endActivityWithCase,
  heldByActivities,
  retakenOn,
  type ActivityStepId,
  type CaseEventType,
} from '../../machines';
import type { AuditDraft } from '../audit/audit-draft';
import type { SupervisionCase } from '../cases/case.entity';
import { statesOf } from '../cases/case-visibility';
import { CasesService, type CaseHold, type CaseHolds, type CaseStep, type CaseTransitionFollower } from '../cases/cases.service';
import type { Transaction } from '../database/transaction';
import { ActivityDeadlineSteps } from '../deadlines/activity-deadlines';
import { CaseActivityRepository } from './case-activity.repository';
import { SUPERVISION_ACTIVITIES } from './supervision-activity-steps';

/** Where a case ends: its activities that cannot outlive it end with it. */
const CASE_ENDS = new Set(['closed', 'withdrawn']);

/**
 * What a case's activities do to the case, and the case to them: a warrant whose retaking is
 * pending holds back the closure notice (rule 4.112(b)), and a case closed or withdrawn ends its open
 * activities in the same transaction (an action request stays open: offices write about closed cases).
 */
@Injectable()
export class ActivitiesOfCase implements CaseTransitionFollower, CaseHolds, OnModuleInit {
  constructor(
    private readonly cases: CasesService,
    private readonly activities: CaseActivityRepository,
    private readonly deadlines: ActivityDeadlineSteps,
  ) {}

  onModuleInit(): void {
    this.cases.addFollower(this);
    this.cases.addHolds(this);
  }

  async holdsOf(cases: readonly SupervisionCase[], tx: Transaction | null): Promise<ReadonlyMap<string, CaseHold>> {
    // Both steps warrants bear on (the closure notice, the closure on a retaking) leave an active case
    // only: the warrants of other cases are not read, so most steps of a case cost no query here.
    const active = cases.filter((c) => c.status === 'active');
    if (active.length === 0) return new Map();
    const warrants = await this.activities.ofKind(
      active.map((c) => c.id),
      'warrant',
      tx,
    );
    return new Map(
      active.map((c) => {
        const mine = warrants.filter((w) => w.caseId === c.id).map((w) => ({ ...activityRecordOf(w.snapshot), kind: w.kind, status: w.status }));
        return [c.id, { held: (type: CaseEventType) => heldByActivities(type, mine), retakenOn: retakenOn(mine) }];
      }),
    );
  }

  async follow(tx: Transaction, before: SupervisionCase, after: SupervisionCase, step: CaseStep): Promise<AuditDraft[]> {
    if (!CASE_ENDS.has(after.status) || before.status === after.status) return [];
    const entries: AuditDraft[] = [];
    for (const activity of await this.activities.ofCase(after.id, tx)) {
      const ended = endActivityWithCase(activity.snapshot, step.actor, compactDateOf(after.updatedAt));
      if (!ended) continue;
      const next = {
        ...activity,
        status: ended.to,
        snapshot: ended.snapshot,
        machineVersion: SUPERVISION_ACTIVITY_MACHINE_VERSION,
        version: activity.version + 1,
        updatedAt: after.updatedAt,
      };
      await this.activities.updateIfVersion(tx, activity, next);
      await this.deadlines.follow(tx, after, {
        activityId: activity.id,
        linkedActivityId: activity.linkedActivityId,
        step: `${activity.kind}:${END_WITH_CASE}` as ActivityStepId,
        at: after.updatedAt,
        activityStartedAt: activity.createdAt,
        givenDate: null,
        response: null,
      });
      entries.push({
        actor: step.actor,
        action: SUPERVISION_ACTIVITIES[activity.kind].steps[END_WITH_CASE].action,
        entityType: 'activity',
        entityId: activity.id,
        caseId: after.id,
        states: statesOf(after),
        fromState: ended.from,
        toState: ended.to,
        outcome: 'allowed',
        reason: `The case is ${after.status}: the ${SUPERVISION_ACTIVITY_RULES[activity.kind].title} ends with it.`,
        meta: step.meta,
      });
    }
    return entries;
  }
}
