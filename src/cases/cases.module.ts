import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DatabaseModule } from '../database/database.module';
import { EngineModule } from '../engine/engine.module';
import { SupervisionCase } from './case.entity';
import { CasesController } from './cases.controller';
import { CaseRepository } from './case.repository';
import { CaseStepNotices } from './case-notices';
import { CasesService } from './cases.service';

@Module({
  imports: [DatabaseModule, AuditModule, EngineModule, TypeOrmModule.forFeature([SupervisionCase])],
  controllers: [CasesController],
  providers: [CasesService, CaseRepository, CaseStepNotices],
  exports: [CasesService],
})
export class CasesModule {}
