import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import { Logger, PARAMS_PROVIDER_TOKEN, type Params } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { DatabaseOutage } from './database/database-outage';
import { requestIdMiddleware, requestLog, rootLoggerOf } from './common/logging';
import { parseBodies } from './common/request-body';
import { isConsolePath, securityHeaders } from './common/security-headers';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { CONSOLE_DIR } from './console/console-views';
import { validationPipe } from './common/validation';
import { httpMetrics } from './metrics/http-metrics.middleware';
import { Metrics } from './metrics/metrics';
import { openApiDocument } from './openapi-document';

/** How every way of starting the app creates it: its body parsers are setUpApp's own (parseBodies). */
export const APP_OPTIONS = { bufferLogs: true, bodyParser: false } as const;

/**
 * What every way of starting the app shares: the server, the demo and the e2e tests. (Signals are
 * handled by closeGracefullyOnSignals where a server listens, not by Nest's shutdown hooks.)
 */
export function setUpApp(app: NestExpressApplication): NestExpressApplication {
  app.use(requestIdMiddleware);
  app.use(httpMetrics(app.get(Metrics)));
  app.use(securityHeaders());
  // Only the web console reads cookies (its session, its CSRF token, its notices); the JSON API
  // takes bearer tokens, so its requests skip the parsing.
  const cookies = cookieParser();
  app.use((req: Request, res: Response, next: NextFunction) => (isConsolePath(req.path) ? cookies(req, res, next) : next()));
  app.useStaticAssets(join(CONSOLE_DIR, 'assets'), { prefix: '/assets/', index: false, maxAge: '1h' });
  // Every request but the console's static files ends with its line, one whose body was refused included.
  app.use(requestLog(rootLoggerOf(app.get<Params>(PARAMS_PROVIDER_TOKEN))));
  app.use(parseBodies);
  app.disable('x-powered-by');
  // Every answer but the static files (which keep serve-static's own) is no-store: an ETag would
  // only cost a hash of each body.
  app.set('etag', false);
  // Behind a reverse proxy, the client address (audit entries, the rate limit of /auth/*) comes
  // from X-Forwarded-For, and only from the proxies named in TRUST_PROXY.
  const { trustProxy } = app.get<AppConfig>(APP_CONFIG);
  if (trustProxy !== false) app.set('trust proxy', trustProxy);
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(DatabaseOutage)));
  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
