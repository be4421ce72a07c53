import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

/** Everything the engine reads from its environment, read once at start. */
export interface AppConfig {
  port: number;
  /** Path of the SQLite file; ignored when databaseUrl is set. */
  sqlitePath: string;
  /** postgres://… when the engine runs on PostgreSQL (several instances, one database). */
  databaseUrl: string | null;
  jwtSecret: string;
  /** True when no JWT_SECRET was given and a random one was made: tokens die with the process. */
  jwtSecretGenerated: boolean;
  accessTokenTtlSeconds: number;
  /** log2 of the scrypt cost parameter N. */
  passwordHashCost: number;
  publicUrl: string;
  logLevel: string;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; it is "${raw}".`);
  }
  return value;
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL.');
  }
  const jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters long.');
  }
  const port = integer(env, 'PORT', 3000, 0, 65535);
  return {
    port,
    sqlitePath: resolve(env.SQLITE_PATH || 'data/compact.sqlite'),
    databaseUrl,
    jwtSecret: jwtSecret || randomBytes(48).toString('base64url'),
    jwtSecretGenerated: !jwtSecret,
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86400),
    passwordHashCost: integer(env, 'PASSWORD_HASH_COST', 15, 10, 20),
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL || 'info',
  };
}

/** Injection token of the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
