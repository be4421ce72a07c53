import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DatabaseModule } from '../database/database.module';
import { Session } from './session.entity';
import { SessionRepository } from './session.repository';
import { SessionsService } from './sessions.service';
import { SignedInLookup } from './signed-in-lookup';

@Module({
  imports: [DatabaseModule, AuditModule, TypeOrmModule.forFeature([Session])],
  providers: [SessionsService, SessionRepository, SignedInLookup],
  exports: [SessionsService, SignedInLookup],
})
export class SessionsModule {}
