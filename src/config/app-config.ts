import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { LogFormat } from '../common/text-log';

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
  /** Shortest password accepted, in Unicode characters (NIST SP 800-63B: at least 8; 12 here). */
  passwordMinLength: number;
  /** Consecutive failed sign-ins that lock an account (CJIS 5.5.3: 5). */
  lockoutThreshold: number;
  /** How long a lock lasts unless a state administrator releases it (CJIS 5.5.3: 10 minutes). */
  lockoutMinutes: number;
  /** A session unused this long is ended (CJIS 5.5.5: 30 minutes). */
  idleTimeoutMinutes: number;
  /** How long an emailed password reset link works. */
  resetLinkTtlMinutes: number;
  /** How long the link in a new account's invitation works. */
  invitationTtlHours: number;
  /** Requests to /auth/* one client address may make per window. */
  authRateLimit: number;
  authRateLimitWindowSeconds: number;
  /** Express's "trust proxy": which proxies' X-Forwarded-For names the client address; false for none. */
  trustProxy: number | string | false;
  publicUrl: string;
  logLevel: string;
  /** json: one JSON line per entry, for machines; text: short lines for a person (the demo's default). */
  logFormat: LogFormat;
  /** smtp:// or smtps:// URL of the mail relay; null writes each mail as an .eml file to outboxDir. */
  smtpUrl: string | null;
  outboxDir: string;
  mailFrom: string;
  /** False in one-off processes (the CLI), so that only the server delivers the outbox. */
  deliverMail: boolean;
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

// The URL may carry the relay's password: messages name the variable, never echo its value.
function smtpUrlOf(env: NodeJS.ProcessEnv): string | null {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL must be a URL such as smtp://user:password@mail.example:587.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('SMTP_URL must start with smtp:// or smtps://.');
  }
  return raw;
}

// Express's own forms: a hop count, or addresses, subnets and the names loopback, linklocal, uniquelocal.
function trustProxyOf(env: NodeJS.ProcessEnv): number | string | false {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false') return false;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  if (/^[\w.:/]+(\s*,\s*[\w.:/]+)*$/.test(raw)) return raw;
  throw new ConfigError('TRUST_PROXY must be a number of proxies, or addresses and subnets separated by commas (e.g. "loopback, 10.0.0.0/8").');
}

function logFormatOf(env: NodeJS.ProcessEnv): LogFormat {
  const raw = env.LOG_FORMAT?.trim() || 'json';
  if (raw !== 'json' && raw !== 'text') throw new ConfigError(`LOG_FORMAT must be json or text; it is "${raw}".`);
  return raw;
}

function mailFromOf(env: NodeJS.ProcessEnv): string {
  const from = env.MAIL_FROM?.trim() || 'Compact Case Engine <no-reply@compact.example>';
  // A line break would let the sender's address add headers of its own to every mail.
  if (/[\r\n]/.test(from) || !/@/.test(from)) {
    throw new ConfigError('MAIL_FROM must be one address, e.g. "Compact Case Engine <no-reply@compact.example>".');
  }
  return from;
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
    passwordMinLength: integer(env, 'PASSWORD_MIN_LENGTH', 12, 8, 64),
    lockoutThreshold: integer(env, 'LOCKOUT_THRESHOLD', 5, 1, 100),
    lockoutMinutes: integer(env, 'LOCKOUT_MINUTES', 10, 1, 1440),
    idleTimeoutMinutes: integer(env, 'IDLE_TIMEOUT_MINUTES', 30, 1, 1440),
    resetLinkTtlMinutes: integer(env, 'PASSWORD_RESET_TTL_MINUTES', 20, 5, 1440),
    invitationTtlHours: integer(env, 'INVITATION_TTL_HOURS', 72, 1, 720),
    authRateLimit: integer(env, 'AUTH_RATE_LIMIT', 20, 1, 1_000_000),
    authRateLimitWindowSeconds: integer(env, 'AUTH_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
    trustProxy: trustProxyOf(env),
    publicUrl: (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL || 'info',
    logFormat: logFormatOf(env),
    smtpUrl: smtpUrlOf(env),
    outboxDir: resolve(env.OUTBOX_DIR || 'data/outbox'),
    mailFrom: mailFromOf(env),
    deliverMail: env.MAIL_DELIVERY !== 'off',
  };
}

/** Injection token of the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
