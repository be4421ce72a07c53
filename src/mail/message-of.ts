import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from './outgoing-mail';

/**
 * The nodemailer message of an outbox mail. The Message-ID comes from the row, so that a mail sent
 * again after a crash between the relay's answer and the row's update is the same message to the
 * mail systems that drop duplicates.
 */
export function messageOf(mail: OutgoingMail): SendMailOptions {
  return {
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.body,
    date: mail.date,
    messageId: `<${mail.id}@compact-case-engine>`,
  };
}
