import { addCalendarDays, calendarDaysBetween, compactDateOf, endOfCompactDay, startOfCompactDay, type BusinessCalendar, type CompactDate } from './calendar';
import type { ReportingInstructions } from './case-lifecycle.machine';
import {
  ruleInForce,
  type AppliesTo,
  type DayUnit,
  type DeadlineRule,
  type DeadlineStepId,
  type NoticeAt,
  type Side,
  type StartsWhen,
  type TimeLimit,
} from './deadline-rules';

export const DEADLINE_STATUSES = ['open', 'met', 'missed', 'cancelled'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];

/** A deadline a step starts: the version that governs it, when its clock started and when it falls due. */
export interface StartedDeadline {
  rule: DeadlineRule;
  /** Day 0 of the count, Eastern. */
  startOn: CompactDate;
  /** The instant the clock started: the step, or the start of the supervision end date. */
  startedAt: Date;
  dueOn: CompactDate;
  /** The instant dueOn ends, Eastern. */
  dueAt: Date;
  /** Met by the very step that started it (a request transmitted as it is recorded), on time or not; absent while open. */
  met?: { onTime: boolean };
}

/** A deadline still open on a case, as the step that may end it needs to know it. */
export interface OpenDeadline {
  id: string;
  limit: TimeLimit;
  startedAt: Date;
  dueOn: CompactDate;
  /** The activity of the case it belongs to; null (or absent) for the case's own. */
  activityId?: string | null;
}

export interface EndedDeadline {
  id: string;
  status: Exclude<DeadlineStatus, 'open'>;
  /** Whether it was met on or before its due date (an unmet one is not on time). */
  onTime: boolean;
}

/**
 * A step of a case, or of one of its activities, as the deadlines see it. A case event concerns the
 * case's own deadlines only; an activity's step those of its activity and of the activity it answers.
 */
export interface DeadlineStep {
  event: DeadlineStepId;
  /**
   * What the step sent to the other state (transmittedBy): the clocks of the rules start and stop
   * when an activity is transmitted, so a submission kept for its compact office's review moves none.
   * An activity's step always transmits itself: no compact office reviews an activity.
   */
  transmits: DeadlineStepId | null;
  /** When the step was taken; a step that transmits, when it was transmitted. */
  at: Date;
  supervisionEndsOn: CompactDate | null;
  /** The reporting instructions the case asked for, which choose between limits (AppliesTo) and give a sentencing date. */
  instructions: ReportingInstructions | null;
  /** The activity the step is of; null (or absent) for an event of the case. */
  activityId?: string | null;
  /** The activity it answers (a warrant's violation report), whose open deadlines it may meet too. */
  linkedActivityId?: string | null;
  /** The date the step gives, that a clock starts on: a violation's discovery, a custody. */
  givenDate?: CompactDate | null;
  /** When the activity of the step started (its first step). */
  activityStartedAt?: Date | null;
  /** What a violation response decided. */
  response?: string | null;
}

/** Whether a deadline is one a step may end: of its own activity or the one it answers, or the case's own for a case event. */
function inScope(deadline: OpenDeadline, step: DeadlineStep): boolean {
  const of = deadline.activityId ?? null;
  const own = step.activityId ?? null;
  return of === own || (own !== null && of !== null && of === (step.linkedActivityId ?? null));
}

/** Whether the starting step says what a limit needs to start. */
function startsWhen(condition: StartsWhen | undefined, step: DeadlineStep): boolean {
  return condition?.response === undefined || condition.response === (step.response ?? null);
}

/** Whether a limit applies to a case of these reporting instructions. */
function appliesTo(condition: AppliesTo | undefined, instructions: ReportingInstructions | null): boolean {
  if (!condition) return true;
  if (!instructions) return false;
  return (
    (condition.sexOffender === undefined || condition.sexOffender === instructions.sexOffender) &&
    (condition.instructionsKind === undefined || condition.instructionsKind === instructions.kind)
  );
}

