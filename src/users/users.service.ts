import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import type { Actor, Role } from '../../machines/roles';
import type { StateCode } from '../../machines/jurisdiction';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../auth/password-hasher';
import type { RequestMeta } from '../common/request-meta';
import { UnitOfWork } from '../database/unit-of-work';
import { User } from './user.entity';

export interface NewUser {
  username: string;
  email: string;
  displayName: string;
  role: Role;
  state: StateCode;
  password: string;
}

export function actorOf(user: User): Actor {
  return { id: user.id, username: user.username, role: user.role, state: user.state };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username: username.toLowerCase() });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /** Creates an account; `by` is the administrator, or null for the command line on the server. */
  async create(input: NewUser, by: Actor | null, meta: RequestMeta | null): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    const now = new Date();
    const user = this.users.create({
      id: randomUUID(),
      username: input.username.toLowerCase(),
      email: input.email.toLowerCase(),
      displayName: input.displayName,
      role: input.role,
      state: input.state,
      passwordHash,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    return this.unitOfWork.run(async (manager) => {
      const taken = await manager.findOne(User, {
        where: [{ username: user.username }, { email: user.email }],
      });
      if (taken) {
        const what = taken.username === user.username ? 'username' : 'email address';
        throw new ConflictException(`An account with this ${what} already exists.`);
      }
      await manager.insert(User, user);
      await this.audit.append(manager, {
        actor: by,
        action: 'USER_CREATED',
        entityType: 'user',
        entityId: user.id,
        states: [user.state],
        toState: `${user.role}@${user.state}`,
        outcome: 'allowed',
        reason: by ? null : 'created from the command line',
        meta,
      });
      return user;
    });
  }
}
