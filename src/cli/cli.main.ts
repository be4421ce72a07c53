import { NestFactory } from '@nestjs/core';
import { validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { NewUserDto } from '../users/dto/new-user.dto';
import { UsersService } from '../users/users.service';
import { readPassword } from './read-password';

const USAGE = `Usage: npm run cli -- users:create --username NAME --email ADDRESS --name "DISPLAY NAME" --role ROLE --state XX
  ROLE is field_officer, supervisor, compact_office, state_admin or auditor; XX a member state's code.
  The password is read from standard input (typed without echo, or piped as the first line).`;

async function createUser(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      state: { type: 'string' },
    },
  });
  const password = await readPassword('Password for the new account: ');
  const input = plainToInstance(NewUserDto, {
    username: values.username,
    email: values.email,
    displayName: values.name,
    role: values.role,
    state: values.state?.toUpperCase(),
    password,
  });
  const errors = await validate(input);
  if (errors.length > 0) {
    const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new Error(`${problems.join('\n')}\n\n${USAGE}`);
  }
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const user = await app.get(UsersService).create(input, null, null);
    process.stdout.write(`Created ${user.role} ${user.username} of ${user.state} (id ${user.id}).\n`);
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'users:create') return createUser(rest);
  throw new Error(USAGE);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
