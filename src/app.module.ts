import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { ConsoleModule } from './console/console.module';
import { CasesModule } from './cases/cases.module';
import { ClockModule } from './common/clock';
import { engineLogger, loggerParams } from './common/logging';
import { logDestination } from './common/text-log';
import { APP_CONFIG, type AppConfig, type Config } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { DrainingModule } from './lifecycle/draining';
import { MailModule } from './mail/mail.module';
import { MetricsModule } from './metrics/metrics.module';
import { ReopenRequestsModule } from './reopen-requests/reopen-requests.module';
import { ActivitiesModule } from './activities/activities.module';
import { UsersModule } from './users/users.module';

/**
 * The engine, on the configuration it is given: each way of starting it (server, demo, command
 * line, tests) loads that once, before anything else, with loadConfig().
 */
@Module({
  imports: [
    ClockModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loggerParams(engineLogger(config.logLevel, logDestination(config.logFormat))),
    }),
    DatabaseModule,
    UsersModule,
    AuthModule,
    CasesModule,
    ReopenRequestsModule,
    DeadlinesModule,
    ActivitiesModule,
    MailModule,
    HealthModule,
    DrainingModule,
    MetricsModule,
    IdempotencyModule,
    ConsoleModule,
  ],
})
export class AppModule {
  static with(config: Config): DynamicModule {
    return { module: AppModule, imports: [AppConfigModule.of(config)] };
  }
}
