import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

type IdentifiedRequest = IncomingMessage & { id?: unknown; clientRequestId?: string; actor?: { id: string } };

/**
 * Gives each request its id before anything else runs (the body parser included), so that even an
 * unreadable body gets an error answer with a reference. The id is always the server's own: one a
 * client chose could be another user's reference too. A caller's sane X-Request-Id is only logged beside it.
 */
export function requestIdMiddleware(req: IdentifiedRequest, res: ServerResponse, next: () => void): void {
  const given = req.headers['x-request-id'];
  if (typeof given === 'string' && REQUEST_ID.test(given)) req.clientRequestId = given;
  req.id = randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}

/**
 * JSON log lines (pino). Every line written while a request runs, by any part of the engine, has
 * its id as `requestId` (the `reference` of error answers), and each request ends with one line of
 * its own: what was asked (method, URL), by whom (`userId`, once signed in), the status and the
 * time. Headers stay out of it: they are most of a line's bytes and its cost at every request, and
 * they carry credentials. Password fields are censored wherever they appear.
 */
export function loggerParams(level: string): Params {
  return {
    pinoHttp: {
      level,
      genReqId: (req: IncomingMessage & { id?: unknown }) => String(req.id ?? randomUUID()),
      // The lines logged during a request carry its id only; the request itself is on its closing line.
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'requestId' },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customSuccessObject: (req, _res, line: object) => closingLineOf(req, line),
      customErrorObject: (req, res, err, line: object) => closingLineOf(req, madeUp(err, res) ? withoutError(line) : line),
      redact: {
        paths: ['*.password', '*.newPassword', '*.currentPassword', '*.token'],
        censor: '[redacted]',
      },
      // A 503 is the database away (warned of once by DatabaseOutage) or the chain broken (its own error line): no error per request.
      customLogLevel: (_req, res, err) => (err || (res.statusCode >= 500 && res.statusCode !== 503) ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    },
  };
}

/**
 * pino-http makes up an Error, with a stack, for every 5xx that carries none: for a 503 of an absent
 * database, one stack per request; a real failure is logged, with its own, by the exception filter.
 */
function madeUp(err: Error, res: ServerResponse): boolean {
  return err.message === `failed with status code ${res.statusCode}`;
}

function withoutError(line: object): object {
  const { err: _made, ...rest } = line as { err?: unknown };
  return rest;
}

/**
 * What the closing line adds of its own: the signed-in user (the guard has run by then, if it let the
 * request in), and a client's own X-Request-Id beside the server's id, to match its logs with ours.
 * Here rather than as pino-http's customProps, which make one more child logger for every request.
 */
function closingLineOf(req: IncomingMessage, line: object): object {
  const { actor, clientRequestId } = req as IdentifiedRequest;
  return { ...line, ...(actor ? { userId: actor.id } : {}), ...(clientRequestId ? { clientRequestId } : {}) };
}
