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

/** Who asked for a change of address, as the mails about it name them. */
export type ChangeAsker = Pick<Actor, 'username' | 'role' | 'state'>;

function asker(by: ChangeAsker): string {
  return `${by.username} (${ROLE_TITLES[by.role]}, ${by.state})`;
}

/**
 * To the account's confirmed address, when a state administrator asks to change it. It carries no
 * link: it only tells the owner, who can still stop the change before the new address confirms it.
 */
export function emailChangeRequestedMail(to: string, f: { username: string; newEmail: string; by: ChangeAsker; at: Date }): MailDraft {
  const body = [
    `${asker(f.by)} asked at ${utc(f.at)} to change the email address of your Compact Case Engine`,
    `account ${f.username} from this address to ${f.newEmail}.`,
    '',
    'The change takes effect only when the owner of the new address confirms it with a link mailed there.',
    "Until then, the account's mails, password reset links included, keep coming to this address.",
    '',
    'If you did not expect this, call your state compact office at once.',
    ...SIGNATURE,
  ];
  return { to, subject: 'The email address of your Compact Case Engine account is about to change', body: body.join('\n') + '\n' };
}

/** To the new address: the link that makes it the account's, once. */
export function emailConfirmationMail(to: string, f: { username: string; by: ChangeAsker; link: string; validMs: number }): MailDraft {
  const body = [
    `${asker(f.by)} asked to make this the email address of the Compact Case Engine account ${f.username}.`,
    '',
    `Confirm it here. The link works once, for ${duration(f.validMs)}:`,
    `  ${f.link}`,
    '',
    "Until it is confirmed, the account's mails keep going to its old address. If you do not know this",
    'account, ignore this mail: nothing changes.',
    ...SIGNATURE,
    'Do not forward this mail: whoever has the link can make this address the account’s.',
  ];
  return { to, subject: 'Confirm the email address of your Compact Case Engine account', body: body.join('\n') + '\n', holdsSecret: true };
}

/** To the old address, once the new one is confirmed: the account's mails go elsewhere from now on. */
export function emailChangedMail(to: string, f: { username: string; newEmail: string; requestedBy: string; at: Date }): MailDraft {
  const body = [
    `The email address of your Compact Case Engine account ${f.username} was changed at ${utc(f.at)}`,
    `to ${f.newEmail}: ${f.requestedBy} asked for it, and the owner of that address confirmed it.`,
    "The account's mails go there from now on; password links mailed here before no longer work.",
    '',
    'If this was not you, call your state compact office at once.',
    ...SIGNATURE,
  ];
  return { to, subject: 'The email address of your Compact Case Engine account was changed', body: body.join('\n') + '\n' };
}
