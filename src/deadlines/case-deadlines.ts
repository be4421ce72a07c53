import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  BusinessCalendar,
  caseRecordOf,
  citationOf,
  deadlinesOfStep,
  noticesOf,
  responsibleStateOf,
  transmittedBy,
  type StartedDeadline,
} from '../../machines';
import type { AuditDraft } from '../audit/audit-draft';
import type { SupervisionCase } from '../cases/case.entity';
import { CasesService, type CaseDeadlines, type CaseStep, type CaseTransitionFollower } from '../cases/cases.service';
import type { CaseDeadlineView } from '../cases/dto/case-deadline.view';
import { DEADLINE_RULE_TABLE, type DeadlineRuleTable } from './compact-calendar';
import type { Deadline } from './deadline.entity';
import { DeadlineRepository } from './deadline.repository';
import { deadlineViewOf } from './deadline-view';
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
      {
        event: step.event.type,
        transmits: transmittedBy(step.event.type, after.status),
        at,
        supervisionEndsOn: after.supervisionEndsOn,
        instructions: caseRecordOf(after.snapshot).instructions,
      },
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
    for (const d of await this.deadlines.ofCases([...byCase.keys()], tx)) byCase.get(d.caseId)?.push(deadlineViewOf(d, this.table));
    return byCase;
  }

  private row(c: SupervisionCase, started: StartedDeadline, step: CaseStep, at: Date): Deadline {
    const { rule } = started;
    const [firstNotice] = noticesOf(started, rule.notices, this.calendar);
    // A clock started by a date the case records has no activity behind it to be transmitted or received.
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
      // A request transmitted as it is recorded meets the limit that counts from its sentencing date at once.
      status: started.met ? 'met' : 'open',
      endedAt: started.met ? at : null,
      endedBy: started.met ? step.event.type : null,
      onTime: started.met ? started.met.onTime : null,
      nextNoticeAt: started.met ? null : (firstNotice?.at ?? null),
      createdAt: at,
    });
  }
}
