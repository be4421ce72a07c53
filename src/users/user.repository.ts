import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, type FindManyOptions, type FindOptionsWhere, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import type { Jurisdiction, Role } from '../../machines';
import { User } from './user.entity';
import { managerOf, type Transaction } from '../database/transaction';

/** Which accounts of a state an administrator lists, by username after `after`. */
export interface AccountQuery {
  state: Jurisdiction;
  role?: Role;
  active?: boolean;
  after?: string;
  limit: number;
}

function activeOf(roles: readonly Role[], state?: Jurisdiction): FindManyOptions<User> {
  return { where: { role: In([...roles]), active: true, ...(state ? { state } : {}) }, order: { username: 'ASC' } };
}

/**
 * Every statement on the accounts table. Reads outside a transaction take the table's own manager;
 * everything a change depends on is read again inside its transaction (`tx`).
 */
@Injectable()
export class UserRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  create(fields: User): User {
    return this.users.create(fields);
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ username: username.toLowerCase() });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.toLowerCase() });
  }

  /** The account as it is now, inside the transaction: what a change is decided on. */
  current(tx: Transaction, id: string): Promise<User> {
    return managerOf(tx).findOneByOrFail(User, { id });
  }

  /** An account that already has this username or this address, if any. */
  holderOf(tx: Transaction, username: string, email: string): Promise<User | null> {
    return managerOf(tx).findOne(User, { where: [{ username }, { email }] });
  }

  emailHolder(tx: Transaction, email: string): Promise<User | null> {
    return managerOf(tx).findOneBy(User, { email });
  }

  async insert(tx: Transaction, user: User): Promise<void> {
    await managerOf(tx).insert(User, user);
  }

  async update(tx: Transaction, id: string, fields: QueryDeepPartialEntity<User>): Promise<void> {
    await managerOf(tx).update(User, { id }, fields);
  }

  /** Raises the count of failed sign-ins by the UPDATE itself, so that concurrent failures each count; answers the new count. */
  async countFailure(tx: Transaction, id: string): Promise<number> {
    await managerOf(tx)
      .createQueryBuilder()
      .update(User)
      .set({ failedAttempts: () => 'failed_attempts + 1' } as QueryDeepPartialEntity<User>)
      .where('id = :id', { id })
      .execute();
    const { failedAttempts } = await managerOf(tx).findOneOrFail(User, { select: { id: true, failedAttempts: true }, where: { id } });
    return failedAttempts;
  }

  /** One more than the page, by username, so that the caller knows whether another page follows. */
  page(query: AccountQuery): Promise<User[]> {
    const where: FindOptionsWhere<User> = { state: query.state };
    if (query.role) where.role = query.role;
    if (query.active !== undefined) where.active = query.active;
    if (query.after) where.username = MoreThan(query.after);
    return this.users.find({ where, order: { username: 'ASC' }, take: query.limit + 1 });
  }

  /** The active accounts of these roles (in a state, when given), by username: who is mailed. */
  activeWith(tx: Transaction, roles: readonly Role[], state?: Jurisdiction): Promise<User[]> {
    return managerOf(tx).find(User, activeOf(roles, state));
  }

  /** The same accounts read outside a transaction, for a page that names them. */
  listActiveWith(roles: readonly Role[], state: Jurisdiction): Promise<User[]> {
    return this.users.find(activeOf(roles, state));
  }

  activeById(tx: Transaction, id: string): Promise<User | null> {
    return managerOf(tx).findOneBy(User, { id, active: true });
  }
}
