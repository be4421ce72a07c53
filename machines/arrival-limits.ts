import { addCalendarDays, FEDERAL_CALENDAR, type CompactDate } from './calendar';
import type { CaseEventType, CaseStatus } from './case-events';
import { citationOf, DEADLINE_RULES, ruleInForce, type TimeLimit } from './deadline-rules';

/** The dates a case keeps of its move, which the steps held back until a limit has passed count from. */
export interface MoveDates {
  /** The Eastern date the receiving state accepted the transfer. */
  acceptedOn: CompactDate | null;
  /** The Eastern date of the notice of departure. */
  departedOn: CompactDate | null;
}

/** The steps the rules hold back until a limit has passed. */
export const HELD_BACK_EVENTS: readonly CaseEventType[] = ['NOTICE_OF_FAILURE_TO_ARRIVE', 'WITHDRAW_ACCEPTANCE'];

/** A step the rules allow only once a limit has passed: from when, and why. */
export interface HeldBack {
  from: CompactDate;
  /** The rule, as cited. */
  rule: string;
  /** What must have happened, in words: "no notice of departure came within 120 days of 2026-08-03 (due 2026-12-01)". */
  once: string;
}

/**
 * Withdrawing an acceptance, and noticing that the person failed to arrive, wait for a limit to
 * pass: no departure within the acceptance's 120 days (rule 3.104-1(d)), or no report by the 5th
 * business day after departure (rule 3.104-1(e)). Each limit is the version of the rule table in
 * force the day its clock started, as the case's deadline is. Null for every other step, and for a
 * case stored before its dates were kept: the compact office judges those itself.
 */
export function heldBackUntil(type: CaseEventType, status: CaseStatus, dates: MoveDates): HeldBack | null {
  if (type === 'WITHDRAW_ACCEPTANCE' && status === 'accepted')
    return dates.acceptedOn ? passed('ACC-EXP', dates.acceptedOn, 'no notice of departure has come within') : null;
  if ((type === 'WITHDRAW_ACCEPTANCE' || type === 'NOTICE_OF_FAILURE_TO_ARRIVE') && status === 'departed') {
    return dates.departedOn ? passed('REPORT', dates.departedOn, 'the person has not reported within') : null;
  }
  return null;
}

/** Whether a held-back step may be sent on `on`. */
export function isHeldBack(type: CaseEventType, status: CaseStatus, dates: MoveDates, on: CompactDate | undefined): boolean {
  const held = heldBackUntil(type, status, dates);
  return held !== null && (on === undefined || on < held.from);
}

function passed(limit: TimeLimit, startOn: CompactDate, what: string): HeldBack {
  const rule = ruleInForce(DEADLINE_RULES, limit, startOn);
  if (!rule) throw new Error(`No version of ${limit} is in force on ${startOn}.`);
  const dueOn = rule.unit === 'calendar' ? addCalendarDays(startOn, rule.days) : FEDERAL_CALENDAR.addBusinessDays(startOn, rule.days);
  const days = `${rule.days} ${rule.unit === 'calendar' ? 'days' : 'business days'}`;
  return { from: addCalendarDays(dueOn, 1), rule: citationOf(rule), once: `${what} ${days} of ${startOn} (due ${dueOn})` };
}
