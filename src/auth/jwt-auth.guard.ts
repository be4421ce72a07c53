import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { bearerTokenOf } from '../common/bearer-token';
import { requestMetaOf } from '../common/request-meta';
import { AUTH_CONFIG, type AuthConfig } from '../config/app-config';
import { SessionsService } from '../sessions/sessions.service';
import { SignedInLookup } from '../sessions/signed-in-lookup';
import type { Actor } from '../../machines/roles';
import type { AccessTokenClaims } from './access-token';
import type { AuthenticatedRequest } from './current-actor.decorator';
import { VerifiedTokens } from './verified-tokens';
import { IS_PUBLIC } from './public.decorator';
import { ACCEPTS_ACCESS_COOKIE, ACCESS_COOKIE, cookieOf } from './access-cookie';

const TOKEN_INVALID = 'Your access token is invalid or has expired; sign in again.';
const MALFORMED = 'Your Authorization header is malformed; sign in and send exactly "Authorization: Bearer <token>".';
const SESSION_ENDED = 'Your session has ended (signed out, or your account or password changed); sign in again.';

/**
 * Every route needs a valid bearer token of an active user whose session is still open and not
 * idle, unless it is marked @Public(). The session and its account are read on every request (one
 * statement, see SignedInLookup), so a deactivation, a role change, a reset or a sign-out refuses the
 * token at its next use; the session's last use is written at most once a minute (session-rules.ts).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly signedIn: SignedInLookup,
    private readonly sessions: SessionsService,
    @Inject(AUTH_CONFIG) private readonly config: Pick<AuthConfig, 'idleTimeoutMinutes'>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const fromHeader = bearerTokenOf(req.headers.authorization);
    if (fromHeader === null) throw new UnauthorizedException(MALFORMED);
    // The session cookie counts on the web console's pages only, whose forms carry a CSRF token.
    const fromCookie = this.reflector.getAllAndOverride<boolean>(ACCEPTS_ACCESS_COOKIE, [context.getHandler(), context.getClass()]);
    const token = fromHeader ?? (fromCookie ? cookieOf(req, ACCESS_COOKIE) : undefined);
    if (!token) {
      throw new UnauthorizedException('Sign in first: send the access token as "Authorization: Bearer <token>".');
    }
    // A console page left open outlives its cookie's token: the server-side session (idle limit,
    // sign-out, account) decides there, and the page's next request gets a fresh token. A bearer
    // token of the API is refused once expired.
    const claims = await this.claimsOf(token, { expiryCounts: fromHeader !== undefined });
    // A token from before sessions existed names none: it is refused like a forged one.
    if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string') throw new UnauthorizedException(TOKEN_INVALID);
    const found = await this.signedIn.find(claims.sid);
    if (!found || found.session.userId !== claims.sub) throw new UnauthorizedException(TOKEN_INVALID);
    const { session, account } = found;
    if (session.endedAt) throw new UnauthorizedException(SESSION_ENDED);
    if (!account || !account.active) throw new UnauthorizedException(TOKEN_INVALID);
    const actor: Actor = { id: account.id, username: account.username, role: account.role, state: account.state };
    if (this.sessions.isIdle(session)) {
      await this.sessions.expire(session, actor, requestMetaOf(req));
      throw new UnauthorizedException(`You were signed out after ${this.config.idleTimeoutMinutes} minutes without activity; sign in again.`);
    }
    await this.sessions.touch(session);
    req.actor = actor;
    req.sessionId = session.id;
    return true;
  }

  private async claimsOf(token: string, { expiryCounts }: { expiryCounts: boolean }): Promise<AccessTokenClaims> {
    const known = this.verified.get(token);
    if (known) return known;
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token, { ignoreExpiration: !expiryCounts });
      this.verified.remember(token, claims);
      return claims;
    } catch {
      throw new UnauthorizedException(TOKEN_INVALID);
    }
  }
}
