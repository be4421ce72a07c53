import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DATABASE_RETRY_AFTER_SECONDS, type DatabaseOutage } from '../database/database-outage';
import { CommitOutcomeUnknown, isDatabaseUnavailable } from '../database/database-unavailable';
import type { ErrorBody } from './error-body';
import { TOO_DEEP } from './request-body';
import { InvalidRequestException } from './validation';

const STATUS_TEXT: Record<number, string> = Object.fromEntries(
  Object.entries(HttpStatus)
    .filter(([, code]) => typeof code === 'number')
    .map(([name, code]) => [
      code,
      name
        .split('_')
        .map((w) => w[0] + w.slice(1).toLowerCase())
        .join(' '),
    ]),
);

/** What a person can act on, from any HttpException (the body parser's wording replaced). */
export function messageOf(exception: HttpException): string {
  if (isBodyParserError(exception.cause)) return bodyParserMessage(exception.cause);
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/** The answer to an HttpException; an Idempotency-Key stores it to answer a retry the same. */
export function httpErrorBody(exception: HttpException, reference: string): ErrorBody {
  const statusCode = exception.getStatus();
  const body: ErrorBody = { statusCode, error: STATUS_TEXT[statusCode] ?? 'Error', message: messageOf(exception), reference };
  if (exception instanceof InvalidRequestException) body.fields = exception.fields;
  return body;
}

/** What a request is told when the database was away: a moment's wait and a retry are the cure, not a report. */
export function databaseAwayMessage(exception: unknown): string {
  return exception instanceof CommitOutcomeUnknown
    ? 'The service is briefly unavailable: its database stopped answering just as this change was being saved, so it may or may ' +
        'not have been made. Try again in a few seconds with the same Idempotency-Key to get its answer, or reload the case to see.'
    : 'The service is briefly unavailable: its database does not answer. Nothing was changed. Try again in a few seconds ' +
        '(with the same Idempotency-Key, if you sent one).';
}

/**
 * A failure that is no HttpException: the database away for a while (503 with Retry-After, noted
 * once per outage by DatabaseOutage rather than logged per request), or a bug (500, logged with its
 * stack). Either way the client gets words it can act on, and internals stay in the log.
 */
export function unexpectedFailure(exception: unknown, outage: DatabaseOutage, res: Response, logged: () => void): { status: 500 | 503; message: string } {
  if (isDatabaseUnavailable(exception)) {
    outage.noticed(exception);
    if (!res.headersSent) res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    return { status: 503, message: databaseAwayMessage(exception) };
  }
  logged();
  return {
    status: 500,
    message: 'Something went wrong on our side. If you were changing a case, reload it to see whether the change was made.',
  };
}

/**
 * Gives every error the same shape with a reference to quote, and keeps internals (stack, SQL) in
 * the log only.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly outage: DatabaseOutage) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const reference = String(req.id ?? '');
    let body: ErrorBody;
    if (exception instanceof HttpException) {
      body = httpErrorBody(exception, reference);
    } else {
      const { status, message } = unexpectedFailure(exception, this.outage, res, () => this.logger.error({ err: exception, reference }, 'Unhandled error'));
      body = {
        statusCode: status,
        error: STATUS_TEXT[status],
        message: status === 500 ? `${message} Report the problem to your state compact office and quote the reference.` : message,
        reference,
      };
    }
    if (res.headersSent) return;
    res.status(body.statusCode).json(body);
  }
}

/** Express's body parser reports unreadable bodies with a `type`; its own wording names parser internals. */
interface BodyParserError {
  type: string;
}

function isBodyParserError(e: unknown): e is BodyParserError {
  return typeof e === 'object' && e !== null && typeof (e as BodyParserError).type === 'string';
}

function bodyParserMessage(e: BodyParserError): string {
  if (e.type === 'entity.parse.failed') return 'The request body is not valid JSON.';
  if (e.type === 'entity.too.large') return 'The request body is too large.';
  if (e.type === 'querystring.parse.rangeError') return TOO_DEEP;
  return 'The request body could not be read.';
}
