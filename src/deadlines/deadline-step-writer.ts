import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BusinessCalendar, citationOf, deadlinesOfStep, noticesOf, responsibleStateOf, type DeadlineStep, type StartedDeadline } from '../../machines';
import type { SupervisionCase } from '../cases/case.entity';
import type { Transaction } from '../database/transaction';
import { DEADLINE_RULE_TABLE, type DeadlineRuleTable } from './compact-calendar';
import type { Deadline } from './deadline.entity';
import { DeadlineRepository } from './deadline.repository';

/**
 * What one step, of a case or of one of its activities, does to the case's deadlines, written in the
 * step's own transaction: the open ones it meets or ends are closed, and the ones it starts written
 * as the rule in force that day gives them, for the owing side's assignee and state. The deadlines it
 * starts belong to its activity, or to the case itself for a case event.
 */
@Injectable()
export class DeadlineStepWriter {
  constructor(
    private readonly deadlines: DeadlineRepository,
    private readonly calendar: BusinessCalendar,
    @Inject(DEADLINE_RULE_TABLE) private readonly table: DeadlineRuleTable,
  ) {}

  async follow(tx: Transaction, c: SupervisionCase, step: DeadlineStep): Promise<void> {
    const open = await this.deadlines.openOf(tx, c.id);
    const { ended, started } = deadlinesOfStep(
      step,
      open.map((d) => ({ id: d.id, limit: d.limit, startedAt: d.startedAt, dueOn: d.dueOn, activityId: d.activityId })),
      this.table,
      this.calendar,
    );
    // The started ones first: what falls due next on the case (kept by the deadlines' triggers, in
    // the case row) is then written once for a step that ends its next deadline and starts another,
    // not once for each.
    await this.deadlines.insert(
      tx,
      started.map((d) => this.row(c, d, step)),
    );
    for (const e of ended) await this.deadlines.end(tx, e.id, { status: e.status, endedAt: step.at, endedBy: step.event, onTime: e.onTime });
  }

  private row(c: SupervisionCase, started: StartedDeadline, step: DeadlineStep): Deadline {
    const { rule } = started;
    const { at } = step;
    const [firstNotice] = noticesOf(started, rule.notices, this.calendar);
    // A clock started by a date the case records has no activity behind it to be transmitted or received.
    const byStep = rule.clockStarts === 'step';
    return this.deadlines.create({
      id: randomUUID(),
      caseId: c.id,
      activityId: step.activityId ?? null,
      limit: rule.limit,
      ruleVersion: rule.version,
      rule: citationOf(rule),
      limitDays: rule.days,
      limitUnit: rule.unit,
      measure: rule.measure,
      responsibleSide: rule.responsible,
      responsibleState: responsibleStateOf(rule.responsible, c),
      assigneeId: rule.responsible === 'sending' ? c.sendingAssigneeId : c.receivingAssigneeId,
      startedBy: step.event,
      // Inside one engine an activity is received the instant it is transmitted; both are kept for the rules that count from receipt.
      transmittedAt: byStep ? at : null,
      receivedAt: byStep ? at : null,
      startOn: started.startOn,
      startedAt: started.startedAt,
      dueOn: started.dueOn,
      dueAt: started.dueAt,
      // A step that gives the date its own limit counts from (a sentencing, a discovery) meets it at once.
      status: started.met ? 'met' : 'open',
      endedAt: started.met ? at : null,
      endedBy: started.met ? step.event : null,
      onTime: started.met ? started.met.onTime : null,
      nextNoticeAt: started.met ? null : (firstNotice?.at ?? null),
      createdAt: at,
    });
  }
}
