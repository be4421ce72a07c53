import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BusinessCalendar, citationOf, deadlinesOfStep, noticesOf, responsibleStateOf, type StartedDeadline } from '../../machines';
import type { AuditDraft } from '../audit/audit-draft';
import type { SupervisionCase } from '../cases/case.entity';
import { CasesService, type CaseDeadlines, type CaseStep, type CaseTransitionFollower } from '../cases/cases.service';
import type { CaseDeadlineView } from '../cases/dto/case-deadline.view';
import { DEADLINE_RULE_TABLE, type DeadlineRuleTable } from './compact-calendar';
import type { Deadline } from './deadline.entity';
import { DeadlineRepository } from './deadline.repository';
import type { Transaction } from '../database/transaction';

/**
 * The deadlines of a case move with its steps, in the step's own transaction: a step that meets or
 * ends one closes it, and a step that starts a clock writes the deadline the rule in force that day
 * gives. They are what the step implies, so the step's own audit entry is their record.
 */
@Injectable()
export class CaseDeadlineSteps implements CaseTransitionFollower, CaseDeadlines, OnModuleInit {
  constructor(
    private readonly cases: CasesService,
    private readonly deadlines: DeadlineRepository,
    private readonly calendar: BusinessCalendar,
    @Inject(DEADLINE_RULE_TABLE) private readonly table: DeadlineRuleTable,
  ) {}

  onModuleInit(): void {
    this.cases.addFollower(this);
    this.cases.addDeadlines(this);
  }

  async follow(tx: Transaction, _before: SupervisionCase, after: SupervisionCase, step: CaseStep): Promise<AuditDraft[]> {
    const at = after.updatedAt;
    const open = await this.deadlines.openOf(tx, after.id);
    const { ended, started } = deadlinesOfStep(
      { event: step.event.type, at, supervisionEndsOn: after.supervisionEndsOn },
      open.map((d) => ({ id: d.id, limit: d.limit, startedAt: d.startedAt, dueOn: d.dueOn })),
      this.table,
      this.calendar,
    );
    for (const e of ended) await this.deadlines.end(tx, e.id, { status: e.status, endedAt: at, endedBy: step.event.type, onTime: e.onTime });
    await this.deadlines.insert(
      tx,
      started.map((d) => this.row(after, d, step, at)),
    );
    return [];
  }

  async deadlinesOf(cases: readonly SupervisionCase[], tx: Transaction | null): Promise<ReadonlyMap<string, CaseDeadlineView[]>> {
    const byCase = new Map<string, CaseDeadlineView[]>(cases.map((c) => [c.id, []]));
    for (const d of await this.deadlines.ofCases([...byCase.keys()], tx)) byCase.get(d.caseId)?.push(this.view(d));
    return byCase;
  }

  private row(c: SupervisionCase, started: StartedDeadline, step: CaseStep, at: Date): Deadline {
    const { rule } = started;
    const [firstNotice] = noticesOf(started, rule.notices, this.calendar);
    // A clock started by the supervision end date has no activity behind it to be transmitted or received.
    const byStep = rule.clockStarts === 'step';
    return this.deadlines.create({
      id: randomUUID(),
      caseId: c.id,
      limit: rule.limit,
      ruleVersion: rule.version,
      rule: citationOf(rule),
      limitDays: rule.days,
      limitUnit: rule.unit,
      measure: rule.measure,
      responsibleSide: rule.responsible,
      responsibleState: responsibleStateOf(rule.responsible, c),
      assigneeId: rule.responsible === 'sending' ? c.sendingAssigneeId : c.receivingAssigneeId,
      startedBy: step.event.type,
      // Inside one engine an activity is received the instant it is transmitted; both are kept for the rules that count from receipt.
      transmittedAt: byStep ? at : null,
      receivedAt: byStep ? at : null,
      startOn: started.startOn,
      startedAt: started.startedAt,
      dueOn: started.dueOn,
      dueAt: started.dueAt,
      status: 'open',
      endedAt: null,
      endedBy: null,
      onTime: null,
      nextNoticeAt: firstNotice?.at ?? null,
      createdAt: at,
    });
  }

  private view(d: Deadline): CaseDeadlineView {
    // The version that governs it is never removed from the table, only given its end.
    return { ...deadlineFacts(d), activity: this.table.find((r) => r.version === d.ruleVersion)?.title ?? d.limit };
  }
}

/** What every answer tells of a deadline: what is due, from whom, by when, and how it ended. */
export function deadlineFacts(d: Deadline): Omit<CaseDeadlineView, 'activity'> {
  return {
    id: d.id,
    limit: d.limit,
    rule: d.rule,
    responsibleState: d.responsibleState,
    assigneeId: d.assigneeId,
    startedAt: d.startedAt.toISOString(),
    dueOn: d.dueOn,
    dueAt: d.dueAt.toISOString(),
    status: d.status,
    metAt: d.status === 'met' && d.endedAt ? d.endedAt.toISOString() : null,
    onTime: d.onTime,
  };
}
