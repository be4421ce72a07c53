import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DatabaseModule } from '../database/database.module';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyPurge } from './idempotency-purge';
import { IdempotencyStore } from './idempotency-store';

@Module({
  imports: [DatabaseModule],
  providers: [IdempotencyStore, IdempotencyPurge, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}
