import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { Actor } from '../../machines/roles';
import { AuditService } from '../audit/audit.service';
import { accountEntry, type AuditDraft } from '../audit/audit-draft';
import { PasswordHasher } from '../auth/password-hasher';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { UnitOfWork } from '../database/unit-of-work';
import { isUniqueViolation } from '../database/unique-violation';
import { AccountNotices } from '../password-reset/account-notices';
import { newResetToken } from '../password-reset/reset-token';
import { ResetTokensService } from '../password-reset/reset-tokens.service';
import { SessionsService } from '../sessions/sessions.service';
import { changesOf, describeChanges, refusalOf, type AccountPatch, type FieldChange } from './account-changes';
import { AccountLocks } from './account-locks';
import { EmailChangeService } from './email-change.service';
import type { InviteUserDto } from './dto/invite-user.dto';
import type { ListUsersQuery } from './dto/list-users.query';
import { ManagedUserPage, ManagedUserView } from './dto/managed-user.view';
import { isLocked } from './lockout';
import { decodeUserCursor, encodeUserCursor } from './user-cursor';
import type { User } from './user.entity';
import { UserRepository } from './user.repository';
import { UsersService } from './users.service';
import type { Transaction } from '../database/transaction';

/** Same answer for an id that exists nowhere and one of another state: no account leaks across states. */
export const ACCOUNT_NOT_FOUND = 'There is no account with this id in your state.';

const DEFAULT_PAGE = 50;

/**
 * What a state administrator does with the accounts of their own state: open one (the owner gets
 * an invitation mail), list, read, change, unlock. Every change is one transaction with its audit
 * entries, before and after; sessions end at once where the change takes rights away.
 */
