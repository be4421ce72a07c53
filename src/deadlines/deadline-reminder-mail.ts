import type { CompactDate, DayUnit, NoticeKind, Side } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { CONSOLE_PAGES, consoleLink } from '../mail/console-links';
import type { MailDraft } from '../mail/outgoing-mail';

/** What a reminder tells of one deadline, as of the instant it goes out. */
export interface DeadlineReminderFacts {
  kind: NoticeKind;
  /** What is due, in the compact's words ("Transfer reply"), and the rule that sets its limit. */
  activity: string;
  /** The kind of supervision activity it belongs to, in words ("progress report"); null for a deadline of the case itself. */
  activityKind: string | null;
  rule: string;
  limitDays: number;
  limitUnit: DayUnit;
  dueOn: CompactDate;
  /** Days left in the limit's unit; negative once it is overdue. */
  daysLeft: number;
  responsibleSide: Side;
  responsibleState: StateCode;
  /** The assigned user's name, or null while nobody is assigned (the compact office owes it then). */
  assignee: string | null;
  caseId: string;
  caseNumber: string;
  offenderName: string;
  sendingState: StateCode;
  receivingState: StateCode;
  /** Why this reader gets it: assigned to the case, or of the compact office that answers for it. */
  reader: 'assignee' | 'compact_office';
  publicUrl: string;
}

function days(n: number, unit: DayUnit): string {
  return `${n} ${unit} day${n === 1 ? '' : 's'}`;
}

function when(f: Pick<DeadlineReminderFacts, 'daysLeft' | 'limitUnit'>): string {
  if (f.daysLeft > 0) return `Due in ${days(f.daysLeft, f.limitUnit)}`;
  if (f.daysLeft === 0) return 'Due today';
  return `Overdue by ${days(-f.daysLeft, f.limitUnit)}`;
}

function weekdayOf(date: CompactDate): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
}

const WHY: Record<DeadlineReminderFacts['reader'], string> = {
  assignee: 'you are assigned to this case',
  compact_office: 'your compact office answers for this deadline',
};

/**
 * What a reminder says in a line: "Due in 15 calendar days: transfer reply for case … (…)"; an
 * activity's deadline names the activity: "Due today: response to a violation report (violation report) for case …".
 */
export function deadlineReminderSubject(f: Omit<DeadlineReminderFacts, 'reader'>): string {
  const of = f.activityKind ? ` (${f.activityKind})` : '';
  return `${when(f)}: ${f.activity.toLowerCase()}${of} for case ${f.caseNumber} (${f.offenderName})`;
}

/**
 * A reminder of a deadline: what is due on which case, by when and under which rule, and who owes
 * it. Plain text with the console's link to the case, as every mail of the engine.
 */
export function deadlineReminderMail(to: string, f: DeadlineReminderFacts): MailDraft {
  const what = f.activity.toLowerCase();
  const side = f.responsibleSide === 'sending' ? 'sending state' : 'receiving state';
  const lines = [
    f.kind === 'overdue' ? `The ${what} for this case was due on ${f.dueOn} and has not been sent.` : `The ${what} for this case is due on ${f.dueOn}.`,
    '',
    `Case:      ${f.caseNumber}`,
    `Offender:  ${f.offenderName}`,
    `Transfer:  from ${f.sendingState} (sending state) to ${f.receivingState} (receiving state)`,
    ...(f.activityKind ? [`Activity:  ${f.activityKind}`] : []),
    `Due:       ${f.dueOn} (${weekdayOf(f.dueOn)}), by the end of the day, Eastern time`,
    `Rule:      ${f.rule}, ${days(f.limitDays, f.limitUnit)}`,
    `Owed by:   ${f.responsibleState} (${side}), ${f.assignee ? `assigned to ${f.assignee}` : 'not assigned to anyone yet'}`,
    '',
    `The case: ${consoleLink(f.publicUrl, CONSOLE_PAGES.case(f.caseId))}`,
    '',
    '-- ',
    `Compact Case Engine. This reminder was sent because ${WHY[f.reader]}; sign in to act on it.`,
  ];
  return { to, subject: deadlineReminderSubject(f), body: lines.join('\n') + '\n' };
}
