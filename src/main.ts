import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { APP_OPTIONS, setUpApp } from './app.setup';
import { ConfigError, loadConfig } from './config/app-config';
import { closeGracefullyOnSignals } from './lifecycle/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const config = loadConfig(process.env);
  // A server whose clock is not the real one would date real work wrongly and judge deadlines by it.
  if (config.demoNow) throw new ConfigError('DEMO_NOW moves the clock of the demo only (npm run demo); unset it to start the server.');
  const app = setUpApp(await NestFactory.create<NestExpressApplication>(AppModule.with(config), APP_OPTIONS));
  const logger = app.get(Logger);
  if (config.app.jwtSecretGenerated) {
    logger.warn('JWT_SECRET is not set: using a random secret, so sign-ins end when the server restarts.');
  }
  await app.listen(config.app.port);
  closeGracefullyOnSignals(app);
  logger.log(`Compact Case Engine listening on ${await app.getUrl()} (API docs at /docs)`);
}

bootstrap().catch((err: Error) => {
  // A setting refused at start: its message names the variable, and a stack would only bury it.
  process.stderr.write(err instanceof ConfigError ? `The engine cannot start: ${err.message}\n` : `${err.stack ?? err.message}\n`);
  process.exit(1);
});
