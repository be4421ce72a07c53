import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditService } from '../audit/audit.service';
import type { RequestMeta } from '../common/request-meta';
import { UserView } from '../users/dto/user.view';
import { actorOf, UsersService } from '../users/users.service';
import type { AccessTokenClaims } from './access-token';
import type { LoginResult } from './dto/login-result.dto';
import { PasswordHasher } from './password-hasher';

/** One answer for every failure, so that it tells nothing about which accounts exist. */
const SIGN_IN_FAILED = 'The username or password is not correct. Check Caps Lock and try again.';

@Injectable()
export class AuthService {
  private dummyHash: Promise<string> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, meta: RequestMeta): Promise<LoginResult> {
    const user = await this.users.findByUsername(username);
    // Unknown users still cost one hash, so that timing does not reveal which names exist.
    const valid = user
      ? await this.hasher.verify(password, user.passwordHash)
      : await this.hasher.verify(password, await this.dummy()).then(() => false);
    if (!user || !valid || !user.active) {
      const why = !user ? 'unknown username' : !valid ? 'wrong password' : 'account inactive';
      await this.audit.record({
        actor: user ? actorOf(user) : { username },
        action: 'SIGN_IN',
        entityType: 'user',
        entityId: user?.id ?? null,
        states: user ? [user.state] : [],
        outcome: 'denied',
        reason: why,
        meta,
      });
      throw new UnauthorizedException(SIGN_IN_FAILED);
    }
    await this.audit.record({
      actor: actorOf(user),
      action: 'SIGN_IN',
      entityType: 'user',
      entityId: user.id,
      states: [user.state],
      outcome: 'allowed',
      meta,
    });
    const claims: AccessTokenClaims = { sub: user.id, username: user.username };
    return {
      accessToken: await this.jwt.signAsync(claims),
      expiresIn: this.config.accessTokenTtlSeconds,
      user: UserView.of(user),
    };
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('not-a-real-password');
    return this.dummyHash;
  }
}
