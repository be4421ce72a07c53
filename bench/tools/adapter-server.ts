/**
 * The engine's API on one HTTP adapter, for tools/http-adapters.ts: `BENCH_ADAPTER=express|fastify
 * node dist/bench/tools/adapter-server.js` (with the engine's own environment: PORT, SQLITE_PATH…).
 *
 * Both adapters serve the same module: every module of AppModule but the web console (built on
 * Express: Eta views, csrf-csrf, static assets), so the same controllers, guards (JwtAuthGuard,
 * RolesGuard), validation pipe, idempotency interceptor, metrics, request ids, pino logging and
 * helmet headers, on the same database settings. What differs is the adapter alone.
 *
 * @nestjs/platform-fastify is not a dependency of the engine. To measure it, install it outside the
 * working tree, beside links to the engine's own @nestjs/common, @nestjs/core and rxjs (one copy of
 * Nest in the process), and name it in FASTIFY_ADAPTER:
 *
 *   mkdir -p /tmp/fastify && cd /tmp/fastify && npm init -y >/dev/null
 *   npm install --legacy-peer-deps @nestjs/platform-fastify@12
 *   for p in @nestjs/common @nestjs/core rxjs; do ln -s "$ENGINE/node_modules/$p" "node_modules/$p"; done
 *   FASTIFY_ADAPTER=/tmp/fastify/node_modules/@nestjs/platform-fastify node dist/bench/tools/http-adapters.js
 */
import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../../src/app.module';
import { AllExceptionsFilter } from '../../src/common/all-exceptions.filter';
import { DatabaseOutage } from '../../src/database/database-outage';
import { requestIdMiddleware } from '../../src/common/logging';
import { securityHeaders } from '../../src/common/security-headers';
import { validationPipe } from '../../src/common/validation';
import { loadConfig } from '../../src/config/app-config';
import { AppConfigModule } from '../../src/config/config.module';
import { ConsoleModule } from '../../src/console/console.module';
import { closeGracefullyOnSignals } from '../../src/lifecycle/graceful-shutdown';
import { httpMetrics } from '../../src/metrics/http-metrics.middleware';
import { Metrics } from '../../src/metrics/metrics';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** AppModule's own list of modules, without the web console: it stays in step with the app. */
function apiModule(): new () => unknown {
  const imports = [AppConfigModule.of(loadConfig(process.env)), ...(Reflect.getMetadata('imports', AppModule) as unknown[]).filter((m) => m !== ConsoleModule)];
  class ApiModule {}
  Module({ imports: imports as never[] })(ApiModule);
  return ApiModule;
}

/**
 * What setUpApp does for the API, in a form both adapters take: the middleware gets Node's own
 * request and response (Fastify passes them through @fastify/middie), so Express's `req.path` is
 * given from the URL where it is missing.
 */
function setUpApi(app: INestApplication): void {
  const withPath =
    (f: Middleware): Middleware =>
    (req, res, next) => {
      const r = req as IncomingMessage & { path?: string };
      r.path ??= (req.url ?? '/').split('?')[0];
      f(req, res, next);
    };
  app.use(requestIdMiddleware);
  app.use(httpMetrics(app.get(Metrics)) as unknown as Middleware);
  app.use(withPath(securityHeaders() as unknown as Middleware));
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(DatabaseOutage)));
}

async function adapterOf(name: string): Promise<unknown> {
  if (name === 'express') {
    const { ExpressAdapter } = require('@nestjs/platform-express') as typeof import('@nestjs/platform-express');
    const adapter = new ExpressAdapter();
    adapter.getInstance().disable('x-powered-by');
    return adapter;
  }
  if (name === 'fastify') {
    const from = process.env.FASTIFY_ADAPTER ?? '@nestjs/platform-fastify';
    const { FastifyAdapter } = require(from) as { FastifyAdapter: new (options?: object) => unknown };
    return new FastifyAdapter();
  }
  throw new Error(`BENCH_ADAPTER must be express or fastify, not ${name}`);
}

async function main(): Promise<void> {
  const name = process.env.BENCH_ADAPTER ?? 'express';
  const app = await NestFactory.create(apiModule(), (await adapterOf(name)) as never, { bufferLogs: true });
  setUpApi(app);
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  closeGracefullyOnSignals(app);
  app.get(Logger).warn(`API on ${name} listening on ${await app.getUrl()}`);
}

void main();