/** The due date of a count of `days` `unit` from day 0. */
function dueDateOf(startOn: CompactDate, days: number, unit: DayUnit, calendar: BusinessCalendar): CompactDate {
  return unit === 'calendar' ? addCalendarDays(startOn, days) : calendar.addBusinessDays(startOn, days);
}

/** The deadline of `rule` whose clock starts on `startOn`, or null if the rule of that limit was not in force that day. */
function startDeadline(
  table: readonly DeadlineRule[],
  limit: TimeLimit,
  startOn: CompactDate,
  startedAt: Date,
  calendar: BusinessCalendar,
): StartedDeadline | null {
  const rule = ruleInForce(table, limit, startOn);
  if (!rule) return null;
  const dueOn = dueDateOf(startOn, rule.days, rule.unit, calendar);
  return { rule, startOn, startedAt, dueOn, dueAt: endOfCompactDay(dueOn) };
}

/**
 * What a step does to a case's deadlines: the open ones it meets or ends, and the ones it starts.
 * Only what the step transmits counts, except for a clock that starts on the sentencing date: the
 * request that gives the date starts it when recorded, and its transmission meets it, in the same
 * step when the compact office sends it at once. A step that ends a deadline unmet cancels it while
 * it is not yet due, and leaves it missed once it is; one whose clock has not started yet (a closure
 * notice before the supervision end date) is cancelled, for nothing was yet owed. A closure notice's
 * deadline starts only where the case has a supervision end date whose notice is not yet overdue: a
 * case that goes back to active supervision is not given a deadline it has already missed.
 */
export function deadlinesOfStep(
  step: DeadlineStep,
  open: readonly OpenDeadline[],
  table: readonly DeadlineRule[],
  calendar: BusinessCalendar,
): { ended: EndedDeadline[]; started: StartedDeadline[] } {
  const today = compactDateOf(step.at);
  const sent = step.transmits;
  const ended: EndedDeadline[] = [];
  const concerned = open.filter((d) => inScope(d, step));
  for (const deadline of concerned) {
    const rules = table.filter((r) => r.limit === deadline.limit);
    const meets = sent !== null && rules.some((r) => r.metBy.includes(sent));
    const ends = sent !== null && rules.some((r) => r.endedBy.includes(sent));
    if (!meets && !ends) continue;
    const notStarted = step.at < deadline.startedAt;
    if (meets && !notStarted) ended.push({ id: deadline.id, status: 'met', onTime: today <= deadline.dueOn });
    else ended.push({ id: deadline.id, status: today > deadline.dueOn ? 'missed' : 'cancelled', onTime: false });
  }
  // A limit already running in the step's own scope (the case's, or its activity's) is not started twice.
  const ownScope = step.activityId ?? null;
  const stillOpen = new Set(concerned.filter((d) => (d.activityId ?? null) === ownScope && !ended.some((e) => e.id === d.id)).map((d) => d.limit));
  const started: StartedDeadline[] = [];
  const starts = (r: DeadlineRule) => (r.clockStarts === 'sentencing' ? r.startedBy.includes(step.event) : sent !== null && r.startedBy.includes(sent));
  for (const limit of new Set(table.filter((r) => starts(r) && appliesTo(r.appliesTo, step.instructions) && startsWhen(r.when, step)).map((r) => r.limit))) {
    if (stillOpen.has(limit)) continue;
    const deadline = startOf(limit, step, table, calendar);
    if (!deadline || (deadline.rule.clockStarts === 'supervision_end' && deadline.dueOn < today)) continue;
    started.push(sent !== null && deadline.rule.metBy.includes(sent) ? { ...deadline, met: { onTime: today <= deadline.dueOn } } : deadline);
  }
  return { ended, started };
}

