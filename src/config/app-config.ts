import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { AuditConfig } from '../audit/audit-config';
import { TOKEN68 } from '../common/bearer-token';
import type { LogFormat } from '../common/text-log';
import type { DeadlineConfig } from '../deadlines/deadline-config';
import type { IdempotencyConfig } from '../idempotency/idempotency-config';

/**
 * Every variable the engine reads from its environment, with the default and the meaning the
 * README's table shows (a unit test renders the table from this list and compares). Nothing else
 * in src/ reads the environment: loadConfig() reads these once at start, and the modules get
 * typed slices of the result.
 */
export const CONFIG_VARIABLES = [
  { name: 'PORT', shownDefault: '`3000`', meaning: 'HTTP port' },
  {
    name: 'SQLITE_PATH',
    shownDefault: '`data/compact.sqlite` (`data/demo.sqlite` for the demo)',
    meaning: 'the SQLite database file (WAL mode, 5 s busy timeout)',
  },
  {
    name: 'DATABASE_URL',
    shownDefault: 'unset',
    secret: true,
    meaning:
      '`postgres://user:password@host:5432/db`: run on PostgreSQL instead of SQLite (several instances may share it); `?options=-c%20search_path%3Dcompact` picks a schema',
  },
  { name: 'DATABASE_POOL_SIZE', shownDefault: '`10`', meaning: 'PostgreSQL connections per instance' },
  {
    name: 'SQLITE_GROUP_COMMIT',
    shownDefault: '`on`',
    meaning: 'on SQLite, transactions that arrive together share one commit, each in a savepoint of its own; `off`: one commit each',
  },
  {
    name: 'JWT_SECRET',
    shownDefault: 'random at each start, with a warning',
    secret: true,
    meaning: 'secret that signs access tokens, at least 32 characters; set it so that sign-ins survive a restart',
  },
  { name: 'ACCESS_TOKEN_TTL_SECONDS', shownDefault: '`900`', meaning: 'lifetime of an access token' },
  {
    name: 'PASSWORD_HASH_COST',
    shownDefault: '`15`',
    meaning: "log2 of scrypt's N for new password hashes (old hashes keep verifying, and are made again at the next sign-in)",
  },
  { name: 'PASSWORD_MIN_LENGTH', shownDefault: '`12`', meaning: 'shortest password accepted, in characters (8 to 64)' },
  { name: 'LOCKOUT_THRESHOLD', shownDefault: '`5`', meaning: 'consecutive failed sign-ins that lock an account' },
  { name: 'LOCKOUT_MINUTES', shownDefault: '`10`', meaning: 'how long a lock lasts unless a state administrator unlocks it' },
  { name: 'IDLE_TIMEOUT_MINUTES', shownDefault: '`30`', meaning: 'a session without a request for this long is ended' },
  { name: 'PASSWORD_RESET_TTL_MINUTES', shownDefault: '`20`', meaning: 'how long a mailed password reset link works' },
  { name: 'INVITATION_TTL_HOURS', shownDefault: '`72`', meaning: "how long the link in a new account's invitation works" },
  {
    name: 'AUTH_RATE_LIMIT',
    shownDefault: '`20`',
    meaning: 'requests one client address may make to the password routes of `/auth/*` per window',
  },
  { name: 'AUTH_RATE_LIMIT_WINDOW_SECONDS', shownDefault: '`60`', meaning: 'the window of `AUTH_RATE_LIMIT`' },
  {
    name: 'TRUST_PROXY',
    shownDefault: 'unset',
    meaning: 'the reverse proxies whose `X-Forwarded-For` names the client: a hop count, or addresses and subnets (`loopback, 10.0.0.0/8`)',
  },
  { name: 'PUBLIC_URL', shownDefault: '`http://localhost:$PORT`', meaning: 'the address users reach the engine at, for links' },
  { name: 'LOG_LEVEL', shownDefault: '`info`', meaning: 'pino level: `debug`, `info`, `warn`, `error`, `silent`' },
  {
    name: 'LOG_FORMAT',
    shownDefault: '`json` (`text` for the demo)',
    meaning: '`json`: one JSON line per entry, for machines; `text`: one short line for a person (`time LEVEL METHOD url status ms`)',
  },
  { name: 'DEMO_PASSWORD', shownDefault: '`compact-demo-2026`', secret: true, meaning: 'password of the demo accounts' },
  {
    name: 'DEMO_NOW',
    shownDefault: 'the real time',
    meaning: "the demo's clock: an ISO instant (e.g. `2026-12-02T14:00:00Z`) it starts at and runs on from; `npm start` refuses it",
  },
  {
    name: 'SMTP_URL',
    shownDefault: 'unset',
    secret: true,
    meaning: '`smtp://user:password@relay:587` (or `smtps://`): mail goes to this relay',
  },
  {
    name: 'OUTBOX_DIR',
    shownDefault: '`data/outbox` (`data/demo-outbox` for the demo)',
    meaning: 'without `SMTP_URL`, each mail is written here as an `.eml` file',
  },
  { name: 'MAIL_FROM', shownDefault: '`Compact Case Engine <no-reply@compact.example>`', meaning: 'sender of the mails' },
  {
    name: 'AUDIT_CHECKPOINT_EVERY',
    shownDefault: '`1000`',
    meaning: 'sign a checkpoint of the audit chain every this many entries (`0`: only on demand)',
  },
  { name: 'AUDIT_SIGNING_KEY', shownDefault: 'unset', secret: true, meaning: 'Ed25519 key (PEM) that signs checkpoints' },
  {
    name: 'AUDIT_SIGNING_KEY_FILE',
    shownDefault: '`data/audit-signing-key.pem`',
    meaning: 'without `AUDIT_SIGNING_KEY`, the file the key is read from (made at the first start)',
  },
  {
    name: 'METRICS_TOKEN',
    shownDefault: 'unset (`/metrics` off)',
    secret: true,
    meaning: 'bearer token, at least 16 characters (letters, digits and `-._~+/`, `=` at the end), that Prometheus sends to `GET /metrics`',
  },
  {
    name: 'IDEMPOTENCY_LEASE_SECONDS',
    shownDefault: '`10`',
    meaning:
      'how long a request holds its `Idempotency-Key` before a retry may take it over (when the instance running it died); shorter than a client retries for (some 15 s)',
  },
  { name: 'IDEMPOTENCY_RETENTION_HOURS', shownDefault: '`24`', meaning: 'how long keys and their answers are kept (at least 24)' },
  {
    name: 'REMINDER_EVERY_SECONDS',
    shownDefault: '`300`',
    meaning: 'how often an instance sends the deadline reminders that have fallen due, besides once at its start (`0`: it sends none)',
  },
  {
    name: 'COMPLIANCE_FOLD_EVERY_SECONDS',
    shownDefault: '`5`',
    meaning:
      'how often an instance folds the changes of the compliance counts into their tallies (`0`: never; the reports still count every change, more slowly)',
  },
  {
    name: 'COMPLIANCE_TARGET_PERCENT',
    shownDefault: '`90`',
    meaning: 'the percent on time the compliance report holds each measure to (the Commission publishes no pass mark)',
  },
  { name: 'SHUTDOWN_TIMEOUT_SECONDS', shownDefault: '`25`', meaning: 'on SIGTERM, how long requests in flight get to finish' },
  {
    name: 'AGENCY_NAME',
    shownDefault: '`Interstate Compact Office`',
    meaning: "the agency running the engine, shown beside the product's name in the console's header and in each page's title",
  },
  {
    name: 'SYSTEM_USE_NOTICE',
    shownDefault:
      'a notice that this is a government system for authorized use only, that use is monitored and recorded, that unauthorized use is prohibited and subject to penalties, and that using it means consent',
    meaning: 'the system-use notification the sign-in page shows above its form (CJIS Security Policy 5.5.4); blank lines separate its paragraphs',
  },
] as const satisfies ReadonlyArray<{ name: string; shownDefault: string; meaning: string; secret?: boolean }>;

