import type { CompactDate } from '../calendar';
import type { CaseStatus } from '../case-events';
import type { CaseSide } from '../case-permissions';
import type { Role } from '../roles';

/** The activities of a case's supervision, exchanged between its two states once the person has arrived. */
export const SUPERVISION_ACTIVITY_KINDS = ['progress_report', 'violation_report', 'warrant', 'return_request', 'action_request'] as const;
export type SupervisionActivityKind = (typeof SUPERVISION_ACTIVITY_KINDS)[number];

/** Rule 4.106: whether the person complies with the conditions of supervision. */
export const COMPLIANCE_STATUSES = ['compliant', 'non_compliant'] as const;

/** Rule 4.109: what the receiving state reports. */
export const VIOLATION_KINDS = ['absconding', 'new_criminal_offense', 'significant_violation', 'other'] as const;

/** Rule 4.109(c): the action the sending state takes on a violation report. */
export const VIOLATION_RESPONSES = ['warrant_issued', 'return_requested', 'continue_supervision', 'other'] as const;

/** Every field an activity's steps may carry: free text, a choice among the values above, or a date. */
export const ACTIVITY_FIELDS = [
  'summary',
  'complianceStatus',
  'violationKind',
  'discoveredOn',
  'description',
  'response',
  'text',
  'issuedOn',
  'reason',
  'violationReportId',
  'custodySince',
  'subject',
  'message',
] as const;
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];
export type ActivityFields = Partial<Record<ActivityField, string>>;

/** The fields that are a choice, and their choices. */
export const ACTIVITY_FIELD_CHOICES: Readonly<Partial<Record<ActivityField, readonly string[]>>> = {
  complianceStatus: COMPLIANCE_STATUSES,
  violationKind: VIOLATION_KINDS,
  response: VIOLATION_RESPONSES,
};

/** The fields that are an Eastern date, none of them after the day they are given. */
export const ACTIVITY_DATE_FIELDS: readonly ActivityField[] = ['discoveredOn', 'issuedOn', 'custodySince'];

/**
 * Who sends a step: the state of the case whose duty it is (or either, or the state the activity
 * did not come from: the one it was sent to), and the roles there that may act.
 */
export interface ActivitySenders {
  side: CaseSide | 'either' | 'addressee';
  roles: readonly Role[];
}

/** One way an activity starts: who starts it so, the status it starts in and the fields it needs. */
interface ActivityStart<S extends string> {
  /** The step's name (`REQUEST`, `REPORT`...): a kind started by either state starts by a step of each. */
  step: string;
  by: ActivitySenders;
  to: S;
  requires: readonly ActivityField[];
  offers?: readonly ActivityField[];
}

/** One event of an activity, as its rule table declares it. */
interface ActivityEventRule<S extends string> {
  from: readonly S[];
  to: S;
  by: ActivitySenders;
  requires: readonly ActivityField[];
  offers?: readonly ActivityField[];
}

/**
 * An activity kind's rule table, declared once: its statuses, how it starts, its events, the
 * case statuses it may start in, and what becomes of it when its case closes or is withdrawn.
 */
export interface ActivityRules<S extends string, E extends string> {
  kind: SupervisionActivityKind;
  /** In words, for messages: "progress report". */
  title: string;
  /** The rule of the compact it follows. */
  rule: string;
  statuses: readonly S[];
  /** The statuses it ends in. */
  finals: readonly S[];
  starts: readonly ActivityStart<S>[];
  events: Readonly<Record<E, ActivityEventRule<S>>>;
  /** The case statuses it may start in. */
  startsOn: readonly CaseStatus[];
  /** The status it ends in, in the same transaction, when its case is closed or withdrawn; null when it outlives its case. */
  endsWithCase: S | null;
}

/** The facts an activity keeps, from its start to its end. */
export interface ActivityContext {
  kind: SupervisionActivityKind;
  caseId: string;
  sendingState: string;
  receivingState: string;
  startedById: string;
  /** The side of the case the activity came from. */
  startedBySide: CaseSide;
  /** The latest value of each field any of its steps gave. */
  fields: ActivityFields;
  /** Each step, with what it said: a message thread reads as it was written. */
  log: ActivityLogEntry[];
}

interface ActivityLogEntry {
  step: string;
  side: CaseSide;
  byId: string;
  on: CompactDate;
  fields: ActivityFields;
}

/** Rules for a kind read without its status and event types, as the engine handles every kind alike. */
export type AnyActivityRules = ActivityRules<string, string>;