function startOf(limit: TimeLimit, step: DeadlineStep, table: readonly DeadlineRule[], calendar: BusinessCalendar): StartedDeadline | null {
  // Where a limit's clock starts is the nature of the limit, the same in every version.
  switch (table.find((r) => r.limit === limit)?.clockStarts) {
    case 'supervision_end':
      if (!step.supervisionEndsOn) return null;
      return startDeadline(table, limit, step.supervisionEndsOn, startOfCompactDay(step.supervisionEndsOn), calendar);
    case 'sentencing': {
      const sentenced = step.instructions?.sentencingDate;
      return sentenced ? startDeadline(table, limit, sentenced, startOfCompactDay(sentenced), calendar) : null;
    }
    case 'given_date':
      return step.givenDate ? startDeadline(table, limit, step.givenDate, startOfCompactDay(step.givenDate), calendar) : null;
    case 'activity_start':
      return step.activityStartedAt ? startDeadline(table, limit, compactDateOf(step.activityStartedAt), step.activityStartedAt, calendar) : null;
    default:
      return startDeadline(table, limit, compactDateOf(step.at), step.at, calendar);
  }
}

export type NoticeKind = 'due_soon' | 'due_today' | 'overdue';

/** One reminder of a deadline: its place in the rule's schedule, and when it goes out. */
export interface ScheduledNotice {
  index: number;
  kind: NoticeKind;
  on: CompactDate;
  at: Date;
}

/** The reminders of a deadline, in the order they go out. */
export function noticesOf(
  deadline: { startOn: CompactDate; dueOn: CompactDate },
  schedule: readonly NoticeAt[],
  calendar: BusinessCalendar,
): ScheduledNotice[] {
  return schedule
    .map((n, index) => {
      const on = dueDateOf(n.from === 'start' ? deadline.startOn : deadline.dueOn, n.days, n.unit, calendar);
      const kind: NoticeKind = on < deadline.dueOn ? 'due_soon' : on === deadline.dueOn ? 'due_today' : 'overdue';
      return { index, kind, on, at: startOfCompactDay(on) };
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
}

/**
 * The reminders of a deadline to send now, from those not sent yet: after a pause (the system was
 * down) only the latest that has fallen due is worth sending, and the earlier ones it supersedes
 * are set aside, so a user is not told "due in two weeks" of what is overdue.
 */
export function noticesToSend(
  scheduled: readonly ScheduledNotice[],
  alreadyDone: ReadonlySet<number>,
  now: Date,
): { send: ScheduledNotice | null; superseded: ScheduledNotice[] } {
  const due = scheduled.filter((n) => n.at <= now && !alreadyDone.has(n.index));
  const send = due.length > 0 ? due[due.length - 1] : null;
  return { send, superseded: due.slice(0, -1) };
}

/** Days left until a deadline's due date, counted in its unit; negative once it is overdue. */
export function daysLeft(dueOn: CompactDate, unit: DayUnit, now: Date, calendar: BusinessCalendar): number {
  const today = compactDateOf(now);
  return unit === 'calendar' ? calendarDaysBetween(today, dueOn) : calendar.businessDaysBetween(today, dueOn);
}

/** Who owes a deadline, from the side its rule names. */
export function responsibleStateOf<S extends string>(responsible: Side, states: { sendingState: S; receivingState: S }): S {
  return responsible === 'sending' ? states.sendingState : states.receivingState;
}

/**
 * How a deadline counts in a compliance measure, as of a date. A deadline met on or before its due
 * date is on time; one met after it, missed, or still unanswered past its due date is late; one not
 * yet due is open; a cancelled one is left out of the measure.
 */
export type ComplianceOutcome = 'on_time' | 'late' | 'open' | 'cancelled';

export function complianceOutcomeOf(deadline: { status: DeadlineStatus; onTime: boolean | null; dueOn: CompactDate }, today: CompactDate): ComplianceOutcome {
  switch (deadline.status) {
    case 'cancelled':
      return 'cancelled';
    case 'met':
      return deadline.onTime ? 'on_time' : 'late';
    case 'missed':
      return 'late';
    case 'open':
      return deadline.dueOn < today ? 'late' : 'open';
  }
}