type ConfigVariable = (typeof CONFIG_VARIABLES)[number]['name'];

/** Sign-in, sessions, passwords and the links that set them. */
export interface AuthConfig {
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
}

/** The outbox's delivery, and the links the mails carry. */
export interface MailConfig {
  /** The address users reach the engine at, for links. */
  publicUrl: string;
  /** smtp:// or smtps:// URL of the mail relay; null writes each mail as an .eml file to outboxDir. */
  smtpUrl: string | null;
  outboxDir: string;
  mailFrom: string;
  /** False in one-off processes (the CLI), so that only the server delivers the outbox. */
  deliverMail: boolean;
}

/** What the console shows of the deployment: whose system it is, and the terms of its use. */
interface ConsoleConfig {
  agencyName: string;
  /** The system-use notification (CJIS 5.5.4), paragraph by paragraph. */
  systemUseNotice: readonly string[];
}

/** The settings of the server as a whole: the slices above, HTTP and logging. */
export interface AppConfig extends AuthConfig, MailConfig, ConsoleConfig {
  port: number;
  /** Path of the SQLite file; ignored when databaseUrl is set. */
  sqlitePath: string;
  /** postgres://… when the engine runs on PostgreSQL (several instances, one database). */
  databaseUrl: string | null;
  /** Express's "trust proxy": which proxies' X-Forwarded-For names the client address; false for none. */
  trustProxy: number | string | false;
  logLevel: string;
  /** json: one JSON line per entry, for machines; text: short lines for a person (the demo's default). */
  logFormat: LogFormat;
}