@Injectable()
export class StateAdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly usersService: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly locks: AccountLocks,
    private readonly sessions: SessionsService,
    private readonly tokens: ResetTokensService,
    private readonly notices: AccountNotices,
    private readonly emailChanges: EmailChangeService,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async invite(input: InviteUserDto, admin: Actor, meta: RequestMeta | null): Promise<ManagedUserView> {
    const token = newResetToken();
    const user = await this.usersService.create({ ...input, state: admin.state, password: null }, admin, meta, async (tx, created) => {
      await this.tokens.issue(tx, created.id, 'invitation', token);
      await this.notices.invitation(tx, created, token, admin);
    });
    return this.viewOne(user);
  }

  /** The accounts of the administrator's state by username; the cursor is the last username of a page. */
  async list(query: ListUsersQuery, admin: Actor): Promise<ManagedUserPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.users.page({
      state: admin.state,
      role: query.role,
      active: query.active,
      after: query.cursor ? decodeUserCursor(query.cursor) : undefined,
      limit,
    });
    const page = rows.slice(0, limit);
    const pending = await this.emailChanges.pendingOf(page.map((u) => u.id));
    return {
      items: page.map((u) => this.view(u, pending.get(u.id) ?? null)),
      nextCursor: rows.length > limit ? encodeUserCursor(page[page.length - 1].username) : null,
    };
  }

  async one(id: string, admin: Actor, meta: RequestMeta | null): Promise<ManagedUserView> {
    return this.viewOne(await this.managed(id, admin, 'USER_READ', meta));
  }

  async update(id: string, patch: AccountPatch, admin: Actor, meta: RequestMeta | null): Promise<ManagedUserView> {
    const account = await this.managed(id, admin, 'USER_UPDATED', meta);
    const refusal = refusalOf(admin, account, changesOf(account, patch));
    if (refusal) {
      await this.audit.record(accountEntry(admin, account, refusal.action, 'denied', refusal.message, meta));
      throw new ForbiddenException(refusal.message);
    }
    try {
      const updated = await this.unitOfWork.run((tx) => this.apply(tx, id, patch, admin, meta));
      return this.viewOne(updated);
    } catch (err) {
      if (isUniqueViolation(err, { name: 'IDX_97672ac88f789774dd47f7c8be', sqliteColumns: 'users.email' })) throw emailTaken();
      throw err;
    }
  }

  async unlock(id: string, admin: Actor, meta: RequestMeta | null): Promise<ManagedUserView> {
    await this.managed(id, admin, 'ACCOUNT_UNLOCKED', meta);
    const unlocked = await this.unitOfWork.run(async (tx) => {
      const account = await this.users.current(tx, id);
      const now = this.clock.now();
      const was = isLocked(account, now)
        ? `was locked until ${account.lockedUntil!.toISOString()}`
        : `was not locked; ${account.failedAttempts} failed attempts cleared`;
      await this.locks.release(tx, account, admin, `unlocked by a state administrator (${was})`, meta);
      return this.users.current(tx, id);
    });
    return this.viewOne(unlocked);
  }

  /**
   * The account, if it is of the administrator's state. One of another state answers 404 like an
   * unknown id, and the attempt goes in the history of both states.
   */
  private async managed(id: string, admin: Actor, action: string, meta: RequestMeta | null): Promise<User> {
    const user = await this.usersService.findById(id);
    if (user && user.state === admin.state) return user;
    if (user) {
      await this.audit.record({
        ...accountEntry(admin, user, action, 'denied', `account of another state (${user.state}): refused as not found`, meta),
        states: [user.state, admin.state],
      });
    }
    throw new NotFoundException(ACCOUNT_NOT_FOUND);
  }

  /** Writes the changes read against the row as it is now, inside the transaction. */
  private async apply(tx: Transaction, id: string, patch: AccountPatch, admin: Actor, meta: RequestMeta | null): Promise<User> {
    const before = await this.users.current(tx, id);
    const changes = changesOf(before, patch);
    const changed = (field: FieldChange['field']) => changes.filter((c) => c.field === field);
    const [email] = changed('email');
    // The confirmed address sent again withdraws a change still waiting for the new one.
    if (!email && patch.email !== undefined) await this.emailChanges.withdraw(tx, before, admin, meta);
    if (changes.length === 0) return before;
    // The address is not written here: it only becomes the account's once its owner confirms it.
    const after = Object.fromEntries(changes.filter((c) => c !== email).map((c) => [c.field, c.after])) as Partial<User>;
    if (email && (await this.users.emailHolder(tx, String(email.after)))) throw emailTaken();
    if (changes.length > (email ? 1 : 0)) await this.users.update(tx, id, { ...after, updatedAt: this.clock.now() });

    const profile = changed('displayName');
    if (profile.length) await this.audit.append(tx, accountEntry(admin, before, 'USER_UPDATED', 'allowed', describeChanges(profile), meta));
    if (email) await this.emailChanges.request(tx, before, String(email.after), admin, meta);
    const [role] = changed('role');
    if (role) {
      const ended = await this.sessions.endAllOf(tx, id, 'role_changed');
      await this.audit.append(tx, {
        ...accountEntry(admin, before, 'ROLE_CHANGED', 'allowed', `${describeChanges([role])}; ${sessionsEnded(ended)}`, meta),
        fromState: String(role.before),
        toState: String(role.after),
      });
    }
    const [active] = changed('active');
    if (active) await this.audit.append(tx, await this.activeChange(tx, before, active.after === true, admin, meta));
    // A link mailed to an account now closed must not set a password any more (a new address retires them once confirmed).
    if (active?.after === false) await this.tokens.retireAllOf(tx, id);
    return this.users.current(tx, id);
  }

  private async activeChange(tx: Transaction, account: User, active: boolean, admin: Actor, meta: RequestMeta | null): Promise<AuditDraft> {
    if (active) {
      return { ...accountEntry(admin, account, 'USER_REACTIVATED', 'allowed', 'active: false -> true', meta), fromState: 'inactive', toState: 'active' };
    }
    const ended = await this.sessions.endAllOf(tx, account.id, 'deactivated');
    return {
      ...accountEntry(admin, account, 'USER_DEACTIVATED', 'allowed', `active: true -> false; ${sessionsEnded(ended)}`, meta),
      fromState: 'active',
      toState: 'inactive',
    };
  }

  private view(user: User, pendingEmail: string | null): ManagedUserView {
    return ManagedUserView.ofAccount(user, this.clock.now(), this.hasher.isHash(user.passwordHash), pendingEmail);
  }

  private async viewOne(user: User): Promise<ManagedUserView> {
    const pending = await this.emailChanges.pendingOf([user.id]);
    return this.view(user, pending.get(user.id) ?? null);
  }
}

function emailTaken(): ConflictException {
  return new ConflictException('An account with this email address already exists.');
}

function sessionsEnded(count: number): string {
  return count === 1 ? '1 session ended' : `${count} sessions ended`;
}
