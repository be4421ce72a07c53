import type { CompactDate } from './calendar';
import type { CaseEventType, InstructionsKind } from './case-events';

/** How a limit counts: calendar days are never moved off a weekend or holiday; business days skip them. */
export type DayUnit = 'calendar' | 'business';

/** The side of a case that owes an answer. */
export type Side = 'sending' | 'receiving';

/** The time limits of the activities the engine has, by the id the compact's tables give them. */
export const TIME_LIMITS = [
  'RI-LIVING',
  'RI-REPLY',
  'RI-REPLY-SO',
  'TREQ-AFTER-RI',
  'TREQ-AFTER-EXP',
  'TREP',
  'ACC-EXP',
  'REPORT',
  'CCN',
  'CCN-REPLY',
  'PR',
  'OVR',
  'RVR',
  'WARRANT',
  'RETAKE',
  'RETURN-RI-REPLY',
] as const;
export type TimeLimit = (typeof TIME_LIMITS)[number];

/** The timeliness measures of the Commission's compliance dashboards. */
export type Measure = 'transfer_reply' | 'case_closure' | 'case_closure_reply' | 'progress_report' | 'violation_response' | 'ri_reply' | 'warrant_timeliness';

/**
 * The steps of a case's supervision activities (progress reports, violation reports, warrants,
 * return requests), named `${kind}:${step}`, as the deadlines see them.
 */
export const ACTIVITY_STEP_IDS = [
  'progress_report:REQUEST', // sending state asks for a progress report (activity starts, status requested)
  'progress_report:REPORT', // receiving state sends one unasked (activity starts already submitted) – starts no deadline
  'progress_report:SUBMIT_REPORT', // receiving state answers the request
  'progress_report:CANCEL', // the case was closed/withdrawn: the activity ends with it
  'violation_report:REPORT', // receiving state reports a violation (activity starts); gives discoveredOn
  'violation_report:RESPOND', // sending state responds; gives response: 'warrant_issued'|'return_requested'|'continue_supervision'|'other'
  'violation_report:CANCEL',
  'warrant:ISSUE', // sending state issues a warrant (activity starts); may be linked to a violation report
  'warrant:REPORT_CUSTODY', // receiving state: person in custody, gives custodySince
  'warrant:RETAKE', // sending state retook the person
  'warrant:WITHDRAW_WARRANT',
  'warrant:CANCEL',
  'return_request:REQUEST', // receiving state asks for return reporting instructions (activity starts)
  'return_request:GRANT',
  'return_request:DENY',
  'return_request:CANCEL',
] as const;
export type ActivityStepId = (typeof ACTIVITY_STEP_IDS)[number];
/** A step the deadlines follow: an event of a case's lifecycle, or a step of one of its activities. */
export type DeadlineStepId = CaseEventType | ActivityStepId;

/**
 * When a reminder goes out: `days` after the clock starts, or after the due date (before it, when
 * negative), counted in `unit`. It goes at the start of that Eastern day.
 */
export interface NoticeAt {
  days: number;
  unit: DayUnit;
  from: 'start' | 'due';
}

/**
 * Where a deadline's clock starts: at the step that starts it, on the supervision end date the case
 * records, on the sentencing date a request for reporting instructions gives, on the date an
 * activity's step gives (a violation's discovery, a custody), or when the activity the step belongs
 * to started (a warrant counted from the violation report).
 */
type ClockStart = 'step' | 'supervision_end' | 'sentencing' | 'given_date' | 'activity_start';

/** The reporting instructions a limit applies to, when it applies to some only: a sex offender's, an expedited request. */
export interface AppliesTo {
  sexOffender?: boolean;
  instructionsKind?: InstructionsKind;
}

/** What the step that starts a limit must say for the limit to start: a violation response that issues a warrant. */
export interface StartsWhen {
  response?: string;
}

