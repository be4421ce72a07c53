import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { doubleCsrf, type DoubleCsrfUtilities } from 'csrf-csrf';
import type { Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { cookieOf } from '../auth/access-cookie';
import { CSRF_COOKIE, VISITOR_COOKIE, cookieOptions } from './console-cookies';

interface ConsoleRequest extends Request {
  sessionId?: string;
}

const CSRF_REFUSED = 'This form has expired or did not come from this site. Reload the page and try again.';

/**
 * CSRF tokens of the console's forms (csrf-csrf: signed double submit), bound to the server-side
 * session once signed in, and to a visitor cookie before that.
 */
@Injectable()
export class ConsoleCsrf {
  private readonly csrf: DoubleCsrfUtilities;
  readonly secure: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.secure = config.publicUrl.startsWith('https:');
    this.csrf = doubleCsrf({
      getSecret: () => config.jwtSecret,
      getSessionIdentifier: (req) => (req as ConsoleRequest).sessionId ?? cookieOf(req, VISITOR_COOKIE) ?? '',
      cookieName: CSRF_COOKIE,
      cookieOptions: { sameSite: 'strict', secure: this.secure, httpOnly: true, path: '/' },
      getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
    });
  }

  /** The token to put in the page's forms (and its cookie on the response). */
  tokenFor(req: Request, res: Response): string {
    if (!(req as ConsoleRequest).sessionId) this.visitorOf(req, res);
    return this.csrf.generateCsrfToken(req, res, { overwrite: false, validateOnReuse: false });
  }

  /** The visitor cookie's id, set on the response first if the browser has none yet. */
  visitorOf(req: Request, res: Response): string {
    const known = cookieOf(req, VISITOR_COOKIE);
    if (known) return known;
    const visitor = randomBytes(18).toString('base64url');
    res.cookie(VISITOR_COOKIE, visitor, cookieOptions(this.secure));
    (req.cookies as Record<string, string>)[VISITOR_COOKIE] = visitor;
    return visitor;
  }

  isValid(req: Request): boolean {
    return this.csrf.validateRequest(req);
  }
}

/** Refuses a console form whose CSRF token is missing or not this session's. */
@Injectable()
export class ConsoleCsrfGuard implements CanActivate {
  constructor(private readonly csrf: ConsoleCsrf) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method === 'GET' || req.method === 'HEAD') return true;
    if (!this.csrf.isValid(req)) throw new ForbiddenException(CSRF_REFUSED);
    return true;
  }
}
