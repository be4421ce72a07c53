import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseModule } from '../database/database.module';
import { MailModule } from '../mail/mail.module';
import { AuditChainAlarm } from './audit-chain-broken';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditCheckpoints } from './audit-checkpoints.service';
import { AuditEntry } from './audit-entry.entity';
import { AuditExporter } from './audit-exporter';
import { AuditLogRepository } from './audit-log.repository';
import { AuditReader } from './audit-reader.service';
import { AuditSigner } from './audit-signer';
import { AuditVerifier } from './audit-verifier.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({
  imports: [DatabaseModule, MailModule, TypeOrmModule.forFeature([AuditEntry, AuditChainHead, AuditCheckpoint])],
  controllers: [AuditController],
  providers: [AuditLogRepository, AuditService, AuditSigner, AuditCheckpoints, AuditReader, AuditExporter, AuditVerifier, AuditChainAlarm],
  exports: [AuditService, AuditReader, AuditExporter, AuditVerifier, AuditCheckpoints, AuditSigner],
})
export class AuditModule {}
