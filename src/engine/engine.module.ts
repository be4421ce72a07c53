import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DatabaseModule } from '../database/database.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { StateChanges } from './state-changes';
import { StepNotices } from './step-notices';

/** The one state-change pipeline every activity goes through, and the mails its declared steps send. */
@Module({
  imports: [DatabaseModule, AuditModule, MailModule, UsersModule],
  providers: [StateChanges, StepNotices],
  exports: [StateChanges, StepNotices],
})
export class EngineModule {}
