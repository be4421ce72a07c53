import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { AppModule } from '../app.module';
import { APP_OPTIONS, setUpApp } from '../app.setup';
import { type Config, ConfigError, loadConfig } from '../config/app-config';
import { recreateSchema } from '../database/postgres-schema';
import { Clock } from '../common/clock';
import { closeGracefullyOnSignals } from '../lifecycle/graceful-shutdown';
import { DeadlineReminders } from '../deadlines/deadline-reminders';
import { MailSender } from '../mail/mail-sender.service';
import { DEFAULT_DEMO_PASSWORD, DEMO_ACCOUNTS } from './demo-data';
import { seedDemo } from './demo-seed';

function emlFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.eml'));
  } catch {
    return [];
  }
}

/** A refusal to start that says all there is to say: printed without a stack. */
class CannotStart extends Error {}

/**
 * A demo started twice must fail before it resets anything: the running one's data would be wiped
 * under it. Probed as app.listen binds (every address), just before the reset.
 */
async function requireFreePort(port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(port, resolve);
  }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    throw new CannotStart(
      `Port ${port} is already in use: is a demo or a server running there? Nothing was reset. Stop it and start again, ` +
        'or start a second demo with a port, a database and an outbox of its own (PORT, SQLITE_PATH, OUTBOX_DIR).',
    );
  });
  await new Promise((resolve) => probe.close(resolve));
}

/**
 * The demo's own defaults, where the environment names nothing: a database and an outbox of its own
 * (never the real ones), and short log lines for a person at a terminal (LOG_FORMAT=json gives the
 * server's lines).
 */
const DEMO_DEFAULTS = { SQLITE_PATH: 'data/demo.sqlite', OUTBOX_DIR: 'data/demo-outbox', LOG_FORMAT: 'text' };

function demoConfig(env: NodeJS.ProcessEnv): Config {
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  return loadConfig({ ...DEMO_DEFAULTS, ...given });
}

/**
 * The demo owns its database and resets it at every start: its SQLite file, or, with DATABASE_URL,
 * the schema that URL works in, dropped and made anew.
 */
async function resetDatabase({ database }: Config): Promise<string> {
  if (database.databaseUrl) {
    const schema = await recreateSchema(database.databaseUrl);
    const where = new URL(database.databaseUrl);
    return `PostgreSQL, schema "${schema}" of database "${where.pathname.slice(1)}" on ${where.host}`;
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(database.sqlitePath + suffix, { force: true });
  return database.sqlitePath;
}

async function main(): Promise<void> {
  const config = demoConfig(process.env);
  await requireFreePort(config.app.port);
  const database = await resetDatabase(config);
  // Its mails too: a folder of its own, emptied of the last run's mails, whose cases are gone.
  const outbox = config.app.outboxDir;
  if (!config.app.smtpUrl) for (const mail of emlFiles(outbox)) rmSync(join(outbox, mail), { force: true });

  const password = config.demoPassword ?? DEFAULT_DEMO_PASSWORD;
  // The reminders wait for the seed: a pass among its steps, taken at past instants, would remind of what they are about to meet.
  const held = { ...config, deadlines: { ...config.deadlines, reminderEverySeconds: 0 } };
  const app = setUpApp(await NestFactory.create<NestExpressApplication>(AppModule.with(held), APP_OPTIONS));
  const clock = app.get(Clock);
  if (config.demoNow) clock.runFrom(config.demoNow);
  // The features hook into the cases as the app initializes (the deadlines of each step): before the seed.
  await app.init();
  const seeded = await seedDemo(app, password);
  await app.get(DeadlineReminders).start(config.deadlines.reminderEverySeconds);
  await app.get(MailSender).drain();
  await app.listen(config.app.port);
  closeGracefullyOnSignals(app);
  const url = (await app.getUrl()).replace(/\[::1\]|127\.0\.0\.1/, 'localhost');

  const lines = [
    '',
    `Compact Case Engine demo is running at ${url}  (web console: ${url}/login, API docs: ${url}/docs)`,
    `Database: ${database} (reset at every demo start); ${seeded.cases} cases, ${seeded.reopenRequests} reopen requests and ${seeded.activities} supervision activities seeded.`,
    config.demoNow
      ? `Clock: started at ${config.demoNow.toISOString()} (DEMO_NOW), and running on; now ${clock.now().toISOString()}.`
      : 'Clock: the real time.',
    config.app.smtpUrl
      ? 'Mails go to the relay of SMTP_URL.'
      : `Mails: ${emlFiles(outbox).length} so far, as .eml files in ${outbox} (reset at every demo start).`,
    `Accounts, all with the password ${config.demoPassword ? 'in DEMO_PASSWORD' : DEFAULT_DEMO_PASSWORD}:`,
    ...DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(14)} ${a.role.padEnd(15)} ${a.state}`),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: Error) => {
  process.stderr.write(`The demo could not start: ${err instanceof CannotStart || err instanceof ConfigError ? err.message : (err.stack ?? err.message)}\n`);
  process.exit(1);
});
