import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PasswordResetService } from '../../src/auth/password-reset.service';
import { MailSender } from '../../src/mail/mail-sender.service';
import type { TestApp } from './test-app';

/** A mail as a person opening the .eml file reads it. */
export interface DeliveredMail {
  file: string;
  to: string;
  subject: string;
  messageId: string;
  body: string;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

/** Headers may be RFC 2047 words (=?UTF-8?Q?...?= or ?B?) when they hold more than plain ASCII. */
function decodeHeader(value: string): string {
  return value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, kind: string, text: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

function parse(file: string, raw: string): DeliveredMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = raw.slice(split + 4);
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
  else if (encoding === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
  return {
    file,
    to: headers.get('to') ?? '',
    subject: decodeHeader(headers.get('subject') ?? ''),
    messageId: headers.get('message-id') ?? '',
    body: body.replace(/\r\n/g, '\n'),
  };
}

/** The .eml files in the outbox folder, oldest first; half-written temporary files are never among them. */
export function deliveredMails(dir: string): DeliveredMail[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => parse(name, readFileSync(join(dir, name), 'utf8')));
}

/**
 * Waits for the reset requests already answered to write their mail (they do it after answering),
 * for the sender to deliver everything due, then reads the outbox folder.
 */
export async function mailsDelivered(t: TestApp): Promise<DeliveredMail[]> {
  await t.app.get(PasswordResetService).settled();
  await t.app.get(MailSender).drain();
  return deliveredMails(t.outboxDir);
}

/** A reader of the mails delivered since its last call (the app is the one the suite has started by then). */
export function newMailsOf(app: () => TestApp): () => Promise<DeliveredMail[]> {
  let seen = 0;
  return async () => {
    const all = await mailsDelivered(app());
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
}
