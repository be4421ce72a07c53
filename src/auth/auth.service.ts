import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Actor } from '../../machines/roles';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { AUTH_CONFIG, type AuthConfig } from '../config/app-config';
import { UnitOfWork } from '../database/unit-of-work';
import type { Session } from '../sessions/session.entity';
import { SessionsService } from '../sessions/sessions.service';
import { UserView } from '../users/dto/user.view';
import { AccountLocks } from '../users/account-locks';
import { isLocked, lockRanOut } from '../users/lockout';
import { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { actorOf, UsersService } from '../users/users.service';
import type { AccessTokenClaims } from './access-token';
import type { LoginResult } from './dto/login-result.dto';
import { PasswordHasher } from './password-hasher';
import type { Transaction } from '../database/transaction';
import { accountEntry } from '../audit/audit-draft';

/**
 * One answer for every failure (unknown name, wrong password, locked or inactive account), so that
 * it tells nothing about which accounts exist or what state they are in.
 */
export const SIGN_IN_FAILED = 'The username or password is not correct. Check Caps Lock and try again.';

/** Signing in and out: the lockout of CJIS 5.5.3, and a server-side session per sign-in. */
@Injectable()
export class AuthService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    private readonly users: UsersService,
    private readonly accounts: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly locks: AccountLocks,
    private readonly sessions: SessionsService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async login(username: string, password: string, meta: RequestMeta): Promise<LoginResult> {
    const user = await this.users.findByUsername(username);
    const verified = await this.passwordMatches(user, password);
    if (!user) {
      await this.audit.record({
        actor: { username },
        action: 'SIGN_IN',
        entityType: 'user',
        entityId: null,
        states: [],
        outcome: 'denied',
        reason: 'unknown username',
        meta,
      });
      throw new UnauthorizedException(SIGN_IN_FAILED);
    }
    // Hashed before the transaction: scrypt takes a tenth of a second that no other writer should wait for.
    const upgraded = verified && this.hasher.needsRehash(user.passwordHash) ? await this.hasher.hash(password) : null;
    const signedIn = await this.unitOfWork.run((tx) => this.settle(tx, user, verified, upgraded, meta));
    if (!signedIn) throw new UnauthorizedException(SIGN_IN_FAILED);
    return this.tokenFor(signedIn.user, signedIn.session.id);
  }

  /** A new access token for the same session, while it is open: the token is short-lived, the session is not. */
  async refresh(actor: Actor, sessionId: string): Promise<LoginResult> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new UnauthorizedException('Your account no longer exists.');
    return this.tokenFor(user, sessionId);
  }

  async logout(actor: Actor, sessionId: string, meta: RequestMeta): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      if (!(await this.sessions.end(tx, sessionId, 'signed_out'))) return;
      await this.audit.append(tx, accountEntry(actor, actor, 'SIGN_OUT', 'allowed', `session ${sessionId}`, meta));
    });
  }

  /**
   * Decides the sign-in on the account row as it is inside the transaction, so that concurrent
   * attempts count one by one. Answers null for a refusal, whose entries must commit all the same.
   */
  private async settle(
    tx: Transaction,
    read: User,
    verified: boolean,
    upgraded: string | null,
    meta: RequestMeta,
  ): Promise<{ user: User; session: Session } | null> {
    const user = await this.accounts.current(tx, read.id);
    const now = this.clock.now();
    if (lockRanOut(user, now)) {
      await this.locks.release(tx, user, null, `the ${this.config.lockoutMinutes}-minute lock ran out`, meta);
      Object.assign(user, { lockedUntil: null, failedAttempts: 0 });
    }
    const refuse = async (reason: string) => {
      await this.audit.append(tx, accountEntry(actorOf(user), user, 'SIGN_IN', 'denied', reason, meta));
      return null;
    };
    // A locked account is refused even with the right password, and that attempt counts no further.
    if (isLocked(user, now)) return refuse(`account locked until ${user.lockedUntil!.toISOString()}`);
    if (!user.active) return refuse('account inactive');
    // A password changed since it was read was checked against the old hash: that is no success.
    if (!verified || user.passwordHash !== read.passwordHash) {
      await this.locks.failure(tx, user, 'SIGN_IN', 'wrong password', meta);
      return null;
    }
    await this.locks.success(tx, user);
    if (upgraded) await this.accounts.update(tx, user.id, { passwordHash: upgraded });
    const session = await this.sessions.open(tx, user.id, meta);
    await this.audit.append(
      tx,
      accountEntry(
        actorOf(user),
        user,
        'SIGN_IN',
        'allowed',
        `session ${session.id}${upgraded ? '; password hash upgraded to the configured cost' : ''}`,
        meta,
      ),
    );
    return { user, session };
  }

  /**
   * Always one scrypt, whatever the account: an unknown name, or an invited account with no password
   * yet, is checked against a dummy hash, so the time of the answer does not tell them apart.
   */
  private async passwordMatches(user: User | null, password: string): Promise<boolean> {
    const stored = user && this.hasher.isHash(user.passwordHash) ? user.passwordHash : await this.dummy();
    const matches = await this.hasher.verify(password, stored);
    return matches && user !== null && stored === user.passwordHash;
  }

  private async tokenFor(user: User, sessionId: string): Promise<LoginResult> {
    const claims: AccessTokenClaims = { sub: user.id, username: user.username, sid: sessionId };
    return {
      accessToken: await this.jwt.signAsync(claims),
      expiresIn: this.config.accessTokenTtlSeconds,
      idleTimeoutMinutes: this.config.idleTimeoutMinutes,
      user: UserView.of(user),
    };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('not-a-real-password');
    return this.dummyHash;
  }
}
