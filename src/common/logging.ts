import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Params } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger } from 'pino';

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
 * its own (requestLog). Headers stay out of it: they are most of a line's bytes and its cost at
 * every request, and they carry credentials. Password fields are censored wherever they appear.
 */
export function engineLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: ['*.password', '*.newPassword', '*.currentPassword', '*.token'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * nestjs-pino on the engine's own logger: Nest's and the engine's lines go through it, and a line
 * written during a request goes through that request's logger (requestLog gives it as `req.log`;
 * nestjs-pino keeps it for the request in an AsyncLocalStorage). pino-http does not run: its two
 * child loggers per request, one of them serializing the request, were made whether or not a line
 * was written, a tenth of the CPU of a GET /health.
 */
export function loggerParams(root: Logger): Params {
  return { pinoHttp: { logger: root }, useExisting: true };
}

/** The logger loggerParams was given. */
export function rootLoggerOf(params: Params): Logger {
  return (params.pinoHttp as { logger: Logger }).logger;
}

type LoggedRequest = IdentifiedRequest & { log?: Logger; originalUrl?: string };

/**
 * Each request's logger and its closing line: what was asked (method, URL), by whom (`userId`,
 * once signed in; a client's own X-Request-Id beside the server's id, to match its logs with ours),
 * the status and the time in ms. The request's logger (its id bound) is made only if a line is
 * written during the request. A 5xx is an error, except a 503, the database away (warned of once
 * by DatabaseOutage) or the chain broken (its own error line): a warning, as a 4xx is. A failure's
 * stack is logged by the exception filter, not here.
 */
export function requestLog(root: Logger): (req: LoggedRequest, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    // A duration, on the monotonic clock: the wall clock (and the Clock the rules read) may be set back or moved.
    const startedAt = performance.now();
    const requestId = String(req.id);
    let own: Logger | undefined;
    const ofRequest = () => (own ??= root.child({ requestId }));
    req.log = new Proxy(root, {
      get: (_root, key) => {
        const logger = ofRequest();
        const value: unknown = Reflect.get(logger, key, logger);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(logger) : value;
      },
    });
    res.once('close', () => {
      const { statusCode } = res;
      const level = statusCode >= 500 && statusCode !== 503 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
      if (!root.isLevelEnabled(level)) return;
      const { actor, clientRequestId } = req;
      const line = {
        requestId,
        req: { id: requestId, method: req.method, url: req.originalUrl ?? req.url },
        res: { statusCode },
        responseTime: Math.round(performance.now() - startedAt),
        ...(actor ? { userId: actor.id } : {}),
        ...(clientRequestId ? { clientRequestId } : {}),
      };
      root[level](line, statusCode >= 500 ? 'request errored' : res.writableFinished ? 'request completed' : 'request aborted');
    });
    next();
  };
}
