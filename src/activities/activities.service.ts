import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  ACTIVITY_STEP_IDS,
  SUPERVISION_ACTIVITY_MACHINE_VERSION,
  SUPERVISION_ACTIVITY_RULES,
  compactDateOf,
  decideActivityEvent,
  isSupervisionActivityKind,
  refusal,
  startActivity,
  type ActivityFields,
  type ActivityStepId,
  type SupervisionActivityKind,
} from '../../machines';
import type { Actor } from '../../machines/roles';
import type { AuditDraft } from '../audit/audit-draft';
import type { SupervisionCase } from '../cases/case.entity';
import { statesOf } from '../cases/case-visibility';
import { CasesService } from '../cases/cases.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config';
import type { Transaction } from '../database/transaction';
import { ActivityDeadlineSteps } from '../deadlines/activity-deadlines';
import { refused } from '../engine/refusals';
import { StateChanges, type Attempt, type Writes } from '../engine/state-changes';
import { StepNotices } from '../engine/step-notices';
import { activityStepMail } from './activity-mail';
import { ActivityViews, ACTIVITY_NOT_FOUND } from './activity-views';
import type { ActivityView } from './dto/activity.view';
import { CaseActivity } from './case-activity.entity';
import { CaseActivityRepository } from './case-activity.repository';
import { SUPERVISION_ACTIVITIES } from './supervision-activity-steps';

/** The audit name of an attempt whose kind or step the rules do not know. */
const UNKNOWN_STEP = 'ACTIVITY_STEP';

/** A step's fields as the rules read them: the DTO's, without the kind or type that names the step. */
function fieldsOf(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { kind: _kind, type: _type, ...fields } = input;
  return fields;
}

function isActivityStepId(value: string): value is ActivityStepId {
  return (ACTIVITY_STEP_IDS as readonly string[]).includes(value);
}

/** The fields a step gave, as one line of the history. */
function reasonOf(fields: ActivityFields): string | null {
  const parts = Object.entries(fields).map(([name, value]) => `${name}: ${value}`);
  return parts.length > 0 ? parts.join('; ').slice(0, 1000) : null;
}

/**
 * Starting a supervision activity of a case and moving it along, through the pipeline of every
 * state change (StateChanges): the activity's rules decide; then its row, its deadlines, the other
 * state's mail and the audit entry are one transaction, and a refusal is a denied entry instead.
 */
@Injectable()
export class ActivitiesService {
  constructor(
    private readonly activities: CaseActivityRepository,
    private readonly cases: CasesService,
    private readonly changes: StateChanges,
    private readonly deadlines: ActivityDeadlineSteps,
    private readonly notices: StepNotices,
    private readonly views: ActivityViews,
    private readonly clock: Clock,
    @Inject(MAIL_CONFIG) private readonly mail: MailConfig,
  ) {}

  start(caseId: string, input: { kind: string } & Record<string, unknown>, actor: Actor, meta: RequestMeta | null): Promise<ActivityView> {
    const kind = isSupervisionActivityKind(input.kind) ? input.kind : null;
    let action = kind ? SUPERVISION_ACTIVITIES[kind].steps[SUPERVISION_ACTIVITY_RULES[kind].starts[0].step].action : UNKNOWN_STEP;
    return this.changes.run({
      load: () => this.cases.findVisible(caseId, actor, { action, entityType: 'activity', entityId: null, meta }),
      attempt: (c): Attempt => ({ actor, meta, action, entityType: 'activity', entityId: null, caseId, states: statesOf(c) }),
      decide: async (c) => {
        const today = compactDateOf(this.clock.now());
        const opening = startActivity(
          input.kind,
          { caseId, status: c.status, transmittedAt: c.transmittedAt, sendingState: c.sendingState, receivingState: c.receivingState },
          fieldsOf(input),
          actor,
          today,
        );
        if (!opening.allowed) return opening;
        // The way it starts names the attempt: a request for a progress report, or one sent unasked.
        action = SUPERVISION_ACTIVITIES[kind!].steps[opening.step].action;
        const linked = opening.fields.violationReportId ?? null;
        if (linked) {
          const report = await this.activities.find(linked);
          if (!report || report.caseId !== caseId || report.kind !== 'violation_report') {
            return refusal('activity.linked_not_found', `violationReportId ${linked} is not a violation report of this case.`);
          }
        }
        return this.starting(c, kind!, opening, linked, actor, meta);
      },
    });
  }

