import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { CONFIG, type Config } from '../config/app-config';
import { Draining } from './draining';

/**
 * On SIGTERM (or SIGINT): stop accepting connections and report not ready, let the requests in
 * flight finish (each commits or rolls back whole), close idle keep-alive connections as they go
 * quiet, then close the app (the mail sender, the database) and exit. Nest's own shutdown hooks
 * would close the database before the HTTP server, under requests still running.
 */
export function closeGracefullyOnSignals(app: INestApplication, timeoutMs = app.get<Config>(CONFIG).shutdownTimeoutMs): void {
  const server = app.getHttpServer() as Server;
  const logger = app.get(Logger);
  let closing = false;
  const close = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.log(`Shutting down on ${signal}: no new connections; finishing the requests in flight.`);
    app.get(Draining).start();
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    // A keep-alive connection is closed as soon as its request in flight is answered.
    const quiet = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => {
      logger.warn('Requests still running at the shutdown timeout are cut off; their transactions roll back.');
      server.closeAllConnections();
    }, timeoutMs);
    await stopped;
    clearInterval(quiet);
    clearTimeout(deadline);
    await app.close();
    logger.log('Shut down cleanly.');
    process.exitCode = 0;
    // Nothing should be left to run; should a library still hold a handle open, exit all the same.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      close(signal).catch((err: Error) => {
        logger.error(`The shutdown failed: ${err.stack ?? err.message}`);
        process.exit(1);
      });
    });
  }
}
