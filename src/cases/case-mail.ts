import type { CaseEventType } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { ROLE_TITLES, type Actor } from '../../machines/roles';
import { CONSOLE_PAGES, consoleLink } from '../mail/console-links';
import type { MailDraft } from '../mail/outgoing-mail';

export interface CaseStepMailFacts {
  type: CaseEventType;
  caseId: string;
  caseNumber: string;
  offenderName: string;
  sendingState: StateCode;
  receivingState: StateCode;
  by: Pick<Actor, 'username' | 'role' | 'state'>;
  reason: string | null;
  publicUrl: string;
}

/** What the mail of each step that tells anyone says happened, and what the reader may do about it. */
const NEWS: Partial<Record<CaseEventType, { subject: string; opening: string; next: string }>> = {
  WITHDRAW_ACCEPTANCE: {
    subject: 'Acceptance withdrawn',
    opening: 'withdrew its acceptance of this transfer (rule 3.104-1(d) and (e)).',
    next: 'The sending state may submit a new transfer request, or withdraw the case.',
  },
  CLOSE_AFTER_RETAKING: {
    subject: 'Closed on retaking',
    opening: 'retook the person on its warrant and closed the case: returned to the sending state (rules 5.105, 4.112(a)(5)).',
    next: 'Supervision in the receiving state has ended; nothing more is owed on this case.',
  },
  NOTICE_OF_FAILURE_TO_ARRIVE: {
    subject: 'Failure to arrive',
    opening: 'reports that the person did not arrive by the 5th business day after departure (rule 3.104-1(e)).',
    next: 'The receiving state may withdraw its acceptance; a notice of arrival still follows if the person reports.',
  },
};

/** The mail about one step of a case to the other state's compact office. Plain text; nothing that signs anyone in. */
export function caseStepMail(to: string, f: CaseStepMailFacts): MailDraft {
  const news = NEWS[f.type];
  if (!news) throw new Error(`No mail is declared for ${f.type}.`);
  const lines = [
    `${f.by.username} (${ROLE_TITLES[f.by.role]}, ${f.by.state}) ${news.opening}`,
    '',
    `Case:      ${f.caseNumber}`,
    `Offender:  ${f.offenderName}`,
    `Transfer:  from ${f.sendingState} (sending state) to ${f.receivingState} (receiving state)`,
  ];
  if (f.reason?.trim())
    lines.push(
      '',
      'Reason given:',
      ...f.reason
        .trim()
        .split(/\r?\n/)
        .map((line) => `  ${line}`),
    );
  lines.push('', news.next, `The case: ${consoleLink(f.publicUrl, CONSOLE_PAGES.case(f.caseId))}`, '', '-- ', 'Compact Case Engine.');
  return { to, subject: `${news.subject}: case ${f.caseNumber} (${f.offenderName})`, body: lines.join('\n') + '\n' };
}
