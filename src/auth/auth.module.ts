import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditModule } from '../audit/audit.module';
import { AUTH_CONFIG, type AuthConfig } from '../config/app-config';
import { DatabaseModule } from '../database/database.module';
import { MailModule } from '../mail/mail.module';
import { PasswordResetModule } from '../password-reset/password-reset.module';
import { SessionsModule } from '../sessions/sessions.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { authThrottling } from './auth-throttling';
import { AuthService } from './auth.service';
import { JwtAuthGuard } from './jwt-auth.guard';
import { MeController } from './me.controller';
import { PasswordChangeService } from './password-change.service';
import { PasswordController } from './password.controller';
import { PasswordResetService } from './password-reset.service';
import { RolesGuard } from './roles.guard';

@Module({
  imports: [
    DatabaseModule,
    UsersModule,
    SessionsModule,
    PasswordResetModule,
    MailModule,
    AuditModule,
    JwtModule.registerAsync({
      inject: [AUTH_CONFIG],
      useFactory: (config: AuthConfig) => ({
        // A KeyObject, not a string: jsonwebtoken first tries a string as a PEM public key, which
        // throws and costs about half a millisecond on every request.
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { expiresIn: config.accessTokenTtlSeconds, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({ inject: [AUTH_CONFIG], useFactory: (config: AuthConfig) => authThrottling(config) }),
  ],
  controllers: [AuthController, PasswordController, MeController],
  // Guards run in this order: who is it, then may their role use this function at all.
  providers: [
    AuthService,
    PasswordResetService,
    PasswordChangeService,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService, PasswordResetService, JwtModule],
})
export class AuthModule {}
