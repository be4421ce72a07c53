import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../database/database.module';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';

@Module({
  imports: [DatabaseModule, TypeOrmModule.forFeature([AuditEntry, AuditChainHead])],
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
