import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from '../app.module';
import { type DatabaseConfig, loadConfig } from '../config/app-config';
import { AUDIT_USAGE, auditCheckpoint, auditExport, auditVerify } from './audit.commands';
import { AUDIT_VERIFY_CHECKPOINT_USAGE, auditVerifyCheckpoint, parseMailedCheckpoint } from './audit-verify-checkpoint.command';
import { COMPLIANCE_USAGE, complianceReport, parseComplianceArgs } from './compliance.command';
import { createUser, parseNewUser, USERS_CREATE_USAGE } from './users-create.command';

const USAGE = `Usage: npm run cli -- COMMAND [OPTIONS]
  ${USERS_CREATE_USAGE}
  ${AUDIT_USAGE}
  ${AUDIT_VERIFY_CHECKPOINT_USAGE}
  ${COMPLIANCE_USAGE}`;

const COMMANDS = ['users:create', 'audit:verify', 'audit:export', 'audit:checkpoint', 'audit:verify-checkpoint', 'compliance'];

const DEMO_DATABASE = 'data/demo.sqlite';

/**
 * A command works on a database that exists: opening a missing SQLite file would make an empty one,
 * and the command would then report on nothing as if all were well. The server makes its database at
 * its first start, the demo its own.
 */
function requireDatabase(command: string, { databaseUrl, sqlitePath }: DatabaseConfig): void {
  if (databaseUrl || existsSync(sqlitePath)) return;
  const demo = resolve(DEMO_DATABASE);
  const hint = demo !== sqlitePath && existsSync(demo) ? `\nFor the demo's database: SQLITE_PATH=${DEMO_DATABASE} npm run cli -- ${command} …` : '';
  throw new Error(
    `There is no database at ${sqlitePath} (SQLITE_PATH). Name an existing one with SQLITE_PATH or DATABASE_URL; ` +
      `the server makes its own at its first start (npm start).${hint}`,
  );
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (!command || !COMMANDS.includes(command)) throw new Error(USAGE);
  // Input is checked before the app starts, so that a typo costs nothing; the password prompt of
  // users:create comes after the database check, so that nobody types a password for nothing.
  const mailed = command === 'audit:verify-checkpoint' ? await parseMailedCheckpoint(args) : null;
  const compliance = command === 'compliance' ? await parseComplianceArgs(args) : null;
  const config = loadConfig(process.env);
  requireDatabase(command, config.database);
  const newUser =
    command === 'users:create'
      ? await parseNewUser(args, config.app.passwordMinLength).catch((err: Error) => Promise.reject(new Error(`${err.message}\n\n${USAGE}`)))
      : null;
  // The server delivers the outbox and sends the reminders; a one-off command doing it too would only race it.
  const oneOff = { ...config, app: { ...config.app, deliverMail: false }, deadlines: { ...config.deadlines, reminderEverySeconds: 0 } };
  const app = await NestFactory.createApplicationContext(AppModule.with(oneOff), { logger: ['error', 'warn'] });
  try {
    if (newUser) return await createUser(app, newUser).then(() => 0);
    if (mailed) return await auditVerifyCheckpoint(app, mailed);
    if (compliance) return await complianceReport(app, compliance);
    if (command === 'audit:verify') return await auditVerify(app, args);
    if (command === 'audit:export') return await auditExport(app, args);
    return await auditCheckpoint(app);
  } finally {
    await app.close();
  }
}

main().then(
  (status) => process.exit(status),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
