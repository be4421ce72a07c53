/** A mail as a feature writes it: plain text to one address. */
export interface MailDraft {
  to: string;
  subject: string;
  body: string;
  /**
   * The body holds a secret (a link that sets a password): the outbox blots the body out once the
   * mail is delivered or given up on, so the database keeps the link's hash only.
   */
  holdsSecret?: boolean;
}

/** A mail as the sender hands it to a transport. */
export interface OutgoingMail extends MailDraft {
  /** The outbox row's id: a retried mail keeps its Message-ID and file name. */
  id: string;
  from: string;
  /** When the change the mail tells of was committed. */
  date: Date;
}

/** Where mails go: a mail relay, or a folder of .eml files. */
export interface MailTransport {
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Injection token of the MailTransport. */
export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