/** One version of one time limit, as the rules stated it from `effectiveFrom` to `effectiveTo` (exclusive). */
export interface DeadlineRule {
  /** This version's id, recorded on every deadline it governs: the limit and the date it took effect. */
  version: string;
  limit: TimeLimit;
  /** The rule as cited today, and under its former number where it was renumbered. */
  rule: string;
  formerRule: string | null;
  /** What is due, in the compact's words. */
  title: string;
  /**
   * The steps that start the clock, as the other state receives them: a submission counts when its
   * compact office transmits it. A clock that starts on the sentencing date starts when the request
   * that gives it is recorded, transmitted or not.
   */
  startedBy: readonly DeadlineStepId[];
  /** The cases it applies to, by the reporting instructions they asked for; every case when absent. */
  appliesTo?: AppliesTo;
  /** What the starting step must say; any step of startedBy when absent. */
  when?: StartsWhen;
  clockStarts: ClockStart;
  /** Whether the rule counts from receipt; inside one engine the activity is received when it is transmitted. */
  countsFrom: 'transmitted' | 'received';
  /**
   * The steps that meet the deadline. A step that both starts and meets it (a request that gives its
   * own sentencing date, a violation report that gives its discovery date) meets it at once.
   */
  metBy: readonly DeadlineStepId[];
  /** The steps that end it unmet: cancelled while it is not yet due, missed once it is. */
  endedBy: readonly DeadlineStepId[];
  days: number;
  unit: DayUnit;
  responsible: Side;
  notices: readonly NoticeAt[];
  measure: Measure | null;
  effectiveFrom: CompactDate;
  effectiveTo: CompactDate | null;
}

/** The limits' effective dates where the rules give none: in force long before any case this engine holds. */
const LONG_STANDING: CompactDate = '2000-01-01';

const calendarDays = (...days: number[]): NoticeAt[] => days.map((d) => ({ days: d, unit: 'calendar', from: 'start' }));
const businessDays = (...days: number[]): NoticeAt[] => days.map((d) => ({ days: d, unit: 'business', from: 'start' }));

/** Rule 3.103's request after sentencing, as its versions share it. */
const RI_LIVING = {
  limit: 'RI-LIVING',
  rule: '3.103',
  formerRule: null,
  title: 'Request for reporting instructions after sentencing',
  startedBy: ['REQUEST_REPORTING_INSTRUCTIONS'],
  appliesTo: { instructionsKind: 'living_in_receiving_state' },
  clockStarts: 'sentencing',
  countsFrom: 'transmitted',
  metBy: ['REQUEST_REPORTING_INSTRUCTIONS'],
  endedBy: ['WITHDRAW'],
  unit: 'business',
  responsible: 'sending',
  measure: null,
} as const satisfies Partial<DeadlineRule>;

/** Rule 5.103(a), restated as 5.105(a) in 2026: a warrant within 15 business days of a violation report that requires retaking. */
const WARRANT = {
  limit: 'WARRANT',
  formerRule: null,
  title: 'Warrant after a violation report',
  // A response that issues a warrant is what says the violation requires retaking.
  startedBy: ['violation_report:RESPOND'],
  when: { response: 'warrant_issued' },
  // Counted from the violation report, as it was received: inside one engine, when it was sent.
  clockStarts: 'activity_start',
  countsFrom: 'received',
  metBy: ['warrant:ISSUE'],
  endedBy: ['violation_report:CANCEL'],
  days: 15,
  unit: 'business',
  responsible: 'sending',
  // No ICOTS schedule: a due notice and an overdue one, as for the other business-day limits.
  notices: businessDays(15, 16),
  measure: 'warrant_timeliness',
} as const satisfies Partial<DeadlineRule>;

/** Rule 5.105: retaking within 30 calendar days of custody held solely on the sending state's warrant. */
const RETAKE = {
  limit: 'RETAKE',
  formerRule: null,
  title: 'Retaking after custody on the warrant',
  startedBy: ['warrant:REPORT_CUSTODY'],
  // From the custody date the report gives; the report does not meet it: the retaking does.
  clockStarts: 'given_date',
  countsFrom: 'received',
  metBy: ['warrant:RETAKE'],
  endedBy: ['warrant:WITHDRAW_WARRANT', 'warrant:CANCEL'],
  days: 30,
  unit: 'calendar',
  responsible: 'sending',
  // ICOTS's schedule for a person available for retaking: days 25, 30 (due) and 35.
  notices: calendarDays(25, 30, 35),
  measure: null,
} as const satisfies Partial<DeadlineRule>;

