import { BadRequestException, Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { InvalidRequestException } from '../common/validation';
import { AUTH_CONFIG, type AuthConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import { DatabaseOutage } from '../database/database-outage';
import { isDatabaseUnavailable } from '../database/database-unavailable';
import { AccountNotices } from '../password-reset/account-notices';
import type { PasswordResetToken } from '../password-reset/password-reset-token.entity';
import { newResetToken } from '../password-reset/reset-token';
import { ResetTokensService } from '../password-reset/reset-tokens.service';
import { SessionsService } from '../sessions/sessions.service';
import { AccountLocks } from '../users/account-locks';
import { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { actorOf, UsersService } from '../users/users.service';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy.service';
import type { Transaction } from '../database/transaction';
import { accountEntry } from '../audit/audit-draft';

/** Same 400 for a link that was used, ran out, was retired, or never existed. */
export const LINK_NOT_VALID =
  'This link to set a password does not work any more: it was used already, it ran out, or it was copied incompletely. ' +
  'Ask for a new one with "Forgot your password?" on the sign-in page.';

/**
 * "Forgot your password?": a link by mail to the account's own address, which sets a new password
 * once, ends every session of the account and clears a lockout.
 */
@Injectable()
export class PasswordResetService implements OnModuleDestroy {
  private readonly logger = new Logger('PasswordReset');
  /** Requests answered whose lookup, link and mail are still being done. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: Pick<AuthConfig, 'resetLinkTtlMinutes'>,
    private readonly users: UsersService,
    private readonly accounts: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly tokens: ResetTokensService,
    private readonly notices: AccountNotices,
    private readonly locks: AccountLocks,
    private readonly sessions: SessionsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly outage: DatabaseOutage,
  ) {}

  /** The one answer to every request, so that it tells nothing about which accounts exist. */
  get requestAnswer(): { message: string } {
    return {
      message:
        'If an active account has this username or email address, a link to reset its password is on its way to the ' +
        `account's email address. It works once, for ${this.config.resetLinkTtlMinutes} minutes. No mail within a few ` +
        'minutes? Check the spelling and your spam folder, then call your state compact office.',
    };
  }

  /**
   * Answers at once, the same for every request, and does the work after the answer has gone: the
   * lookup, the link, the mail and the audit entry. Nothing that depends on whether the account
   * exists runs before the answer, so neither the answer nor its time tells accounts apart.
   */
  request(usernameOrEmail: string, meta: RequestMeta): Promise<{ message: string }> {
    const work = new Promise<void>((resolve) => {
      // setImmediate, not a microtask: the answer is written to the socket in the promise chain
      // that this return starts, before the event loop reaches this callback.
      setImmediate(() => {
        this.handle(usernameOrEmail, meta)
          .catch((err: unknown) => this.failed(err, usernameOrEmail, meta))
          .finally(resolve);
      });
    });
    this.inFlight.add(work);
    void work.then(() => this.inFlight.delete(work));
    return Promise.resolve(this.requestAnswer);
  }

  /** A request met the database away: it is handled once the database answers again (its link's time counts from then). */
  private failed(err: unknown, usernameOrEmail: string, meta: RequestMeta): void {
    if (!isDatabaseUnavailable(err)) {
      this.logger.error({ err, requestId: meta.requestId }, 'A password reset request could not be handled.');
      return;
    }
    this.outage.noticed(err);
    const kept = this.outage.onceBack(() => this.handle(usernameOrEmail, meta));
    if (!kept)
      this.logger.warn({ requestId: meta.requestId }, 'A password reset request met the database away and too many others wait already: it is dropped.');
  }

  /** Waits for the reset requests already answered to be handled (shutdown, and tests that read the mail). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async onModuleDestroy(): Promise<void> {
    await this.settled();
  }

  private async handle(usernameOrEmail: string, meta: RequestMeta): Promise<void> {
    const key = usernameOrEmail.trim().toLowerCase();
    const user = key.includes('@') ? await this.users.findByEmail(key) : await this.users.findByUsername(key);
    const token = newResetToken();
    await this.unitOfWork.run(async (tx) => {
      if (!user || !user.active) {
        await this.audit.append(tx, {
          actor: user ? actorOf(user) : { username: key },
          action: 'PASSWORD_RESET_REQUESTED',
          entityType: 'user',
          entityId: user?.id ?? null,
          states: user ? [user.state] : [],
          outcome: 'denied',
          reason: user ? 'account inactive: no mail sent' : 'no such account: no mail sent',
          meta,
        });
        return;
      }
      await this.tokens.issue(tx, user.id, 'reset', token);
      await this.notices.resetLink(tx, user, token);
      await this.audit.append(
        tx,
        accountEntry(
          actorOf(user),
          user,
          'PASSWORD_RESET_REQUESTED',
          'allowed',
          `link mailed to the account's address, valid ${this.config.resetLinkTtlMinutes} minutes`,
          meta,
        ),
      );
    });
  }

  async confirm(token: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const { row, problem } = await this.tokens.lookUp(token);
    const user = row ? await this.users.findById(row.userId) : null;
    const why = problem ?? (!user?.active ? 'account inactive' : null);
    if (why || !row || !user) {
      await this.refused(null, user, why ?? 'unknown link', meta);
      throw new BadRequestException(LINK_NOT_VALID);
    }
    const problems = this.policy.problems(newPassword, user);
    if (problems.length > 0) {
      await this.refused(null, user, `new password refused: ${problems.join('; ')}`, meta);
      throw new InvalidRequestException([{ field: 'newPassword', problems }]);
    }
    const passwordHash = await this.hasher.hash(newPassword);
    const done = await this.unitOfWork.run((tx) => this.setPassword(tx, row, user, passwordHash, meta));
    if (!done) throw new BadRequestException(LINK_NOT_VALID);
  }

  private async setPassword(tx: Transaction, row: PasswordResetToken, read: User, passwordHash: string, meta: RequestMeta): Promise<boolean> {
    // Another request with the same link may have got here first: only one sets a password.
    if (!(await this.tokens.redeem(tx, row.id))) {
      await this.refused(tx, read, 'link already used', meta);
      return false;
    }
    await this.tokens.retireAllOf(tx, read.id);
    const user = await this.accounts.current(tx, read.id);
    await this.accounts.update(tx, user.id, { passwordHash, updatedAt: this.clock.now() });
    if (user.lockedUntil) await this.locks.release(tx, user, actorOf(user), 'cleared by a password reset', meta);
    else await this.locks.success(tx, user);
    const ended = await this.sessions.endAllOf(tx, user.id, 'password_reset');
    const how = row.purpose === 'invitation' ? 'first password chosen from the invitation mail' : 'new password set with an emailed link';
    await this.audit.append(tx, accountEntry(actorOf(user), user, 'PASSWORD_RESET', 'allowed', `${how}; ${ended} session(s) ended`, meta));
    if (row.purpose === 'reset') await this.notices.passwordChanged(tx, user, 'reset');
    return true;
  }

  private async refused(tx: Transaction | null, user: User | null, reason: string, meta: RequestMeta): Promise<void> {
    const draft = {
      actor: user ? actorOf(user) : null,
      action: 'PASSWORD_RESET',
      entityType: 'user' as const,
      entityId: user?.id ?? null,
      states: user ? [user.state] : [],
      outcome: 'denied' as const,
      reason,
      meta,
    };
    if (tx) await this.audit.append(tx, draft);
    else await this.audit.record(draft);
  }
}
