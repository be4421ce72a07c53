import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { DatabaseModule } from '../database/database.module';
import { EngineModule } from '../engine/engine.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { ActivityDeadlineSteps } from './activity-deadlines';
import { CaseAssignmentController } from './case-assignment.controller';
import { CaseAssignments } from './case-assignments';
import { CaseDeadlineSteps } from './case-deadlines';
import { COMPACT_CLOCK_PROVIDERS } from './compact-calendar';
import { ComplianceController } from './compliance.controller';
import { ComplianceReports } from './compliance-report';
import { ComplianceTallyFolds } from './compliance-tally-folds';
import { DeadlineNotice } from './deadline-notice.entity';
import { DeadlineReminders } from './deadline-reminders';
import { Deadline } from './deadline.entity';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineTallyRepository } from './deadline-tally.repository';
import { DeadlineStepWriter } from './deadline-step-writer';
import { WorkloadController } from './workload.controller';
import { Workloads } from './workloads';

/** The compact's clock: deadlines by rule and effective date, reminders, workloads and compliance. */
@Module({
  imports: [DatabaseModule, AuditModule, EngineModule, CasesModule, MailModule, UsersModule, TypeOrmModule.forFeature([Deadline, DeadlineNotice])],
  controllers: [CaseAssignmentController, WorkloadController, ComplianceController],
  providers: [
    ...COMPACT_CLOCK_PROVIDERS,
    DeadlineRepository,
    DeadlineStepWriter,
    CaseDeadlineSteps,
    ActivityDeadlineSteps,
    CaseAssignments,
    DeadlineReminders,
    Workloads,
    ComplianceReports,
    DeadlineTallyRepository,
    ComplianceTallyFolds,
  ],
  exports: [DeadlineRepository, DeadlineReminders, ActivityDeadlineSteps, Workloads, CaseAssignments],
})
export class DeadlinesModule {}
