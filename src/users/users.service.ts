import { BadRequestException, ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { isNationalRole, type Actor, type Role } from '../../machines/roles';
import { NATIONAL, type Jurisdiction } from '../../machines/jurisdiction';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import { PUBLISHED_DEMO_PASSWORD } from '../auth/password-policy';
import { PasswordPolicy } from '../auth/password-policy.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { UnitOfWork } from '../database/unit-of-work';
import type { User } from './user.entity';
import { UserRepository } from './user.repository';
import type { Transaction } from '../database/transaction';
import { accountEntry } from '../audit/audit-draft';

export interface NewUser {
  username: string;
  email: string;
  displayName: string;
  role: Role;
  state: Jurisdiction;
  /** Null for an account whose owner chooses the password from an invitation mail. */
  password: string | null;
  /**
   * The demo seed only: its accounts share the password the demo prints, which the policy refuses
   * to everyone else. It exempts that one password and nothing else.
   */
  publishedDemoPassword?: boolean;
}

export function actorOf(user: User): Actor {
  return { id: user.id, username: user.username, role: user.role, state: user.state };
}

/** Why an account may not have this role in this place, or null: the Commission's roles belong to no state. */
export function placeProblem(role: Role, state: Jurisdiction): string | null {
  if (isNationalRole(role) && state !== NATIONAL) return `role ${role} is the Commission's: its state must be ${NATIONAL}`;
  if (!isNationalRole(role) && state === NATIONAL) return `state ${NATIONAL} is only for the Commission's roles; role ${role} needs a member state`;
  return null;
}

/** The account as the history records its creation: what it was made with, never a password. */
function describeNewAccount(user: User): string {
  return `username "${user.username}", email "${user.email}", displayName "${user.displayName}", role ${user.role}, state ${user.state}`;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  findByUsername(username: string): Promise<User | null> {
    return this.users.findByUsername(username);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(email);
  }

  findById(id: string): Promise<User | null> {
    return this.users.findById(id);
  }

  /** The active compact office accounts of a state, by username: whom its users turn to. */
  compactOfficeOf(state: Jurisdiction): Promise<User[]> {
    return this.users.listActiveWith(['compact_office'], state);
  }

  /**
   * Creates an account; `by` is the state administrator, or null for the command line and the demo.
   * `alsoInTransaction` writes what goes with it (an invitation's link and mail) in the same transaction.
   */
  async create(input: NewUser, by: Actor | null, meta: RequestMeta | null, alsoInTransaction?: (tx: Transaction, user: User) => Promise<void>): Promise<User> {
    const misplaced = placeProblem(input.role, input.state);
    if (misplaced) throw new BadRequestException(misplaced);
    // The command line alone gives a national role: no state administrator may reach past their state.
    if (by && isNationalRole(input.role)) throw new ForbiddenException('Only the command line may open an account of the Commission.');
    const demoSeed = input.publishedDemoPassword === true && input.password === PUBLISHED_DEMO_PASSWORD;
    if (input.password !== null && !demoSeed) this.policy.assertAcceptable(input.password, input, 'password');
    const passwordHash = input.password === null ? this.hasher.unusable() : await this.hasher.hash(input.password);
    const now = this.clock.now();
    const user = this.users.create({
      id: randomUUID(),
      username: input.username.toLowerCase(),
      email: input.email.toLowerCase(),
      displayName: input.displayName.trim(),
      role: input.role,
      state: input.state,
      passwordHash,
      active: true,
      failedAttempts: 0,
      lockedUntil: null,
      createdAt: now,
      updatedAt: now,
    });
    return this.unitOfWork.run(async (tx) => {
      const taken = await this.users.holderOf(tx, user.username, user.email);
      if (taken) {
        const what = taken.username === user.username ? 'username' : 'email address';
        throw new ConflictException(`An account with this ${what} already exists.`);
      }
      await this.users.insert(tx, user);
      await this.audit.append(tx, {
        ...accountEntry(
          by,
          user,
          'USER_CREATED',
          'allowed',
          `${by ? 'opened by a state administrator, invitation mailed' : 'created from the command line'}: ${describeNewAccount(user)}`,
          meta,
        ),
        toState: `${user.role}@${user.state}`,
      });
      await alsoInTransaction?.(tx, user);
      return user;
    });
  }
}
