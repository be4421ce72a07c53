import { addCalendarDays, type CompactDate } from './calendar';
import type { DeadlineRule, Measure } from './deadline-rules';
import type { ComplianceOutcome } from './deadlines';

/** One timeliness measure of the Commission's compliance dashboards: what it judges, and under which rule. */
export interface ComplianceMeasure {
  measure: Measure;
  title: string;
  rule: string;
  /** Shown for information: counted like the others, but held to no target (meetsTarget is null). */
  informational: boolean;
}

/**
 * The six dashboards, in the Commission's order. The sixth is not known: the reply to reporting
 * instructions stands in for it, as a measure of the engine's own. The timeliness of warrants after
 * a violation report (rule 5.105(a), formerly 5.103(a)) follows, for information: no dashboard
 * holds it to a target.
 */
export const COMPLIANCE_MEASURES: readonly ComplianceMeasure[] = [
  { measure: 'transfer_reply', title: 'Transfer Reply', rule: '3.104', informational: false },
  { measure: 'case_closure', title: 'Case Closure', rule: '4.112(c)', informational: false },
  { measure: 'case_closure_reply', title: 'Case Closure Reply', rule: '4.112(d)', informational: false },
  { measure: 'progress_report', title: 'Requested Progress Report', rule: '4.106(a)', informational: false },
  { measure: 'violation_response', title: 'Violation Response', rule: '4.109(c)', informational: false },
  { measure: 'ri_reply', title: 'Reporting Instructions Reply (internal)', rule: '3.103', informational: false },
  { measure: 'warrant_timeliness', title: 'Warrant Timeliness (information)', rule: '5.105(a)', informational: true },
];

export const COMPLIANCE_OUTCOMES: readonly ComplianceOutcome[] = ['on_time', 'late', 'open', 'cancelled'];

/** The measures some time limit of the table is judged by; the others have no activity in the engine yet. */
export function trackedMeasures(table: readonly DeadlineRule[]): ReadonlySet<Measure> {
  return new Set(table.flatMap((r) => (r.measure ? [r.measure] : [])));
}

/** How many deadlines of one measure, of the owing state or of another, came to one outcome. */
export interface OutcomeTally {
  measure: Measure;
  ownState: boolean;
  outcome: ComplianceOutcome;
  count: number;
}

/**
 * The deadlines of a measure due in a period. `due` is what was owed: on time, late, or still open
 * before its due date; a cancelled deadline was owed by nobody in the end, and is shown beside it.
 * The percent is of those judged (on time or late), to one decimal; null while none is.
 */
export interface ComplianceCounts {
  due: number;
  onTime: number;
  late: number;
  open: number;
  cancelled: number;
  percentOnTime: number | null;
  meetsTarget: boolean | null;
}

/** `targetPercent` null: a measure shown for information, held to no target. */
export function countsOf(tallies: readonly Pick<OutcomeTally, 'outcome' | 'count'>[], targetPercent: number | null): ComplianceCounts {
  const sum = (outcome: ComplianceOutcome) => tallies.reduce((n, t) => (t.outcome === outcome ? n + t.count : n), 0);
  const [onTime, late, open, cancelled] = COMPLIANCE_OUTCOMES.map(sum);
  const judged = onTime + late;
  const percentOnTime = judged === 0 ? null : Math.round((1000 * onTime) / judged) / 10;
  return {
    due: onTime + late + open,
    onTime,
    late,
    open,
    cancelled,
    percentOnTime,
    meetsTarget: percentOnTime === null || targetPercent === null ? null : percentOnTime >= targetPercent,
  };
}

export interface MeasureCounts extends ComplianceMeasure {
  tracked: boolean;
  state: ComplianceCounts;
  /** Every state's deadlines pooled: the national average is the ratio of the sums, not an average of the states' percents. */
  national: ComplianceCounts;
}

/** Every measure, tracked or not, with the counts of the owing state and of the nation from the tallies of one period. */
export function measureCounts(tallies: readonly OutcomeTally[], tracked: ReadonlySet<Measure>, targetPercent: number): MeasureCounts[] {
  return COMPLIANCE_MEASURES.map((m) => {
    const ofMeasure = tallies.filter((t) => t.measure === m.measure);
    const target = m.informational ? null : targetPercent;
    return {
      ...m,
      tracked: tracked.has(m.measure),
      state: countsOf(
        ofMeasure.filter((t) => t.ownState),
        target,
      ),
      national: countsOf(ofMeasure, target),
    };
  });
}

/** A stretch of days, both ends included. */
export interface DatePeriod {
  label: string;
  from: CompactDate;
  to: CompactDate;
}

/** The calendar quarters a range touches, each cut to the range: the dashboards' periods. */
export function quartersOf(from: CompactDate, to: CompactDate): DatePeriod[] {
  const periods: DatePeriod[] = [];
  let start = from;
  while (start <= to) {
    const year = Number(start.slice(0, 4));
    const quarter = Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1;
    const next =
      quarter === 4 ? `${String(year + 1).padStart(4, '0')}-01-01` : `${String(year).padStart(4, '0')}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
    const end = addCalendarDays(next, -1);
    periods.push({ label: `${year} Q${quarter}`, from: start, to: end < to ? end : to });
    start = next;
  }
  return periods;
}
