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
import { StateAdminService } from './state-admin.service';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [DatabaseModule, AuditModule, MailModule, SessionsModule, PasswordResetModule, TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UsersService, StateAdminService, AccountLocks, PasswordHasher, PasswordPolicy],
  exports: [UsersService, StateAdminService, AccountLocks, PasswordHasher, PasswordPolicy],
})
export class UsersModule {}