/** The time limits of a case's supervision activities (rules 4.106, 4.109, 4.111 and 5.103 to 5.105). */
const ACTIVITY_RULES: readonly DeadlineRule[] = [
  {
    // The rules' table dates the 30 days from the 2020 amendments ("2020-04"): a request before them
    // gets no deadline, and the engine holds no activity that old.
    version: 'PR@2020-04-01',
    limit: 'PR',
    rule: '4.106(a)',
    formerRule: null,
    title: 'Requested progress report',
    startedBy: ['progress_report:REQUEST'],
    clockStarts: 'step',
    countsFrom: 'received',
    metBy: ['progress_report:SUBMIT_REPORT'],
    endedBy: ['progress_report:CANCEL'],
    days: 30,
    unit: 'calendar',
    responsible: 'receiving',
    // ICOTS gives no schedule for it: a due notice, and overdue ones the day after and 15 days after.
    notices: calendarDays(30, 31, 45),
    measure: 'progress_report',
    effectiveFrom: '2020-04-01',
    effectiveTo: null,
  },
  {
    version: 'OVR@2017-06-01',
    limit: 'OVR',
    rule: '4.109(a)',
    formerRule: null,
    title: 'Violation report',
    // The report gives the discovery date its clock starts on, and is what meets it: met at once, on time or late.
    startedBy: ['violation_report:REPORT'],
    clockStarts: 'given_date',
    countsFrom: 'transmitted',
    metBy: ['violation_report:REPORT'],
    endedBy: [],
    days: 30,
    unit: 'calendar',
    responsible: 'receiving',
    // Met by the step that starts it: nothing is left to remind.
    notices: [],
    measure: null,
    effectiveFrom: '2017-06-01',
    effectiveTo: null,
  },
  {
    version: 'RVR@2017-06-01',
    limit: 'RVR',
    rule: '4.109(c)',
    formerRule: null,
    title: 'Response to a violation report',
    startedBy: ['violation_report:REPORT'],
    clockStarts: 'step',
    countsFrom: 'received',
    metBy: ['violation_report:RESPOND'],
    endedBy: ['violation_report:CANCEL'],
    days: 10,
    unit: 'business',
    responsible: 'sending',
    // ICOTS: day 6, at 10 BD (due), and day 20; the days it names without a unit are taken as calendar days.
    notices: [{ days: 6, unit: 'calendar', from: 'start' }, ...businessDays(10), { days: 20, unit: 'calendar', from: 'start' }],
    measure: 'violation_response',
    effectiveFrom: '2017-06-01',
    effectiveTo: null,
  },
  { ...WARRANT, version: 'WARRANT@2024-11-01', rule: '5.103(a)', effectiveFrom: '2024-11-01', effectiveTo: '2026-04-01' },
  { ...WARRANT, version: 'WARRANT@2026-04-01', rule: '5.105(a)', effectiveFrom: '2026-04-01', effectiveTo: null },
  { ...RETAKE, version: 'RETAKE@2014-03-01', rule: '5.105', effectiveFrom: '2014-03-01', effectiveTo: '2026-04-01' },
  { ...RETAKE, version: 'RETAKE@2026-04-01', rule: '5.105(c)', effectiveFrom: '2026-04-01', effectiveTo: null },
  {
    version: 'RETURN-RI-REPLY@2000-01-01',
    limit: 'RETURN-RI-REPLY',
    rule: '4.111(b)',
    formerRule: null,
    title: 'Reply to a request for return reporting instructions',
    startedBy: ['return_request:REQUEST'],
    clockStarts: 'step',
    countsFrom: 'received',
    metBy: ['return_request:GRANT', 'return_request:DENY'],
    endedBy: ['return_request:CANCEL'],
    days: 2,
    unit: 'business',
    responsible: 'sending',
    // As the reply to reporting instructions: a due notice at 2 BD, an overdue one the day after.
    notices: businessDays(2, 3),
    measure: null,
    effectiveFrom: LONG_STANDING,
    effectiveTo: null,
  },
];

/**
 * The time limits in force, version by version. A deadline takes the version in force on the
 * Eastern date its clock starts and keeps it: a rule that changes later never moves it. A new
 * version is a new row, the old one given its `effectiveTo`.
 */
