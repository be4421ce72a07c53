import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { DatabaseModule } from '../database/database.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { EngineModule } from '../engine/engine.module';
import { ReopenRequestsModule } from '../reopen-requests/reopen-requests.module';
import { ActivitiesController } from './activities.controller';
import { ActivitiesOfCase } from './activities-of-case';
import { ActivitiesService } from './activities.service';
import { ActivityListController } from './activity-list.controller';
import { ActivityViews } from './activity-views';
import { CaseActivitiesController } from './case-activities.controller';
import { CaseActivity } from './case-activity.entity';
import { CaseActivityRepository } from './case-activity.repository';

/** The supervision activities of a case, each kind declared once (machines/activities/ and SUPERVISION_ACTIVITIES). */
@Module({
  imports: [DatabaseModule, EngineModule, CasesModule, DeadlinesModule, ReopenRequestsModule, TypeOrmModule.forFeature([CaseActivity])],
  controllers: [CaseActivitiesController, ActivityListController, ActivitiesController],
  providers: [CaseActivityRepository, ActivitiesService, ActivityViews, ActivitiesOfCase],
  exports: [ActivityViews, ActivitiesService],
})
export class ActivitiesModule {}
