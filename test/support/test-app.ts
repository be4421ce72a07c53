import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import type { Role } from '../../machines/roles';
import type { StateCode } from '../../machines/jurisdiction';
import { AppModule } from '../../src/app.module';
import { setUpApp } from '../../src/app.setup';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { CasesService } from '../../src/cases/cases.service';
import { actorOf, UsersService } from '../../src/users/users.service';
import type { Actor } from '../../machines/roles';

export const PASSWORD = 'correct horse battery staple';

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
 * The real app on a real SQLite file of its own, with the cast's accounts. Tests talk to it over
 * HTTP with supertest; `actor()` and the services are there to set up cases quickly.
 */
export class TestApp {
  private readonly tokens = new Map<string, string>();
  private readonly actors = new Map<string, Actor>();

  private constructor(
    readonly app: NestExpressApplication,
    private readonly dir: string,
  ) {}

  /** `withCast: false` gives an app with no accounts at all, e.g. for the demo seed. */
  static async start({ withCast = true } = {}): Promise<TestApp> {
    const dir = mkdtempSync(join(tmpdir(), 'compact-e2e-'));
    process.env.SQLITE_PATH = join(dir, 'test.sqlite');
    process.env.LOG_LEVEL = 'silent';
    // A cheaper scrypt cost keeps suites quick; the production cost is covered by the hasher's spec.
    process.env.PASSWORD_HASH_COST = '12';
    process.env.JWT_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-0123456789';
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = setUpApp(moduleRef.createNestApplication<NestExpressApplication>({ bufferLogs: true }));
    await app.init();
    const testApp = new TestApp(app, dir);
    const users = app.get(UsersService);
    for (const member of withCast ? CAST : []) {
      const user = await users.create({ ...member, displayName: member.username, email: `${member.username}@e2e.example`, password: PASSWORD }, null, null);
      testApp.actors.set(member.username, actorOf(user));
    }
    return testApp;
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

  /** A request signed in as `username`. */
  async as(username: string) {
    const bearer = `Bearer ${await this.token(username)}`;
    const http = this.http;
    return {
      get: (url: string) => http.get(url).set('Authorization', bearer),
      post: (url: string) => http.post(url).set('Authorization', bearer),
    };
  }

  auditEntries(where: FindOptionsWhere<AuditEntry> = {}): Promise<AuditEntry[]> {
    return this.dataSource.getRepository(AuditEntry).find({ where, order: { seq: 'ASC' } });
  }

  async close(): Promise<void> {
    await this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
