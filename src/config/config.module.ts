import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AUDIT_CONFIG } from '../audit/audit-config';
import { DEADLINE_CONFIG } from '../deadlines/deadline-config';
import { IDEMPOTENCY_CONFIG } from '../idempotency/idempotency-config';
import { APP_CONFIG, AUTH_CONFIG, CONFIG, type Config, DATABASE_CONFIG, MAIL_CONFIG, METRICS_CONFIG } from './app-config';

/** Hands out the configuration loaded at start, whole and as the slices the modules inject. */
@Global()
@Module({})
export class AppConfigModule {
  static of(config: Config): DynamicModule {
    const slice = (provide: symbol, pick: (c: Config) => unknown) => ({ provide, inject: [CONFIG], useFactory: pick });
    const providers = [
      { provide: CONFIG, useValue: config },
      slice(APP_CONFIG, (c) => c.app),
      slice(AUTH_CONFIG, (c) => c.app),
      slice(MAIL_CONFIG, (c) => c.app),
      slice(DATABASE_CONFIG, (c) => c.database),
      slice(AUDIT_CONFIG, (c) => c.audit),
      slice(IDEMPOTENCY_CONFIG, (c) => c.idempotency),
      slice(DEADLINE_CONFIG, (c) => c.deadlines),
      slice(METRICS_CONFIG, (c) => c.metrics),
    ];
    return { module: AppConfigModule, providers, exports: providers.map((p) => p.provide) };
  }
}
