import { createTransport, type Transporter } from 'nodemailer';
import { messageOf } from './message-of';
import type { MailTransport, OutgoingMail } from './outgoing-mail';

/** Mails through the relay of SMTP_URL. */
export class SmtpTransport implements MailTransport {
  private readonly relay: Transporter;

  constructor(smtpUrl: string) {
    this.relay = createTransport(smtpUrl);
  }

  async deliver(mail: OutgoingMail): Promise<void> {
    await this.relay.sendMail(messageOf(mail));
  }

  close(): void {
    this.relay.close();
  }
}
