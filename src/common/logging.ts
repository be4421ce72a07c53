import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

type IdentifiedRequest = IncomingMessage & { id?: unknown; clientRequestId?: string };

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
      // A client's own X-Request-Id, on the closing line beside the server's id, to match its logs with ours.
      customProps: (req: IdentifiedRequest) => (req.clientRequestId ? { clientRequestId: req.clientRequestId } : {}),
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.newPassword', '*.currentPassword', '*.token'],
        censor: '[redacted]',
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    },
  };
}
