import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { AppModule } from '../app.module';
import { setUpApp } from '../app.setup';
import { APP_CONFIG, loadAppConfig, type AppConfig } from '../config/app-config';
import { recreateSchema } from '../database/postgres-schema';
import { closeGracefullyOnSignals } from '../lifecycle/graceful-shutdown';
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
 * The demo owns its database and resets it at every start: a SQLite file of its own (never the
 * real one by default), or, with DATABASE_URL, the schema that URL works in, dropped and made anew.
 */
async function resetDatabase(): Promise<string> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) {
    const schema = await recreateSchema(url);
    const where = new URL(url);
    return `PostgreSQL, schema "${schema}" of database "${where.pathname.slice(1)}" on ${where.host}`;
  }
  const path = resolve(process.env.SQLITE_PATH || 'data/demo.sqlite');
  process.env.SQLITE_PATH = path;
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  return path;
}

async function main(): Promise<void> {
  // For a person at a terminal: short lines, not JSON (LOG_FORMAT=json gives the server's lines).
  process.env.LOG_FORMAT ||= 'text';
  await requireFreePort(loadAppConfig().port);
  const database = await resetDatabase();
  // Its mails too: a folder of its own, emptied of the last run's mails, whose cases are gone.
  const outbox = resolve(process.env.OUTBOX_DIR || 'data/demo-outbox');
  process.env.OUTBOX_DIR = outbox;
  if (!process.env.SMTP_URL) for (const mail of emlFiles(outbox)) rmSync(join(outbox, mail), { force: true });

  const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const app = setUpApp(await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true }));
  const seeded = await seedDemo(app, password);
  await app.get(MailSender).drain();
  await app.listen(app.get<AppConfig>(APP_CONFIG).port);
  closeGracefullyOnSignals(app);
  const url = (await app.getUrl()).replace(/\[::1\]|127\.0\.0\.1/, 'localhost');

  const lines = [
    '',
    `Compact Case Engine demo is running at ${url}  (web console: ${url}/login, API docs: ${url}/docs)`,
    `Database: ${database} (reset at every demo start); ${seeded.cases} cases and ${seeded.reopenRequests} reopen requests seeded.`,
    process.env.SMTP_URL
      ? 'Mails go to the relay of SMTP_URL.'
      : `Mails: ${emlFiles(outbox).length} so far, as .eml files in ${outbox} (reset at every demo start).`,
    `Accounts, all with the password ${process.env.DEMO_PASSWORD ? 'in DEMO_PASSWORD' : DEFAULT_DEMO_PASSWORD}:`,
    ...DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(14)} ${a.role.padEnd(15)} ${a.state}`),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: Error) => {
  process.stderr.write(`The demo could not start: ${err instanceof CannotStart ? err.message : (err.stack ?? err.message)}\n`);
  process.exit(1);
});
