import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AUDIT_USAGE, auditCheckpoint, auditExport, auditVerify } from './audit.commands';
import { AUDIT_VERIFY_CHECKPOINT_USAGE, auditVerifyCheckpoint, parseMailedCheckpoint } from './audit-verify-checkpoint.command';
import { createUser, parseNewUser, USERS_CREATE_USAGE } from './users-create.command';

const USAGE = `Usage: npm run cli -- COMMAND [OPTIONS]
  ${USERS_CREATE_USAGE}
  ${AUDIT_USAGE}
  ${AUDIT_VERIFY_CHECKPOINT_USAGE}`;

const COMMANDS = ['users:create', 'audit:verify', 'audit:export', 'audit:checkpoint', 'audit:verify-checkpoint'];

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (!command || !COMMANDS.includes(command)) throw new Error(USAGE);
  // Input is checked before the app starts, so that a typo costs nothing.
  const newUser = command === 'users:create' ? await parseNewUser(args).catch((err: Error) => Promise.reject(new Error(`${err.message}\n\n${USAGE}`))) : null;
  const mailed = command === 'audit:verify-checkpoint' ? await parseMailedCheckpoint(args) : null;
  // The server delivers the outbox; a one-off command delivering too could send a mail twice.
  process.env.MAIL_DELIVERY = 'off';
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    if (newUser) return await createUser(app, newUser).then(() => 0);
    if (mailed) return await auditVerifyCheckpoint(app, mailed);
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
