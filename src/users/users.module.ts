import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { PasswordHasher } from '../auth/password-hasher';
import { DatabaseModule } from '../database/database.module';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Module({
  imports: [DatabaseModule, AuditModule, TypeOrmModule.forFeature([User])],
  providers: [UsersService, PasswordHasher],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
