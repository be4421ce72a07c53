import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives each request its id before anything else runs (the body parser included), so that even an
 * unreadable body gets an error answer with a reference. A caller's own X-Request-Id is kept when sane.
 */
export function requestIdMiddleware(req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  next();
}

/**
 * JSON log lines (pino). Every line written while a request runs, by any part of the engine, has
 * its id as `requestId` (the `reference` of error answers), and each request ends with one line of
 * its own. Credentials never reach the log: the Authorization header and password fields are censored.
 */
export function loggerParams(level: string): Params {
  return {
    pinoHttp: {
      level,
      genReqId: (req: IncomingMessage & { id?: unknown }) => String(req.id ?? randomUUID()),
      // The lines logged during a request carry its id only; the request itself is on its closing line.
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'requestId' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.newPassword', '*.currentPassword', '*.token'],
        censor: '[redacted]',
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    },
  };
}
