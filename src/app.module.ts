import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { loggerParams } from './common/logging';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MailModule } from './mail/mail.module';
import { ReopenRequestsModule } from './reopen-requests/reopen-requests.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    AppConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loggerParams(config.logLevel),
    }),
    DatabaseModule,
    UsersModule,
    AuthModule,
    CasesModule,
    ReopenRequestsModule,
    MailModule,
    HealthModule,
  ],
})
export class AppModule {}
