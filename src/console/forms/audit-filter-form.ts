import { TZDate } from '@date-fns/tz';
import { STATE_TIME_ZONES } from '../../../machines';
import { capitalized } from '../../../machines/wording';
import { SUPERVISION_ACTIVITIES } from '../../activities/supervision-activity-steps';
import { CASE_ACTIVITY } from '../../cases/case-activity';
import type { ActivityKind } from '../../engine/activity';
import { REOPEN_REQUEST_ACTIVITY } from '../../reopen-requests/reopen-request-activity';

/**
 * The audit page's filters as the auditor types and picks them, all carried in the address so that
 * a filtered view can be bookmarked: a case number rather than an id (an id from an older address
 * still works), an action picked from a list, times read in the zone picked.
 */
const AUDIT_FORM_FIELDS = ['caseNumber', 'caseId', 'actor', 'action', 'outcome', 'from', 'to', 'zone'] as const;
export type AuditForm = Partial<Record<(typeof AUDIT_FORM_FIELDS)[number], string>>;

/** The form's fields as given, trimmed; empty ones dropped. */
export function auditFormOf(query: Record<string, unknown>): AuditForm {
  const form: AuditForm = {};
  for (const field of AUDIT_FORM_FIELDS) {
    const value = typeof query[field] === 'string' ? (query[field] as string).trim() : '';
    if (value) form[field] = value;
  }
  return form;
}

/** The zones the page offers: each zone a state's compact office keeps, once, then UTC, the zone of the exports. */
export const AUDIT_ZONES: readonly string[] = [...[...new Set(Object.values(STATE_TIME_ZONES))].sort(), 'UTC'];

const CLOCK_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/;

/**
 * A From or To as the API takes it: a clock time without a zone (what a datetime-local field sends)
 * is read in `zone`; anything else goes on as typed, for the API's own check to accept (an instant
 * with its offset) or name.
 */
export function instantIn(value: string | undefined, zone: string): string | undefined {
  const clock = value === undefined ? null : CLOCK_TIME.exec(value);
  if (!clock) return value;
  const [year, month, day, hours, minutes, seconds] = clock.slice(1).map((part) => Number(part ?? 0));
  // As UTC: a TZDate writes its ISO string with the zone's offset.
  return new Date(new TZDate(year, month - 1, day, hours, minutes, seconds, zone).getTime()).toISOString();
}

interface ActionChoice {
  value: string;
  label: string;
}

/** One <optgroup> of the action list. */
interface ActionGroup {
  label: string;
  choices: readonly ActionChoice[];
}

/** An activity kind's steps, each under the audit name its declaration gives it. */
function stepsOf(kind: ActivityKind<string>): ActionGroup {
  return { label: capitalized(kind.title), choices: Object.values(kind.steps).map((step) => ({ value: step.action, label: step.label })) };
}

/**
 * What the history records besides the activities' steps: reads, the sign-in and the accounts, and
 * the audit's own work. Their names are written where each is recorded, not declared in one table,
 * so they are listed here in words.
 */
const OTHER_ACTIONS: readonly ActionGroup[] = [
  {
    label: 'Case work besides the steps',
    choices: [
      { value: 'OPEN_CASE', label: 'Open a case' },
      { value: 'CASE_READ', label: 'Read a case' },
      { value: 'CASE_HISTORY_READ', label: "Read a case's history" },
      { value: 'ACTIVITIES_READ', label: "Read a case's activities" },
      { value: 'ACTIVITY_READ', label: 'Read an activity' },
      { value: 'ACTIVITY_HISTORY_READ', label: "Read an activity's history" },
      { value: 'ACTIVITY_STEP', label: 'An activity step the rules do not know' },
      { value: 'REOPEN_REQUESTS_READ', label: 'Read the reopen requests' },
      { value: 'REOPEN_REQUEST_READ', label: 'Read a reopen request' },
      { value: 'REASSIGN_CASE', label: 'Reassign a case' },
      { value: 'SEND_DEADLINE_REMINDER', label: 'Send a deadline reminder' },
      { value: 'COMPLIANCE_READ', label: 'Read the compliance report' },
    ],
  },
  {
    label: 'Sign-in and accounts',
    choices: [
      { value: 'SIGN_IN', label: 'Sign in' },
      { value: 'SIGN_OUT', label: 'Sign out' },
      { value: 'SESSION_EXPIRED', label: 'Session expired' },
      { value: 'ACCESS', label: 'Open a page or route of another role' },
      { value: 'ACCOUNT_LOCKED', label: 'Account locked' },
      { value: 'ACCOUNT_UNLOCKED', label: 'Account unlocked' },
      { value: 'PASSWORD_CHANGED', label: 'Change a password' },
      { value: 'PASSWORD_RESET_REQUESTED', label: 'Ask for a password reset' },
      { value: 'PASSWORD_RESET', label: 'Reset a password' },
      { value: 'EMAIL_CHANGE_REQUESTED', label: 'Ask to change an email address' },
      { value: 'EMAIL_CHANGE_CONFIRMED', label: 'Confirm an email address' },
      { value: 'EMAIL_CHANGE_WITHDRAWN', label: 'Withdraw an email change' },
      { value: 'USER_CREATED', label: 'Create an account' },
      { value: 'USER_READ', label: 'Read an account' },
      { value: 'USER_UPDATED', label: 'Change an account' },
      { value: 'ROLE_CHANGED', label: "Change an account's role" },
      { value: 'USER_DEACTIVATED', label: 'Deactivate an account' },
      { value: 'USER_REACTIVATED', label: 'Reactivate an account' },
    ],
  },
  {
    label: 'The audit history',
    choices: [
      { value: 'AUDIT_READ', label: 'Read the audit history' },
      { value: 'AUDIT_EXPORT', label: 'Export the audit history' },
      { value: 'AUDIT_VERIFY', label: 'Verify the chain' },
      { value: 'AUDIT_CHECKPOINT', label: 'Sign a checkpoint' },
      { value: 'AUDIT_CHECKPOINTS_READ', label: 'Read the checkpoints' },
    ],
  },
];

/** Every action the audit knows, grouped: the declared steps of each activity kind, then the rest. */
export const AUDIT_ACTION_GROUPS: readonly ActionGroup[] = [
  stepsOf(CASE_ACTIVITY),
  stepsOf(REOPEN_REQUEST_ACTIVITY),
  ...Object.values(SUPERVISION_ACTIVITIES).map(stepsOf),
  ...OTHER_ACTIONS,
];

const STEP_GROUPS = AUDIT_ACTION_GROUPS.length - OTHER_ACTIONS.length;

/** Each action's words on an entry's line, as first declared: a step's label says of what ("Deny (reopen request)"). */
const ACTION_LABELS = new Map<string, string>();
AUDIT_ACTION_GROUPS.forEach((group, i) => {
  for (const { value, label } of group.choices) {
    if (!ACTION_LABELS.has(value)) ACTION_LABELS.set(value, i < STEP_GROUPS ? `${label} (${group.label.toLowerCase()})` : label);
  }
});

/** The action's words, or its name for one the list does not know. */
export function actionLabelOf(action: string): string {
  return ACTION_LABELS.get(action) ?? action;
}
