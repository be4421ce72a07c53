import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { AuthService } from '../auth/auth.service';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ACCESS_COOKIE, cookieOf } from '../auth/access-cookie';
import { setAccessCookie } from './console-cookies';

/**
 * Access tokens live minutes while a console user works for hours: a page visit past the middle of
 * the token's life swaps it for a fresh one on the same server-side session, which alone decides
 * (idle timeout, sign-out, account changes) how long the user stays signed in.
 */
@Injectable()
export class ConsoleSessionInterceptor implements NestInterceptor {
  constructor(
    private readonly auth: AuthService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = cookieOf(req, ACCESS_COOKIE);
    if (req.actor && req.sessionId && token && !req.headers.authorization) {
      const claims = this.jwt.decode<{ exp?: number } | null>(token);
      // Real time, not the Clock: the token's expiry is stamped and checked by the JWT library on real time.
      const secondsLeft = (claims?.exp ?? 0) - Date.now() / 1000;
      if (secondsLeft < this.config.accessTokenTtlSeconds / 2) {
        const fresh = await this.auth.refresh(req.actor, req.sessionId);
        setAccessCookie(context.switchToHttp().getResponse<Response>(), fresh.accessToken, this.config.publicUrl.startsWith('https:'));
      }
    }
    return next.handle();
  }
}