/** Where the data is kept: the engine is chosen here, once (PostgreSQL when databaseUrl is set). */
export interface DatabaseConfig {
  sqlitePath: string;
  databaseUrl: string | null;
  /** PostgreSQL connections per instance. */
  poolSize: number;
  /** On SQLite, whether transactions that arrive together share one commit (see group-commit.ts). */
  sqliteGroupCommit: boolean;
}

export interface MetricsConfig {
  /** The bearer token Prometheus sends to /metrics; null turns the route off. */
  token: string | null;
}

/** The whole configuration, and the slices the modules are given. */
export interface Config {
  app: AppConfig;
  database: DatabaseConfig;
  audit: AuditConfig;
  idempotency: IdempotencyConfig;
  deadlines: DeadlineConfig;
  metrics: MetricsConfig;
  /** How long requests in flight get to finish on SIGTERM. */
  shutdownTimeoutMs: number;
  /** The demo's accounts' password, when DEMO_PASSWORD is set. */
  demoPassword: string | null;
  /** The instant the demo's clock starts at, when DEMO_NOW is set. */
  demoNow: Date | null;
}

export class ConfigError extends Error {}

const METRICS_TOKEN_MIN_LENGTH = 16;
const DEFAULT_AGENCY_NAME = 'Interstate Compact Office';
const AGENCY_NAME_MAX_LENGTH = 120;
const SYSTEM_USE_NOTICE_MAX_LENGTH = 4000;
const DEFAULT_SYSTEM_USE_NOTICE = [
  'You are accessing a government information system, restricted to authorized use only.',
  'Use of this system is monitored, recorded and subject to audit.',
  'Unauthorized use is prohibited and subject to criminal and civil penalties.',
  'By using this system you consent to this monitoring and recording.',
];
const DEFAULT_MAIL_FROM = 'Compact Case Engine <no-reply@compact.example>';

/**
 * Reads the variables of CONFIG_VARIABLES only, and gathers every problem instead of stopping at
 * the first, so that a start refused for its settings names all of them at once. A message names
 * the variable and echoes a value only of a variable that holds no secret.
 */
class VariableReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** The variable's text; undefined when it is unset or empty. */
  raw(name: ConfigVariable): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  /** `parse`'s value of the variable, or `fallback` (and a problem noted) when it refuses it. */
  parsed<T>(name: ConfigVariable, fallback: T, parse: (raw: string) => T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    try {
      return parse(raw);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.problems.push(err.message);
      return fallback;
    }
  }

  integer(name: ConfigVariable, fallback: number, min: number, max: number): number {
    return this.parsed(name, fallback, (raw) => {
      const value = Number(raw);
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; it is "${raw}".`);
      }
      return value;
    });
  }
}

// The URL may carry the relay's password: messages name the variable, never echo its value.
function smtpUrlOf(raw: string): string | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ConfigError('SMTP_URL must be a URL such as smtp://user:password@mail.example:587.');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('SMTP_URL must start with smtp:// or smtps://.');
  }
  return trimmed;
}

// Express's own forms: a hop count, or addresses, subnets and the names loopback, linklocal, uniquelocal.
function trustProxyOf(raw: string): number | string | false {
  const trimmed = raw.trim();
  if (!trimmed || trimmed === 'false') return false;
  if (/^\d{1,2}$/.test(trimmed)) return Number(trimmed);
  if (/^[\w.:/]+(\s*,\s*[\w.:/]+)*$/.test(trimmed)) return trimmed;
  throw new ConfigError('TRUST_PROXY must be a number of proxies, or addresses and subnets separated by commas (e.g. "loopback, 10.0.0.0/8").');
}

function logFormatOf(raw: string): LogFormat {
  const trimmed = raw.trim() || 'json';
  if (trimmed !== 'json' && trimmed !== 'text') throw new ConfigError(`LOG_FORMAT must be json or text; it is "${trimmed}".`);
  return trimmed;
}

function mailFromOf(raw: string): string {
  const from = raw.trim() || DEFAULT_MAIL_FROM;
  // A line break would let the sender's address add headers of its own to every mail.
  if (/[\r\n]/.test(from) || !/@/.test(from)) {
    throw new ConfigError('MAIL_FROM must be one address, e.g. "Compact Case Engine <no-reply@compact.example>".');
  }
  return from;
}

function agencyNameOf(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (!name) return DEFAULT_AGENCY_NAME;
  if (name.length > AGENCY_NAME_MAX_LENGTH) throw new ConfigError(`AGENCY_NAME must be at most ${AGENCY_NAME_MAX_LENGTH} characters long.`);
  return name;
}

/** Paragraphs split on blank lines; the lines of a paragraph join with a space, as a page flows them. */
function systemUseNoticeOf(raw: string): string[] {
  if (raw.length > SYSTEM_USE_NOTICE_MAX_LENGTH) {
    throw new ConfigError(`SYSTEM_USE_NOTICE must be at most ${SYSTEM_USE_NOTICE_MAX_LENGTH} characters long.`);
  }
  const paragraphs = raw
    .split(/\r?\n[ \t]*\r?\n/)
    .map((p) => p.trim().replace(/\s+/g, ' '))
    .filter((p) => p !== '');
  return paragraphs.length > 0 ? paragraphs : DEFAULT_SYSTEM_USE_NOTICE;
}

function databaseUrlOf(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed && !/^postgres(ql)?:\/\//.test(trimmed)) throw new ConfigError('DATABASE_URL must be a postgres:// URL.');
  return trimmed || null;
}

function jwtSecretOf(raw: string): string {
  if (raw.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters long.');
  return raw;
}

// A short token would be guessable, and one that is no token68 could never be sent.
function metricsTokenOf(raw: string): string | null {
  const token = raw.trim();
  if (!token) return null;
  if (token.length < METRICS_TOKEN_MIN_LENGTH) throw new ConfigError(`METRICS_TOKEN must be at least ${METRICS_TOKEN_MIN_LENGTH} characters long.`);
  if (!TOKEN68.test(token)) {
    throw new ConfigError('METRICS_TOKEN may hold only letters, digits and - . _ ~ + / (with = at its end): it is sent as a bearer token.');
  }
  return token;
}

/** An instant with its zone, as ISO 8601 writes it: a date alone, or a time without a zone, would be read in the machine's own zone. */
function instantOf(name: ConfigVariable) {
  return (raw: string): Date => {
    const instant = new Date(raw.trim());
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw.trim()) || Number.isNaN(instant.getTime())) {
      throw new ConfigError(`${name} must be an ISO 8601 instant with its zone, such as 2026-12-02T14:00:00Z; it is "${raw}".`);
    }
    return instant;
  };
}

function onOffOf(name: ConfigVariable) {
  return (raw: string): boolean => {
    const trimmed = raw.trim();
    if (trimmed !== 'on' && trimmed !== 'off') throw new ConfigError(`${name} must be on or off; it is "${raw}".`);
    return trimmed === 'on';
  };
}

function wholeNumber(name: ConfigVariable) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number; it is "${raw}".`);
    return Number(raw);
  };
}

