import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import type { Actor, Role } from '../../../machines/roles';
import type { Jurisdiction } from '../../../machines/jurisdiction';
import { AppModule } from '../../../src/app.module';
import { loadConfig } from '../../../src/config/app-config';
import { actorOf, UsersService } from '../../../src/users/users.service';
import { TimeTravel } from '../../support/accounts';
import { CAST, harnessEnv, PASSWORD } from '../../support/test-app';
import { freshTestDir, portableSql, removeTestDir } from '../../support/test-database';

/** The accounts a medium suite may act as: the standard cast, and one of the Commission's national auditors. */
const MEMBERS: ReadonlyArray<{ username: string; role: Role; state: Jurisdiction }> = [
  ...CAST,
  { username: 'national.auditor', role: 'national_auditor', state: 'US' },
];

/**
 * The app's services on a real database of their own (a SQLite file in a temporary folder, or a
 * PostgreSQL schema when the run is on PostgreSQL), without HTTP: an application context of the
 * whole AppModule, so every service is wired as in production. Its Clock moves with `time`.
 */
export class MediumApp {
  private readonly actors = new Map<string, Actor>();
  readonly time: TimeTravel;

  private constructor(
    readonly app: INestApplicationContext,
    private readonly dir: string,
  ) {
    this.time = new TimeTravel(this);
  }

  /** `replacing`: providers given other values in this app (a rule table of the suite's own, say). */
  static async start({ replacing = [] }: { replacing?: ReadonlyArray<[token: symbol | Type<unknown>, value: unknown]> } = {}): Promise<MediumApp> {
    const dir = await freshTestDir('compact-medium-');
    return new MediumApp(await MediumApp.boot(dir, replacing), dir);
  }

  /** The one place a medium app's settings are given: the e2e harness's own, read at start. */
  private static async boot(dir: string, replacing: ReadonlyArray<[symbol | Type<unknown>, unknown]>): Promise<INestApplicationContext> {
    const root = AppModule.with(loadConfig(harnessEnv(dir)));
    if (replacing.length === 0) return NestFactory.createApplicationContext(root, { bufferLogs: true, abortOnError: false });
    const builder = Test.createTestingModule({ imports: [root] });
    for (const [token, value] of replacing) builder.overrideProvider(token).useValue(value);
    return (await builder.compile()).init();
  }

  get<T>(type: Type<T> | symbol): T {
    return this.app.get(type);
  }

  get dataSource(): DataSource {
    return this.app.get(DataSource);
  }

  /** A member of the cast (or national.auditor), whose account is created the first time it is asked for. */
  async actor(username: string): Promise<Actor> {
    const known = this.actors.get(username);
    if (known) return known;
    const member = MEMBERS.find((m) => m.username === username);
    if (!member) throw new Error(`no such test user ${username}`);
    const user = await this.app
      .get(UsersService)
      .create({ ...member, displayName: username, email: `${username}@medium.example`, password: PASSWORD }, null, null);
    this.actors.set(username, actorOf(user));
    return actorOf(user);
  }

  /** Raw SQL written with `?` placeholders, on either engine. */
  query<T = any>(sql: string, params: unknown[] = []): Promise<T> {
    return this.dataSource.query(portableSql(sql), params);
  }

  async close(): Promise<void> {
    await this.app.close();
    await removeTestDir(this.dir);
  }
}
