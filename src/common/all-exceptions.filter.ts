import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
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

/**
 * Gives every error the same shape with a reference to quote, and keeps internals (stack, SQL) in
 * the log only.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const reference = String(req.id ?? '');
    let body: ErrorBody;
    if (exception instanceof HttpException) {
      body = httpErrorBody(exception, reference);
    } else {
      this.logger.error({ err: exception, reference }, 'Unhandled error');
      body = {
        statusCode: 500,
        error: 'Internal Server Error',
        message:
          'Something went wrong on our side. If you were changing a case, reload it to see whether the change was made. ' +
          'Report the problem to your state compact office and quote the reference.',
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
