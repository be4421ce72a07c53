import type { CaseStatus } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { ROLE_TITLES, type Actor } from '../../machines/roles';
import { CONSOLE_PAGES, consoleLink } from '../mail/console-links';
import type { MailDraft } from '../mail/outgoing-mail';

/** What happened to a reopen request, as its mails tell it. */
export type ReopenRequestNews = 'requested' | 'approved' | 'denied' | 'withdrawn' | 'superseded';

export interface ReopenRequestMailFacts {
  news: ReopenRequestNews;
  caseId: string;
  caseNumber: string;
  offenderName: string;
  sendingState: StateCode;
  receivingState: StateCode;
  /** The case's status once the step is done. */
  caseStatus: CaseStatus;
  /** Who asked, approved, denied or withdrew; for `superseded`, who moved the case out of closed. */
  by: Pick<Actor, 'username' | 'role' | 'state'>;
  requestReason: string;
  decisionReason: string | null;
  publicUrl: string;
}

const WHAT: Record<ReopenRequestNews, (caseNumber: string) => string> = {
  requested: (n) => `Reopen requested for case ${n}`,
  approved: (n) => `Reopen request approved: case ${n} is active again`,
  denied: (n) => `Reopen request denied: case ${n} stays closed`,
  withdrawn: (n) => `Reopen request withdrawn: case ${n} stays closed`,
  superseded: (n) => `Reopen request superseded: case ${n} is no longer closed`,
};

function whoOf(by: ReopenRequestMailFacts['by']): string {
  return `${by.username} (${ROLE_TITLES[by.role]}, ${by.state})`;
}

function opening(f: ReopenRequestMailFacts): string {
  const who = whoOf(f.by);
  switch (f.news) {
    case 'requested':
      return `${who} asks the compact office of ${f.receivingState} to reopen a closed case.`;
    case 'approved':
      return `${who} approved the request to reopen this case. The case is active again.`;
    case 'denied':
      return `${who} denied the request to reopen this case. The case stays closed.`;
    case 'withdrawn':
      return `${who} withdrew the request to reopen this case. The case stays closed.`;
    case 'superseded':
      return (
        `${who} moved this case out of closed (it is now ${f.caseStatus.replace(/_/g, ' ')}) while the request to ` +
        'reopen it was pending. The request is closed as superseded: there is nothing left to decide.'
      );
  }
}

function indented(text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => `  ${line}`)
    .join('\n');
}

/**
 * The mail about one step of a reopen request. Plain text that names the case, the person, the
 * reason and the console's links; nothing that signs anyone in (no token, no password) ever goes in a mail.
 */
export function reopenRequestMail(to: string, f: ReopenRequestMailFacts): MailDraft {
  const caseLink = consoleLink(f.publicUrl, CONSOLE_PAGES.case(f.caseId));
  const lines = [
    opening(f),
    '',
    `Case:      ${f.caseNumber}`,
    `Offender:  ${f.offenderName}`,
    `Transfer:  from ${f.sendingState} (sending state) to ${f.receivingState} (receiving state)`,
    '',
    'Reason given for reopening:',
    indented(f.requestReason),
  ];
  if (f.news !== 'requested' && f.decisionReason?.trim()) {
    lines.push('', `Reason given by ${f.by.username}:`, indented(f.decisionReason));
  }
  // The compact office decides from its queue; the case page shows the rest of the story.
  const links =
    f.news === 'requested'
      ? [`Approve or deny the request in your queue: ${consoleLink(f.publicUrl, CONSOLE_PAGES.reopenQueue())}`, `The case: ${caseLink}`]
      : [`The case: ${caseLink}`];
  lines.push('', ...links, '', '-- ', 'Compact Case Engine. This mail was sent because the request concerns you; sign in to act on it.');
  return { to, subject: `${WHAT[f.news](f.caseNumber)} (${f.offenderName})`, body: lines.join('\n') + '\n' };
}
