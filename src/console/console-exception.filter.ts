import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { messageOf, unexpectedFailure } from '../common/all-exceptions.filter';
import { DatabaseOutage } from '../database/database-outage';
import { ConsoleCsrf } from './console-csrf';
import { ConsoleViews } from './console-views';
import { pageContext } from './page-context';
import { pageOfForm, resubmissionOf } from './resubmission';
import { consolePath } from './safe-path';

const HEADINGS: Record<number, string> = {
  400: 'That request could not be used',
  403: 'Not allowed',
  404: 'Not found',
  409: 'That cannot be done now',
  429: 'Too many attempts',
  503: 'Briefly unavailable',
};

/** What the sign-in page says over a form that arrived after its session ended. */
export const SENT_TOO_LATE = 'Your session ended before this was sent: sign in, and you can send it again.';
const TOO_LONG_TO_KEEP = 'Your session ended before this was sent, and it is too long to keep: sign in and fill it in again.';

/**
 * Errors on console pages become pages: a sign-in that ran out goes back to the sign-in page (a
 * form posted then is kept on it, to send again once signed in), anything else shows what happened
 * and the reference to quote to the state compact office.
 */
@Catch()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: ConsoleCsrf,
    private readonly outage: DatabaseOutage,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & Partial<AuthenticatedRequest>>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof UnauthorizedException) {
      if (req.method !== 'GET' && req.method !== 'HEAD' && consolePath(req.originalUrl, '') === req.originalUrl) {
        this.signInToSendAgain(req, res);
        return;
      }
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/login${next}`);
      return;
    }
    const { status, message } =
      exception instanceof HttpException
        ? { status: exception.getStatus(), message: messageOf(exception) }
        : unexpectedFailure(exception, this.outage, res, () => this.logger.error({ err: exception, reference: req.id }, 'Console page failed'));
    if (exception instanceof HttpException && status >= 500) this.logger.error({ err: exception, reference: req.id }, 'Console page failed');
    this.views.render(
      res,
      'error',
      { ...pageContext(req, res, this.csrf, req.actor ?? null, 'Problem'), heading: HEADINGS[status] ?? 'Something went wrong', message },
      status,
    );
  }

  /** The sign-in page, answering the form itself: nothing was done, and what it said is not lost. */
  private signInToSendAgain(req: Request, res: Response): void {
    const pending = resubmissionOf(req);
    this.views.render(
      res,
      'login',
      {
        ...pageContext(req, res, this.csrf, null, 'Sign in'),
        next: pageOfForm(req, req.originalUrl),
        username: '',
        error: null,
        info: null,
        resubmit: pending ? JSON.stringify(pending) : null,
        notice: pending ? SENT_TOO_LATE : TOO_LONG_TO_KEEP,
      },
      401,
    );
  }
}
