import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { PasswordHasher } from '../auth/password-hasher';
import { PasswordPolicy } from '../auth/password-policy.service';
import { DatabaseModule } from '../database/database.module';
import { MailModule } from '../mail/mail.module';
import { PasswordResetModule } from '../password-reset/password-reset.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountLocks } from './account-locks';
import { AuditorWitnesses } from './auditor-witnesses';
import { EmailChangeService } from './email-change.service';
import { EmailConfirmation } from './email-confirmation.entity';
import { EmailConfirmationController } from './email-confirmation.controller';
import { EmailConfirmationRepository } from './email-confirmation.repository';
import { StateAdminService } from './state-admin.service';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UserRepository } from './user.repository';
import { UsersService } from './users.service';

@Module({
  imports: [DatabaseModule, AuditModule, MailModule, SessionsModule, PasswordResetModule, TypeOrmModule.forFeature([User, EmailConfirmation])],
  controllers: [UsersController, EmailConfirmationController],
  providers: [
    UserRepository,
    EmailConfirmationRepository,
    UsersService,
    StateAdminService,
    EmailChangeService,
    AccountLocks,
    AuditorWitnesses,
    PasswordHasher,
    PasswordPolicy,
  ],
  exports: [UserRepository, UsersService, StateAdminService, EmailChangeService, AccountLocks, PasswordHasher, PasswordPolicy],
})
export class UsersModule {}
