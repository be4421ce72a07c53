import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import type { Role } from '../../machines/roles';
import type { StateCode } from '../../machines/jurisdiction';
import { AppModule } from '../../src/app.module';
import { APP_OPTIONS, setUpApp } from '../../src/app.setup';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { CasesService } from '../../src/cases/cases.service';
import { loadConfig } from '../../src/config/app-config';
import { actorOf, UsersService } from '../../src/users/users.service';
import type { Actor } from '../../machines/roles';
import { Clock } from '../../src/common/clock';
import { databaseEnv, freshTestDir, onPostgres, portableSql, removeTestDir } from './test-database';

export { onPostgres };

export const PASSWORD = 'correct horse battery staple';

/** Everything a test app's environment says, for this process, a server started as a child, or a medium suite's app. */
export function harnessEnv(dir: string): Record<string, string> {
  return {
    ...databaseEnv(dir),
    // Mails become .eml files here, never in the working tree's data/outbox.
    OUTBOX_DIR: join(dir, 'outbox'),
    AUDIT_SIGNING_KEY_FILE: join(dir, 'audit-signing-key.pem'),
    LOG_LEVEL: 'silent',
    // A cheaper scrypt cost keeps suites quick; the production cost is covered by the hasher's spec.
    PASSWORD_HASH_COST: '12',
    JWT_SECRET: 'e2e-secret-that-is-long-enough-for-hs256-0123456789',
    // A suite signs in far more often than a person: only the rate limit's own tests lower it.
    AUTH_RATE_LIMIT: '1000000',
    // Reminders go when a suite says so (DeadlineReminders.pass), never in a pass of their own beside its steps.
    REMINDER_EVERY_SECONDS: '0',
    COMPLIANCE_FOLD_EVERY_SECONDS: '0',
  };
}

/** The standard cast: every role in Ohio and Texas, and a third state that is party to no case. */
export const CAST: ReadonlyArray<{ username: string; role: Role; state: StateCode }> = [
  ...(['OH', 'TX', 'CA'] as const).flatMap((state) =>
    (['field_officer', 'supervisor', 'compact_office', 'state_admin', 'auditor'] as const).map((role) => ({
      username: `${state.toLowerCase()}.${role}`,
      role,
      state,
    })),
  ),
];

/**
 * The real app on a real database of its own (a SQLite file, or a PostgreSQL schema when the run is
 * on PostgreSQL), with the cast's accounts. Tests talk to it over
 * HTTP with supertest; `actor()` and the services are there to set up cases quickly.
 */
export class TestApp {
  private readonly tokens = new Map<string, string>();
  private readonly actors = new Map<string, Actor>();

  private constructor(
    readonly app: NestExpressApplication,
    private readonly dir: string,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /**
   * `withCast: false` gives an app with no accounts at all, e.g. for the demo seed; `env` sets
   * variables of this app only (a low AUTH_RATE_LIMIT, say), over the harness's own.
   */
  static async start({ withCast = true, env = {} }: { withCast?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
    const dir = await freshTestDir('compact-e2e-');
    const testApp = new TestApp(await TestApp.boot(dir, env), dir, env);
    const users = testApp.app.get(UsersService);
    for (const member of withCast ? CAST : []) {
      const user = await users.create({ ...member, displayName: member.username, email: `${member.username}@e2e.example`, password: PASSWORD }, null, null);
      testApp.actors.set(member.username, actorOf(user));
    }
    return testApp;
  }

  /** The Commission's national auditor, of no state: made from the command line in real life, here through the service. */
  async addNationalAuditor(username: string): Promise<void> {
    const user = await this.app
      .get(UsersService)
      .create(
        { username, email: 'auditor@interstatecompact.example', displayName: 'National auditor', role: 'national_auditor', state: 'US', password: PASSWORD },
        null,
        null,
      );
    this.actors.set(username, actorOf(user));
  }

  /**
   * The same database and outbox folder in a new app, as after a crash or a deploy: only the files
   * survive. The old app is closed first (its mail sender stops); accounts and tokens carry over.
   * `clockFrom`: the new app's clock runs on from that instant before it starts (what its start does
   * sees that time).
   */
  async restart(options: { clockFrom?: string } = {}): Promise<TestApp> {
    await this.app.close();
    return this.resume(options);
  }

  /** Closes this app but keeps its database and files, e.g. for a server process to take them over. */
  async release(): Promise<void> {
    await this.app.close();
  }

  /** A new app on this app's database and files (after release(), or beside a server process). */
  async resume({ clockFrom }: { clockFrom?: string } = {}): Promise<TestApp> {
    const next = new TestApp(await TestApp.boot(this.dir, this.env, clockFrom), this.dir, this.env);
    this.actors.forEach((actor, username) => next.actors.set(username, actor));
    this.tokens.forEach((token, username) => next.tokens.set(username, token));
    return next;
  }

  /** The environment of a server process (node dist/src/main.js) on this app's database and files. */
  serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return { ...process.env, ...harnessEnv(this.dir), ...this.env, ...extra };
  }

  /** Raw SQL written with `?` placeholders, on either engine (PostgreSQL numbers them: $1, $2 …). */
  query<T = any>(sql: string, params: unknown[] = []): Promise<T> {
    return this.dataSource.query(portableSql(sql), params);
  }

  /**
   * An app on the files of `dir`, configured by the harness's settings and `env` alone: they are
   * given to the app's configuration provider, whatever this process's environment holds.
   */
  private static async boot(dir: string, env: Readonly<Record<string, string>>, clockFrom?: string): Promise<NestExpressApplication> {
    // The processes a suite starts itself (the command line, a server) find this app's files here.
    Object.assign(process.env, harnessEnv(dir));
    const config = loadConfig({ ...harnessEnv(dir), ...env });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.with(config)] }).compile();
    if (clockFrom) moduleRef.get(Clock).runFrom(new Date(clockFrom));
    const app = setUpApp(moduleRef.createNestApplication<NestExpressApplication>(APP_OPTIONS));
    await app.init();
    return app;
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  get cases(): CasesService {
    return this.app.get(CasesService);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  /** Where this app writes its mails as .eml files (no SMTP_URL in tests). */
  get outboxDir(): string {
    return join(this.dir, 'outbox');
  }

  actor(username: string): Actor {
    const found = this.actors.get(username);
    if (!found) throw new Error(`no such test user ${username}`);
    return found;
  }

  async token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known) return known;
    const res = await this.http.post('/auth/login').send({ username, password: PASSWORD }).expect(200);
    this.tokens.set(username, res.body.accessToken);
    return res.body.accessToken;
  }

  /** Signs everyone in afresh at their next request: after the clock is moved, the sessions of before have gone idle. */
  forgetSignIns(): void {
    this.tokens.clear();
  }

  /** A request signed in as `username`. */
  async as(username: string) {
    const bearer = `Bearer ${await this.token(username)}`;
    const http = this.http;
    return {
      get: (url: string) => http.get(url).set('Authorization', bearer),
      post: (url: string) => http.post(url).set('Authorization', bearer),
      patch: (url: string) => http.patch(url).set('Authorization', bearer),
    };
  }

  auditEntries(where: FindOptionsWhere<AuditEntry> = {}): Promise<AuditEntry[]> {
    return this.dataSource.getRepository(AuditEntry).find({ where, order: { seq: 'ASC' } });
  }

  async close(): Promise<void> {
    await this.app.close();
    await removeTestDir(this.dir);
  }
}
