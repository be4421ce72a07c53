import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DatabaseModule } from '../database/database.module';
import { StateChanges } from './state-changes';

/** The one state-change pipeline every activity goes through. */
@Module({
  imports: [DatabaseModule, AuditModule],
  providers: [StateChanges],
  exports: [StateChanges],
})
export class EngineModule {}
