import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { DatabaseModule } from '../database/database.module';
import { EngineModule } from '../engine/engine.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { CaseReopenRequestsController } from './case-reopen-requests.controller';
import { ReopenRequestNotices } from './reopen-request-notices';
import { ReopenRequestReadsService } from './reopen-request-reads.service';
import { ReopenRequest } from './reopen-request.entity';
import { ReopenRequestOffers } from './reopen-request-offers';
import { ReopenRequestRepository } from './reopen-request.repository';
import { ReopenRequestsController } from './reopen-requests.controller';
import { ReopenRequestsService } from './reopen-requests.service';
import { StaleReopenRequests } from './stale-reopen-requests';

@Module({
  imports: [DatabaseModule, AuditModule, EngineModule, CasesModule, MailModule, UsersModule, TypeOrmModule.forFeature([ReopenRequest])],
  controllers: [CaseReopenRequestsController, ReopenRequestsController],
  providers: [ReopenRequestRepository, ReopenRequestsService, ReopenRequestReadsService, ReopenRequestNotices, StaleReopenRequests, ReopenRequestOffers],
  exports: [ReopenRequestsService, ReopenRequestReadsService],
})
export class ReopenRequestsModule {}
