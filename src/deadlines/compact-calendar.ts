import { BusinessCalendar, DEADLINE_RULES, FEDERAL_CALENDAR, type DeadlineRule } from '../../machines';

/** The rule table the engine counts by: DEADLINE_RULES, or a test's own versions. */
export const DEADLINE_RULE_TABLE = Symbol('DEADLINE_RULE_TABLE');
export type DeadlineRuleTable = readonly DeadlineRule[];

/** The providers of the compact's clock: the business calendar and the rule table. */
export const COMPACT_CLOCK_PROVIDERS = [
  { provide: BusinessCalendar, useValue: FEDERAL_CALENDAR },
  { provide: DEADLINE_RULE_TABLE, useValue: DEADLINE_RULES },
];