export const DEADLINE_RULES: readonly DeadlineRule[] = [
  { ...RI_LIVING, version: 'RI-LIVING@2000-01-01', days: 7, notices: businessDays(7, 8), effectiveFrom: LONG_STANDING, effectiveTo: '2026-04-01' },
  // The 2026 amendments gave the request 10 business days; a sentencing before them keeps 7.
  { ...RI_LIVING, version: 'RI-LIVING@2026-04-01', days: 10, notices: businessDays(10, 11), effectiveFrom: '2026-04-01', effectiveTo: null },
  {
    version: 'RI-REPLY@2000-01-01',
    limit: 'RI-REPLY',
    rule: '3.103-2',
    formerRule: '3.106',
    title: 'Reply to a request for reporting instructions',
    startedBy: ['REQUEST_REPORTING_INSTRUCTIONS'],
    appliesTo: { sexOffender: false },
    clockStarts: 'step',
    countsFrom: 'received',
    metBy: ['GRANT_REPORTING_INSTRUCTIONS', 'DENY_REPORTING_INSTRUCTIONS'],
    endedBy: ['WITHDRAW'],
    days: 2,
    unit: 'business',
    responsible: 'receiving',
    // ICOTS sends a due notice at 2 BD; the overdue one the day after goes to the compact office too.
    notices: businessDays(2, 3),
    measure: 'ri_reply',
    effectiveFrom: LONG_STANDING,
    effectiveTo: null,
  },
  {
    version: 'RI-REPLY-SO@2000-01-01',
    limit: 'RI-REPLY-SO',
    rule: '3.103-3',
    formerRule: '3.101-3',
    title: "Reply to a sex offender's request for reporting instructions",
    startedBy: ['REQUEST_REPORTING_INSTRUCTIONS'],
    appliesTo: { sexOffender: true },
    clockStarts: 'step',
    countsFrom: 'received',
    metBy: ['GRANT_REPORTING_INSTRUCTIONS', 'DENY_REPORTING_INSTRUCTIONS'],
    endedBy: ['WITHDRAW'],
    days: 5,
    unit: 'business',
    responsible: 'receiving',
    notices: businessDays(5, 6),
    measure: 'ri_reply',
    effectiveFrom: LONG_STANDING,
    effectiveTo: null,
  },
  {
    version: 'TREQ-AFTER-RI@2000-01-01',
    limit: 'TREQ-AFTER-RI',
    rule: '3.103',
    formerRule: null,
    title: 'Transfer request after reporting instructions',
    startedBy: ['GRANT_REPORTING_INSTRUCTIONS'],
    appliesTo: { instructionsKind: 'living_in_receiving_state' },
    clockStarts: 'step',
    countsFrom: 'transmitted',
    metBy: ['SUBMIT_TRANSFER_REQUEST'],
    endedBy: ['WITHDRAW'],
    days: 15,
    unit: 'business',
    responsible: 'sending',
    // Counted from the grant, which the deadline runs from; a due notice and an overdue one.
    notices: businessDays(15, 16),
    measure: null,
    effectiveFrom: LONG_STANDING,
    effectiveTo: null,
  },
  {
    version: 'TREQ-AFTER-EXP@2000-01-01',
    limit: 'TREQ-AFTER-EXP',
    rule: '3.103-2',
    formerRule: '3.106',
    title: 'Transfer request after expedited reporting instructions',
    startedBy: ['GRANT_REPORTING_INSTRUCTIONS'],
    appliesTo: { instructionsKind: 'expedited' },
    clockStarts: 'step',
    countsFrom: 'transmitted',
    metBy: ['SUBMIT_TRANSFER_REQUEST'],
    endedBy: ['WITHDRAW'],
    days: 7,
    unit: 'business',
    responsible: 'sending',
    notices: businessDays(7, 8),
    measure: null,
    effectiveFrom: LONG_STANDING,
    effectiveTo: null,
  },
  {
    version: 'TREP@2000-01-01',
    limit: 'TREP',
    rule: '3.104',
    formerRule: null,
    title: 'Transfer reply',
    startedBy: ['SUBMIT_TRANSFER_REQUEST'],
    clockStarts: 'step',
    countsFrom: 'received',
    metBy: ['ACCEPT_TRANSFER', 'REJECT_TRANSFER'],
    endedBy: ['WITHDRAW'],
    days: 45,
    unit: 'calendar',
    responsible: 'receiving',
    // ICOTS reminds on days 30, 44, 45 (due), 46, 75 and 105 after transmission.
    notices: calendarDays(30, 44, 45, 46, 75, 105),
    measure: 'transfer_reply',
    effectiveFrom: LONG_STANDING,
    effectiveTo: null,
  },
  {
    version: 'ACC-EXP@2014-03-01',
    limit: 'ACC-EXP',
    rule: '3.104-1(d)',
    formerRule: null,
    title: 'Departure within the acceptance',
    startedBy: ['ACCEPT_TRANSFER'],
    clockStarts: 'step',
    countsFrom: 'transmitted',
    metBy: ['NOTICE_OF_DEPARTURE'],
    endedBy: ['WITHDRAW', 'WITHDRAW_ACCEPTANCE'],
    days: 120,
    unit: 'calendar',
    responsible: 'sending',
    notices: calendarDays(110, 120, 121),
    measure: null,
    effectiveFrom: '2014-03-01',
    effectiveTo: null,
  },
  {
    version: 'REPORT@2014-03-01',
    limit: 'REPORT',
    rule: '3.104-1(e)',
    formerRule: null,
    title: 'Arrival in the receiving state',
    startedBy: ['NOTICE_OF_DEPARTURE'],
    clockStarts: 'step',
    countsFrom: 'transmitted',
    metBy: ['NOTICE_OF_ARRIVAL'],
    // A notice of failure to arrive comes once the report is overdue: the deadline ends missed.
    endedBy: ['WITHDRAW', 'WITHDRAW_ACCEPTANCE', 'NOTICE_OF_FAILURE_TO_ARRIVE'],
    days: 5,
    unit: 'business',
    responsible: 'receiving',
    // A due notice on the report date (a management aid, not a measure), and one the day after for the compact office.
    notices: businessDays(5, 6),
    measure: null,
    effectiveFrom: '2014-03-01',
    effectiveTo: null,
  },
  {
    version: 'CCN@2000-01-01',
    limit: 'CCN',
    rule: '4.112(c)',
    formerRule: null,
    title: 'Case closure notice',
    startedBy: ['NOTICE_OF_ARRIVAL', 'REJECT_CLOSURE', 'REOPEN'],
    clockStarts: 'supervision_end',
    countsFrom: 'transmitted',
    metBy: ['SUBMIT_CLOSURE_NOTICE'],
    // A case the sending state closes on its retaking owes no closure notice any more.
    endedBy: ['WITHDRAW', 'CLOSE_AFTER_RETAKING'],
    days: 10,
    unit: 'business',
    responsible: 'receiving',
    // 30 CD before it is due; at 10 BD (due) and 20 BD after supervision end; then 40, 70, 100 and 130 CD after it.
    notices: [{ days: -30, unit: 'calendar', from: 'due' }, ...businessDays(10, 20), ...calendarDays(40, 70, 100, 130)],
    measure: 'case_closure',
    effectiveFrom: LONG_STANDING,
    effectiveTo: null,
  },
  {
    version: 'CCN-REPLY@2012-03-01',
    limit: 'CCN-REPLY',
    rule: '4.112(d)',
    formerRule: null,
    title: 'Case closure reply',
    startedBy: ['SUBMIT_CLOSURE_NOTICE'],
    clockStarts: 'step',
    countsFrom: 'received',
    metBy: ['CONFIRM_CLOSURE', 'REJECT_CLOSURE'],
    endedBy: [],
    days: 10,
    unit: 'business',
    responsible: 'sending',
    notices: businessDays(5, 10, 17),
    measure: 'case_closure_reply',
    effectiveFrom: '2012-03-01',
    effectiveTo: null,
  },
  ...ACTIVITY_RULES,
];

/** The version of a limit in force on a date, from a rule table; null where the limit did not yet exist. */
export function ruleInForce(table: readonly DeadlineRule[], limit: TimeLimit, on: CompactDate): DeadlineRule | null {
  return table.find((r) => r.limit === limit && r.effectiveFrom <= on && (r.effectiveTo === null || on < r.effectiveTo)) ?? null;
}

/** The rule as the compact's people cite it: a renumbered rule by both numbers, "3.103-2 (formerly 3.106)". */
export function citationOf(rule: Pick<DeadlineRule, 'rule' | 'formerRule'>): string {
  return rule.formerRule ? `${rule.rule} (formerly ${rule.formerRule})` : rule.rule;
}
