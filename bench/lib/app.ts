import type { INestApplicationContext } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** A JWT secret for the benchmark's throwaway servers (never a real deployment's). */
const BENCH_JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789abcdef';

/**
 * The environment the engine reads, for a database of the benchmark's own in `dir`: nothing is
 * written to the working tree (database, signing key, mail outbox all live in the temp dir).
 */
export function engineEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  return {
    SQLITE_PATH: join(dir, 'engine.sqlite'),
    AUDIT_SIGNING_KEY_FILE: join(dir, 'audit-signing-key.pem'),
    OUTBOX_DIR: join(dir, 'outbox'),
    JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'warn',
    // The cheapest scrypt the engine accepts: sign-ins are set-up here, not what is measured.
    PASSWORD_HASH_COST: '10',
    // Tokens outlive the longest run.
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    ...extra,
  };
}

/**
 * The whole app (AppModule, its own settings: WAL, synchronous=NORMAL, migrations) as a Nest
 * application context, without HTTP, configured once from the environment as set here. The
 * engine's modules are loaded only here, after the environment is set.
 */
export async function bootEngine(env: Record<string, string>, { quiet = false } = {}): Promise<INestApplicationContext> {
  Object.assign(process.env, env);
  // require, not import(): one module registry with everything else the phase loads.
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const { AppModule } = require('../../src/app.module') as typeof import('../../src/app.module');
  const { loadConfig } = require('../../src/config/app-config') as typeof import('../../src/config/app-config');
  // abortOnError: false, so that an engine that refuses the settings (e.g. DATABASE_URL) throws
  // here instead of ending the process.
  return NestFactory.createApplicationContext(AppModule.with(loadConfig(process.env)), { logger: quiet ? false : ['error', 'warn'], abortOnError: false });
}