  /** Moves an activity along its kind's machine. */
  move(id: string, input: { type: string } & Record<string, unknown>, actor: Actor, meta: RequestMeta | null): Promise<ActivityView> {
    let action = UNKNOWN_STEP;
    return this.changes.run({
      load: async () => {
        const activity = await this.activities.find(id);
        if (!activity) throw refused('activity.not_visible', ACTIVITY_NOT_FOUND);
        action = SUPERVISION_ACTIVITIES[activity.kind].steps[input.type]?.action ?? UNKNOWN_STEP;
        const c = await this.cases.requireAccess(await this.cases.find(activity.caseId), actor, {
          action,
          entityType: 'activity',
          entityId: id,
          fromState: activity.status,
          notFound: ACTIVITY_NOT_FOUND,
          meta,
        });
        return { activity, c };
      },
      attempt: ({ activity, c }): Attempt => ({
        actor,
        meta,
        action,
        entityType: 'activity',
        entityId: id,
        caseId: c.id,
        states: statesOf(c),
        fromState: activity.status,
      }),
      decide: ({ activity, c }) => {
        const now = this.clock.now();
        const decision = decideActivityEvent(activity.snapshot, input.type, fieldsOf(input), actor, compactDateOf(now));
        if (!decision.allowed) return decision;
        const next: CaseActivity = {
          ...activity,
          status: decision.to,
          snapshot: decision.snapshot,
          machineVersion: SUPERVISION_ACTIVITY_MACHINE_VERSION,
          version: activity.version + 1,
          updatedAt: now,
        };
        return {
          write: async (tx) => {
            await this.cases.lockBeforeDeadlines(tx, c);
            await this.activities.updateIfVersion(tx, activity, next);
            const entry = await this.stepWritten(tx, c, next, input.type, decision.fields, actor, meta, activity.status);
            return { entries: [entry], answer: await this.views.of(next, c, actor, tx) };
          },
        } satisfies Writes<ActivityView>;
      },
    });
  }

  /** A new activity's row, its deadlines, its mail and its entry. */
  private starting(
    c: SupervisionCase,
    kind: SupervisionActivityKind,
    opening: Extract<ReturnType<typeof startActivity>, { allowed: true }>,
    linkedActivityId: string | null,
    actor: Actor,
    meta: RequestMeta | null,
  ): Writes<ActivityView> {
    const now = this.clock.now();
    const activity: CaseActivity = {
      id: randomUUID(),
      caseId: c.id,
      kind,
      sendingState: c.sendingState,
      receivingState: c.receivingState,
      status: opening.status,
      linkedActivityId,
      snapshot: opening.snapshot,
      machineVersion: SUPERVISION_ACTIVITY_MACHINE_VERSION,
      version: 1,
      startedBy: actor.id,
      startedByUsername: actor.username,
      startedBySide: opening.side,
      createdAt: now,
      updatedAt: now,
    };
    return {
      write: async (tx) => {
        await this.cases.lockBeforeDeadlines(tx, c);
        await this.activities.insert(tx, activity);
        const entry = await this.stepWritten(tx, c, activity, opening.step, opening.fields, actor, meta, null);
        return { entries: [entry], answer: await this.views.of(activity, c, actor, tx) };
      },
    };
  }

  /**
   * What every step of an activity writes beside its row, in its transaction: the deadlines it
   * moves, the other state's mail (which gives what fell due), and the audit entry it returns.
   */
  private async stepWritten(
    tx: Transaction,
    c: SupervisionCase,
    activity: CaseActivity,
    step: string,
    fields: ActivityFields,
    actor: Actor,
    meta: RequestMeta | null,
    fromState: string | null,
  ): Promise<AuditDraft> {
    const stepId = `${activity.kind}:${step}`;
    if (isActivityStepId(stepId)) {
      await this.deadlines.follow(tx, c, {
        activityId: activity.id,
        linkedActivityId: activity.linkedActivityId,
        step: stepId,
        at: activity.updatedAt,
        activityStartedAt: activity.createdAt,
        givenDate: fields.discoveredOn ?? fields.custodySince ?? null,
        response: fields.response ?? null,
      });
    }
    const declared = SUPERVISION_ACTIVITIES[activity.kind];
    const due = [...((await this.deadlines.deadlinesOfActivities([activity.id], tx)).get(activity.id) ?? [])]
      .filter((d) => d.status === 'open')
      .map((d) => `${d.activity} (rule ${d.rule}): due ${d.dueOn}, from ${d.responsibleState}`);
    const rules = SUPERVISION_ACTIVITY_RULES[activity.kind];
    await this.notices.tell(
      tx,
      declared.steps[step],
      {
        sendingState: c.sendingState,
        receivingState: c.receivingState,
        startedBy: activity.startedBy,
        senderState: actor.state as SupervisionCase['sendingState'],
      },
      (to) =>
        activityStepMail(to, {
          label: declared.steps[step].label,
          title: rules.title,
          rule: rules.rule,
          activityId: activity.id,
          status: activity.status,
          caseId: c.id,
          caseNumber: c.caseNumber,
          offenderName: c.offenderName,
          sendingState: c.sendingState,
          receivingState: c.receivingState,
          by: actor,
          fields,
          due,
          publicUrl: this.mail.publicUrl,
        }),
    );
    return {
      actor,
      action: declared.steps[step].action,
      entityType: 'activity',
      entityId: activity.id,
      caseId: c.id,
      states: statesOf(c),
      fromState,
      toState: activity.status,
      outcome: 'allowed',
      reason: reasonOf(fields),
      meta,
    };
  }
}