/** The engine's configuration from its environment, every variable checked; throws a ConfigError naming each problem. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const read = new VariableReader(env);
  const port = read.integer('PORT', 3000, 0, 65535);
  const jwtSecret = read.parsed('JWT_SECRET', null, jwtSecretOf);
  const sqlitePath = resolve(read.raw('SQLITE_PATH') ?? 'data/compact.sqlite');
  const databaseUrl = read.parsed('DATABASE_URL', null, databaseUrlOf);
  const app: AppConfig = {
    port,
    sqlitePath,
    databaseUrl,
    jwtSecret: jwtSecret ?? randomBytes(48).toString('base64url'),
    jwtSecretGenerated: jwtSecret === null,
    accessTokenTtlSeconds: read.integer('ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86400),
    passwordHashCost: read.integer('PASSWORD_HASH_COST', 15, 10, 20),
    passwordMinLength: read.integer('PASSWORD_MIN_LENGTH', 12, 8, 64),
    lockoutThreshold: read.integer('LOCKOUT_THRESHOLD', 5, 1, 100),
    lockoutMinutes: read.integer('LOCKOUT_MINUTES', 10, 1, 1440),
    idleTimeoutMinutes: read.integer('IDLE_TIMEOUT_MINUTES', 30, 1, 1440),
    resetLinkTtlMinutes: read.integer('PASSWORD_RESET_TTL_MINUTES', 20, 5, 1440),
    invitationTtlHours: read.integer('INVITATION_TTL_HOURS', 72, 1, 720),
    authRateLimit: read.integer('AUTH_RATE_LIMIT', 20, 1, 1_000_000),
    authRateLimitWindowSeconds: read.integer('AUTH_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
    trustProxy: read.parsed('TRUST_PROXY', false, trustProxyOf),
    publicUrl: (read.raw('PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: read.raw('LOG_LEVEL') ?? 'info',
    logFormat: read.parsed('LOG_FORMAT', 'json', logFormatOf),
    smtpUrl: read.parsed('SMTP_URL', null, smtpUrlOf),
    outboxDir: resolve(read.raw('OUTBOX_DIR') ?? 'data/outbox'),
    mailFrom: read.parsed('MAIL_FROM', DEFAULT_MAIL_FROM, mailFromOf),
    deliverMail: true,
    agencyName: read.parsed('AGENCY_NAME', DEFAULT_AGENCY_NAME, agencyNameOf),
    systemUseNotice: read.parsed('SYSTEM_USE_NOTICE', DEFAULT_SYSTEM_USE_NOTICE, systemUseNoticeOf),
  };
  const config: Config = {
    app,
    database: {
      sqlitePath,
      databaseUrl,
      poolSize: read.integer('DATABASE_POOL_SIZE', 10, 2, 200),
      sqliteGroupCommit: read.parsed('SQLITE_GROUP_COMMIT', true, onOffOf('SQLITE_GROUP_COMMIT')),
    },
    audit: {
      checkpointEvery: read.parsed('AUDIT_CHECKPOINT_EVERY', 1000, wholeNumber('AUDIT_CHECKPOINT_EVERY')),
      signingKeyPem: read.raw('AUDIT_SIGNING_KEY')?.trim() || null,
      signingKeyFile: resolve(read.raw('AUDIT_SIGNING_KEY_FILE') ?? 'data/audit-signing-key.pem'),
    },
    idempotency: {
      // Far longer than any request takes, and shorter than a client's retries last (README: some
      // 15 s), so that a retry after a crash still finds its key free. Taking over a request that
      // is only slow is safe: its late answer can no longer commit.
      leaseSeconds: read.integer('IDEMPOTENCY_LEASE_SECONDS', 10, 1, 3600),
      retentionHours: read.integer('IDEMPOTENCY_RETENTION_HOURS', 24, 24, 24 * 366),
    },
    deadlines: {
      reminderEverySeconds: read.integer('REMINDER_EVERY_SECONDS', 300, 0, 86400),
      foldEverySeconds: read.integer('COMPLIANCE_FOLD_EVERY_SECONDS', 5, 0, 3600),
      complianceTargetPercent: read.integer('COMPLIANCE_TARGET_PERCENT', 90, 1, 100),
    },
    metrics: { token: read.parsed('METRICS_TOKEN', null, metricsTokenOf) },
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_SECONDS', 25, 1, 600) * 1000,
    demoPassword: read.raw('DEMO_PASSWORD') ?? null,
    demoNow: read.parsed('DEMO_NOW', null, instantOf('DEMO_NOW')),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems.join('\n'));
  return config;
}

/** Injection token of the whole Config. */
export const CONFIG = Symbol('CONFIG');
/** Injection token of the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
/** Injection token of the AuthConfig. */
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
/** Injection token of the MailConfig. */
export const MAIL_CONFIG = Symbol('MAIL_CONFIG');
/** Injection token of the DatabaseConfig. */
export const DATABASE_CONFIG = Symbol('DATABASE_CONFIG');
/** Injection token of the MetricsConfig. */
export const METRICS_CONFIG = Symbol('METRICS_CONFIG');
