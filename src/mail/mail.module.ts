import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MAIL_CONFIG, type MailConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { FileDropTransport } from './file-drop.transport';
import { MailOutbox } from './mail-outbox';
import { OutboxMail } from './mail-outbox.entity';
import { MailSender } from './mail-sender.service';
import { MAIL_TRANSPORT, type MailTransport } from './outgoing-mail';
import { SmtpTransport } from './smtp.transport';

@Module({
  imports: [DatabaseModule, TypeOrmModule.forFeature([OutboxMail])],
  providers: [
    MailOutbox,
    MailSender,
    {
      provide: MAIL_TRANSPORT,
      inject: [MAIL_CONFIG],
      useFactory: (config: MailConfig): MailTransport => (config.smtpUrl ? new SmtpTransport(config.smtpUrl) : new FileDropTransport(config.outboxDir)),
    },
  ],
  exports: [MailOutbox, MailSender],
})
export class MailModule {}
