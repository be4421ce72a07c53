import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Actor } from '../../machines/roles';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { InvalidRequestException } from '../common/validation';
import { UnitOfWork } from '../database/unit-of-work';
import { AccountNotices } from '../password-reset/account-notices';
import { SessionsService } from '../sessions/sessions.service';
import { AccountLocks } from '../users/account-locks';
import { isLocked, minutesLeft } from '../users/lockout';
import { UserRepository } from '../users/user.repository';
import { actorOf, UsersService } from '../users/users.service';
import { PasswordHasher } from './password-hasher';
import { PasswordPolicy } from './password-policy.service';
import { accountEntry } from '../audit/audit-draft';

/**
 * A signed-in user changes their own password: the current one is asked again (a guess counts
 * towards the lockout like a failed sign-in), and every other session of the account ends.
 */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly locks: AccountLocks,
    private readonly sessions: SessionsService,
    private readonly notices: AccountNotices,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async change(actor: Actor, sessionId: string, currentPassword: string, newPassword: string, meta: RequestMeta): Promise<void> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new UnauthorizedException('Your account no longer exists.');
    const refuse = (reason: string) => this.audit.record(accountEntry(actor, user, 'PASSWORD_CHANGED', 'denied', reason, meta));
    const now = this.clock.now();
    if (isLocked(user, now)) {
      await refuse('account locked');
      throw new ForbiddenException(
        `Your account is locked after too many wrong passwords. Try again in ${minutesLeft(user, now)} minutes, ` +
          'or ask your state administrator to unlock it.',
      );
    }
    if (!(await this.hasher.verify(currentPassword, user.passwordHash))) {
      await this.unitOfWork.run((m) => this.locks.failure(m, user, 'PASSWORD_CHANGED', 'current password not correct', meta));
      throw new InvalidRequestException([{ field: 'currentPassword', problems: ['currentPassword is not your current password'] }]);
    }
    const problems = this.policy.problems(newPassword, user);
    if (problems.length > 0) {
      await refuse(`new password refused: ${problems.join('; ')}`);
      throw new InvalidRequestException([{ field: 'newPassword', problems }]);
    }
    const passwordHash = await this.hasher.hash(newPassword);
    await this.unitOfWork.run(async (manager) => {
      await this.accounts.update(manager, user.id, { passwordHash, updatedAt: this.clock.now() });
      await this.locks.success(manager, user);
      const ended = await this.sessions.endAllOf(manager, user.id, 'password_changed', sessionId);
      await this.audit.append(manager, accountEntry(actorOf(user), user, 'PASSWORD_CHANGED', 'allowed', `${ended} other session(s) ended`, meta));
      await this.notices.passwordChanged(manager, user, 'changed');
    });
  }
}
