import { ROLE_TITLES, type Actor } from '../../machines/roles';
import type { StateCode } from '../../machines/jurisdiction';
import { CONSOLE_PAGES, consoleLink } from '../mail/console-links';
import type { MailDraft } from '../mail/outgoing-mail';

export interface ActivityMailFacts {
  /** The step as its button names it: "Report a violation". */
  label: string;
  title: string;
  rule: string;
  activityId: string;
  status: string;
  caseId: string;
  caseNumber: string;
  offenderName: string;
  sendingState: StateCode;
  receivingState: StateCode;
  by: Pick<Actor, 'username' | 'role' | 'state'>;
  /** The fields the step gave, in its own words. */
  fields: Readonly<Record<string, string>>;
  /** The limits the step started and who owes them: "RVR (4.109(c)) due 2026-12-10 from OH". */
  due: readonly string[];
  publicUrl: string;
}

/** The mail about one step of a supervision activity to the other state's compact office. Plain text; nothing that signs anyone in. */
export function activityStepMail(to: string, f: ActivityMailFacts): MailDraft {
  const lines = [
    `${f.by.username} (${ROLE_TITLES[f.by.role]}, ${f.by.state}): ${f.label.toLowerCase()}, on this ${f.title} (rule ${f.rule}). It is now ${f.status.replace(/_/g, ' ')}.`,
    '',
    `Case:      ${f.caseNumber}`,
    `Offender:  ${f.offenderName}`,
    `Transfer:  from ${f.sendingState} (sending state) to ${f.receivingState} (receiving state)`,
  ];
  const given = Object.entries(f.fields);
  if (given.length > 0) lines.push('', ...given.map(([name, value]) => `${name}: ${value}`));
  if (f.due.length > 0) lines.push('', 'Due:', ...f.due.map((d) => `  ${d}`));
  lines.push('', `The ${f.title}: ${consoleLink(f.publicUrl, CONSOLE_PAGES.activity(f.activityId))}`, '', '-- ', 'Compact Case Engine.');
  return {
    to,
    subject: `${f.title[0].toUpperCase()}${f.title.slice(1)}: ${f.label.toLowerCase()}, case ${f.caseNumber} (${f.offenderName})`,
    body: lines.join('\n') + '\n',
  };
}
