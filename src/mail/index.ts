// What other features may import of src/mail/, each name from the file named here (eslint.config.mjs checks it).
export { CONSOLE_PAGES, consoleLink } from './console-links';
export { MAIL_RETRY } from './mail-backoff';
export { MailOutbox } from './mail-outbox';
export { MailSender } from './mail-sender.service';
export { MailModule } from './mail.module';
export type { MailDraft } from './outgoing-mail';
