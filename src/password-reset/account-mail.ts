import { ROLE_TITLES, type Actor, type Role } from '../../machines/roles';
import type { MailDraft } from '../mail/outgoing-mail';

const SIGNATURE = ['', '-- ', 'Compact Case Engine.'];

/** Minutes or hours, as a person says them. */
function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minutes`;
  return `${Math.round(minutes / 60)} hours`;
}

function utc(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The mail with a link to set a new password, after someone asked for it on the sign-in page. */
export function resetLinkMail(to: string, f: { username: string; link: string; validMs: number }): MailDraft {
  const body = [
    `Someone asked to reset the password of your Compact Case Engine account ${f.username}.`,
    '',
    `Choose a new password here. The link works once, for ${duration(f.validMs)}:`,
    `  ${f.link}`,
    '',
    'If you did not ask for this, ignore this mail: your password stays as it is. If these mails keep',
    'coming, or you still cannot sign in, call your state compact office.',
    ...SIGNATURE,
    'Do not forward this mail: whoever has the link can set your password.',
  ];
  return { to, subject: 'Reset your Compact Case Engine password', body: body.join('\n') + '\n', holdsSecret: true };
}

export interface InvitationFacts {
  username: string;
  role: Role;
  state: string;
  invitedBy: Pick<Actor, 'username' | 'role' | 'state'>;
  link: string;
  validMs: number;
  publicUrl: string;
  minLength: number;
}

/** The mail to the owner of a new account: never a password, only a link to choose one. */
export function invitationMail(to: string, f: InvitationFacts): MailDraft {
  const body = [
    `${f.invitedBy.username} (${ROLE_TITLES[f.invitedBy.role]}, ${f.invitedBy.state}) opened a Compact Case Engine account for you.`,
    '',
    `Username:  ${f.username}`,
    `Role:      ${ROLE_TITLES[f.role]}`,
    `State:     ${f.state}`,
    '',
    `Choose your password here. The link works once, for ${duration(f.validMs)}:`,
    `  ${f.link}`,
    '',
    `A password needs at least ${f.minLength} characters; a few unrelated words make a strong one. If the link has`,
    `run out, ask for a new one with "Forgot your password?" on the sign-in page (${f.publicUrl}),`,
    'with this email address, or ask your state administrator.',
    ...SIGNATURE,
    'Do not forward this mail: whoever has the link can set the password of the account.',
  ];
  return { to, subject: `Your Compact Case Engine account ${f.username}`, body: body.join('\n') + '\n', holdsSecret: true };
}

/** How a password came to change, for the owner's notice. */
export type PasswordChangeWay = 'reset' | 'changed';

/** The notice after a password changed, so that an owner who did not change it finds out. */
export function passwordChangedMail(to: string, f: { username: string; way: PasswordChangeWay; at: Date }): MailDraft {
  const how =
    f.way === 'reset'
      ? 'with a link from a password reset mail. Every session of the account was signed out.'
      : 'by its owner while signed in. Every other session of the account was signed out.';
  const body = [
    `The password of your Compact Case Engine account ${f.username} was changed at ${utc(f.at)},`,
    how,
    '',
    'If this was not you, call your state compact office at once.',
    ...SIGNATURE,
  ];
  return { to, subject: 'Your Compact Case Engine password was changed', body: body.join('\n') + '\n' };
}
