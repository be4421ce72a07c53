import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivitiesModule } from '../activities/activities.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { CasesModule } from '../cases/cases.module';
import { ReopenRequestsModule } from '../reopen-requests/reopen-requests.module';
import { DatabaseModule } from '../database/database.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { UsersModule } from '../users/users.module';
import { ConsoleActivitiesController } from './console-activities.controller';
import { ConsoleAuditController } from './console-audit.controller';
import { ConsoleAuthController } from './console-auth.controller';
import { ConsoleCasesController } from './console-cases.controller';
import { ConsoleCsrf, ConsoleCsrfGuard } from './console-csrf';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleFlash } from './console-flash.entity';
import { ConsoleFlashes } from './console-flashes';
import { ConsoleHelpController } from './console-help.controller';
import { ConsoleNotFoundController } from './console-not-found.controller';
import { ConsoleMyWorkController } from './console-my-work.controller';
import { ConsoleQueueController } from './console-queue.controller';
import { ConsoleSessionController } from './console-session.controller';
import { ConsoleSessionInterceptor } from './console-session.interceptor';
import { ConsoleUsersController } from './console-users.controller';
import { ConsoleViews } from './console-views';

/** The web console: server-rendered pages on the same services, sessions and rules as the API. */
@Module({
  imports: [
    AuthModule,
    UsersModule,
    CasesModule,
    ReopenRequestsModule,
    ActivitiesModule,
    AuditModule,
    DeadlinesModule,
    DatabaseModule,
    TypeOrmModule.forFeature([ConsoleFlash]),
  ],
  controllers: [
    ConsoleAuthController,
    ConsoleMyWorkController,
    ConsoleCasesController,
    ConsoleActivitiesController,
    ConsoleQueueController,
    ConsoleAuditController,
    ConsoleUsersController,
    ConsoleSessionController,
    ConsoleHelpController,
    // Last: it answers every console address the controllers above do not.
    ConsoleNotFoundController,
  ],
  providers: [ConsoleViews, ConsoleCsrf, ConsoleCsrfGuard, ConsoleExceptionFilter, ConsoleSessionInterceptor, ConsoleFlashes],
})
export class ConsoleModule {}
