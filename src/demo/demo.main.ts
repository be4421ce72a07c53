import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from '../app.module';
import { setUpApp } from '../app.setup';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DEFAULT_DEMO_PASSWORD, DEMO_ACCOUNTS } from './demo-data';
import { seedDemo } from './demo-seed';

async function main(): Promise<void> {
  if (process.env.DATABASE_URL) throw new Error('The demo runs on SQLite; unset DATABASE_URL.');
  // The demo owns its database file and resets it at every start, so it never defaults to the real one.
  const path = resolve(process.env.SQLITE_PATH || 'data/demo.sqlite');
  process.env.SQLITE_PATH = path;
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });

  const password = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  const app = setUpApp(await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true }));
  const seeded = await seedDemo(app, password);
  await app.listen(app.get<AppConfig>(APP_CONFIG).port);
  const url = (await app.getUrl()).replace(/\[::1\]|127\.0\.0\.1/, 'localhost');

  const lines = [
    '',
    `Compact Case Engine demo is running at ${url}  (API docs: ${url}/docs)`,
    `Database: ${path} (reset at every demo start); ${seeded.cases} cases seeded.`,
    `Accounts, all with the password ${process.env.DEMO_PASSWORD ? 'in DEMO_PASSWORD' : DEFAULT_DEMO_PASSWORD}:`,
    ...DEMO_ACCOUNTS.map((a) => `  ${a.username.padEnd(14)} ${a.role.padEnd(15)} ${a.state}`),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((err: Error) => {
  process.stderr.write(`The demo could not start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
