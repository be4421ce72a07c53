import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../machines/roles';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { AUTH_CONFIG, type AuthConfig } from '../config/app-config';
import { lockAfterFailure, type LockoutPolicy } from './lockout';
import type { User } from './user.entity';
import { UserRepository } from './user.repository';
import { actorOf } from './users.service';
import type { Transaction } from '../database/transaction';
import { accountEntry } from '../audit/audit-draft';

/**
 * The lock state of accounts (CJIS 5.5.3), changed inside the caller's transaction with its audit
 * entries: every failure, every lock, every unlock is in the history.
 */
@Injectable()
export class AccountLocks {
  readonly policy: LockoutPolicy;

  constructor(
    @Inject(AUTH_CONFIG) config: Pick<AuthConfig, 'lockoutThreshold' | 'lockoutMinutes'>,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.policy = { threshold: config.lockoutThreshold, minutes: config.lockoutMinutes };
  }

  /**
   * Counts a wrong password, writes the denied entry (`action`: SIGN_IN, PASSWORD_CHANGED), and
   * locks the account when that was one failure too many. The count is raised by the UPDATE
   * itself, so concurrent failures on PostgreSQL each count.
   */
  async failure(tx: Transaction, user: User, action: string, reason: string, meta: RequestMeta | null): Promise<void> {
    const failedAttempts = await this.users.countFailure(tx, user.id);
    await this.audit.append(tx, accountEntry(actorOf(user), user, action, 'denied', reason, meta));
    const until = lockAfterFailure(failedAttempts, this.policy, this.clock.now());
    if (!until) return;
    await this.users.update(tx, user.id, { failedAttempts: 0, lockedUntil: until });
    await this.audit.append(tx, {
      ...accountEntry(
        actorOf(user),
        user,
        'ACCOUNT_LOCKED',
        'allowed',
        `${failedAttempts} failed attempts in a row; locked until ${until.toISOString()} unless a state administrator unlocks it`,
        meta,
      ),
      fromState: 'unlocked',
      toState: 'locked',
    });
  }

  /** A correct password: the next series of failures starts from zero. */
  async success(tx: Transaction, user: User): Promise<void> {
    if (user.failedAttempts !== 0) await this.users.update(tx, user.id, { failedAttempts: 0 });
  }

  /**
   * Clears a lock and the count of failures. `by` is the state administrator who unlocked, the owner
   * who reset the password, or null when the lock ran out on its own.
   */
  async release(tx: Transaction, user: User, by: Actor | null, reason: string, meta: RequestMeta | null): Promise<void> {
    await this.users.update(tx, user.id, { failedAttempts: 0, lockedUntil: null });
    await this.audit.append(tx, {
      ...accountEntry(by, user, 'ACCOUNT_UNLOCKED', 'allowed', reason, meta),
      fromState: user.lockedUntil ? 'locked' : 'unlocked',
      toState: 'unlocked',
    });
  }
}
