import { Inject, Injectable } from '@nestjs/common';
import {
  complianceOutcomeOf,
  compactDateOf,
  isNationalRole,
  measureCounts,
  quartersOf,
  refusal,
  trackedMeasures,
  type Actor,
  type CompactDate,
  type DatePeriod,
} from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { decodeCaseCursor, encodeCaseCursor } from '../cases/case-cursor';
import { CasesService } from '../cases/cases.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { refused } from '../engine/refusals';
import { StateChanges } from '../engine/state-changes';
import { DEADLINE_RULE_TABLE, type DeadlineRuleTable } from './compact-calendar';
import { DEADLINE_CONFIG, type DeadlineConfig } from './deadline-config';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineTallyRepository } from './deadline-tally.repository';
import { deadlineViewOf } from './deadline-view';
import type { ComplianceDeadlinesQuery, ComplianceReportQuery } from './dto/compliance.query';
import type { ComplianceCountsView, ComplianceDeadlinePage, CompliancePeriodView, ComplianceReportView } from './dto/compliance-report.view';

const DEFAULT_PAGE = 50;

/** What a refused look at a state's figures is recorded as. */
const COMPLIANCE_READ = 'COMPLIANCE_READ';

/**
 * The compliance report: each measure's deadlines due in a range, quarter by quarter and over the
 * whole range, for the owing state beside the nation, with the deadlines behind each count. Its
 * outcomes are as of today: a deadline still unanswered past its due date is late.
 */
@Injectable()
export class ComplianceReports {
  constructor(
    private readonly deadlines: DeadlineRepository,
    private readonly tallies: DeadlineTallyRepository,
    private readonly cases: CasesService,
    private readonly changes: StateChanges,
    private readonly clock: Clock,
    @Inject(DEADLINE_CONFIG) private readonly config: DeadlineConfig,
    @Inject(DEADLINE_RULE_TABLE) private readonly table: DeadlineRuleTable,
  ) {}

  async report(query: ComplianceReportQuery, actor: Actor, meta: RequestMeta | null): Promise<ComplianceReportView> {
    return this.reportOf(await this.stateFor(query.state, actor, meta, 'GET /compliance'), query);
  }

  /** The report of a state whose figures the caller may see. */
  async reportOf(state: StateCode, query: { from: CompactDate; to: CompactDate }): Promise<ComplianceReportView> {
    const asOf = compactDateOf(this.clock.now());
    const quarters = quartersOf(query.from, query.to);
    const tallies = await this.tallies.tallies({ periods: quarters, state, today: asOf });
    const tracked = trackedMeasures(this.table);
    const { complianceTargetPercent: targetPercent } = this.config;
    const periodOf = (p: DatePeriod, inPeriod: (index: number) => boolean): CompliancePeriodView => ({
      ...p,
      measures: measureCounts(
        tallies.filter((t) => inPeriod(t.period)),
        tracked,
        targetPercent,
      ),
    });
    return {
      state,
      from: query.from,
      to: query.to,
      asOf,
      targetPercent,
      periods: quarters.map((q, i) => periodOf(q, (index) => index === i)),
      overall: periodOf({ label: `from ${query.from} to ${query.to}`, from: query.from, to: query.to }, () => true),
    };
  }

  async deadlinesOf(query: ComplianceDeadlinesQuery, actor: Actor, meta: RequestMeta | null): Promise<ComplianceDeadlinePage> {
    const state = await this.stateFor(query.state, actor, meta, 'GET /compliance/deadlines');
    const today = compactDateOf(this.clock.now());
    const limit = query.limit ?? DEFAULT_PAGE;
    // The cases' cursor, (key, id), with the due date for key.
    const cursor = query.cursor ? decodeCaseCursor(query.cursor) : null;
    const rows = await this.deadlines.complianceDeadlines({
      measure: query.measure,
      from: query.from,
      to: query.to,
      today,
      state,
      outcome: query.outcome,
      after: cursor && { dueOn: cursor.createdAt, id: cursor.id },
      limit,
    });
    const page = rows.slice(0, limit);
    const numbers = new Map((await this.cases.labelsOf([...new Set(page.map((d) => d.caseId))])).map((c) => [c.id, c.caseNumber]));
    const last = page[page.length - 1];
    return {
      items: page.map((d) => ({
        ...deadlineViewOf(d, this.table),
        caseId: d.caseId,
        caseNumber: numbers.get(d.caseId) ?? '',
        outcome: complianceOutcomeOf(d, today),
      })),
      nextCursor: rows.length > limit && last ? encodeCaseCursor({ createdAt: last.dueOn, id: last.id }) : null,
    };
  }

  /**
   * Whose figures: a state's people see their own state's, and asking for another's is refused and
   * recorded for both states' auditors; the Commission's auditors name the state they look at.
   */
  private async stateFor(asked: StateCode | undefined, actor: Actor, meta: RequestMeta | null, route: string): Promise<StateCode> {
    if (isNationalRole(actor.role)) {
      if (!asked) throw refused('compliance.state_required', 'state is required of a national auditor: name the state whose figures you want, e.g. state=TX.');
      return asked;
    }
    const own = actor.state as StateCode;
    if (!asked || asked === own) return own;
    const why = refusal('compliance.other_state', `You may see the compliance figures of ${own} only, not those of ${asked}.`);
    throw await this.changes.refuse({ actor, meta, action: COMPLIANCE_READ, entityType: 'route', entityId: route, caseId: null, states: [own, asked] }, why);
  }
}

const CSV_HEADER = [
  'period',
  'from',
  'to',
  'measure',
  'rule',
  'tracked',
  'state',
  'due',
  'on_time',
  'late',
  'open',
  'cancelled',
  'percent_on_time',
  'national_due',
  'national_on_time',
  'national_late',
  'national_open',
  'national_cancelled',
  'national_percent_on_time',
];

const countsOf = ({ due, onTime, late, open, cancelled, percentOnTime }: ComplianceCountsView) => [due, onTime, late, open, cancelled, percentOnTime ?? ''];

/** The report as CSV: a line per period and measure, the whole range last. No field holds a comma or a quote. */
export function complianceCsv(report: ComplianceReportView): string {
  const lines = [...report.periods, report.overall].flatMap((p) =>
    p.measures.map((m) => [p.label, p.from, p.to, m.measure, m.rule, m.tracked, report.state, ...countsOf(m.state), ...countsOf(m.national)].join(',')),
  );
  return [CSV_HEADER.join(','), ...lines].join('\n') + '\n';
}

/** The file name a CSV report is downloaded as. */
export function complianceCsvName(report: ComplianceReportView): string {
  return `compliance-${report.state}-${report.from}-${report.to}.csv`;
}
