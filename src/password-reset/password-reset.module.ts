import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../database/database.module';
import { MailModule } from '../mail/mail.module';
import { AccountNotices } from './account-notices';
import { PasswordResetToken } from './password-reset-token.entity';
import { ResetTokensService } from './reset-tokens.service';

/** Links that set a password (reset and invitation), and the mails that carry them. */
@Module({
  imports: [DatabaseModule, MailModule, TypeOrmModule.forFeature([PasswordResetToken])],
  providers: [ResetTokensService, AccountNotices],
  exports: [ResetTokensService, AccountNotices],
})
export class PasswordResetModule {}
