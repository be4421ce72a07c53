import type { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parseArgs } from 'node:util';
import { passwordProblems } from '../auth/password-policy';
import { NewUserDto } from '../users/dto/new-user.dto';
import { NATIONAL } from '../../machines/jurisdiction';
import { isRole, isNationalRole } from '../../machines/roles';
import { UsersService, placeProblem } from '../users/users.service';
import { readPassword } from './read-password';

export const USERS_CREATE_USAGE = `users:create --username NAME --email ADDRESS --name "DISPLAY NAME" --role ROLE --state XX
      ROLE is field_officer, supervisor, compact_office, state_admin or auditor; XX a member state's code.
      ROLE national_auditor (the Commission's, reads every state's history) takes no --state.
      The password is read from standard input (typed without echo, or piped as the first line).`;

/** Checks everything before the app starts, so a typo costs nothing. */
export async function parseNewUser(args: string[], passwordMinLength: number): Promise<NewUserDto> {
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
    // A national role belongs to no member state: its place goes without saying.
    state: values.state?.toUpperCase() ?? (isRole(values.role) && isNationalRole(values.role) ? NATIONAL : undefined),
    password,
  });
  const problems = (await validate(input)).flatMap((e) => Object.values(e.constraints ?? {}));
  // The same policy as every other way of setting a password (NIST SP 800-63B), told in full here.
  if (typeof input.password === 'string') {
    const owner = { username: input.username ?? '', email: input.email, displayName: input.displayName };
    problems.push(...passwordProblems(input.password, owner, passwordMinLength));
  }
  const misplaced = isRole(input.role) && typeof input.state === 'string' ? placeProblem(input.role, input.state) : null;
  if (misplaced) problems.push(misplaced);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return input;
}

export async function createUser(app: INestApplicationContext, input: NewUserDto): Promise<void> {
  const user = await app.get(UsersService).create(input, null, null);
  process.stdout.write(`Created ${user.role} ${user.username} of ${user.state} (id ${user.id}).\n`);
}
