import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { setUpApp } from './app.setup';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { closeGracefullyOnSignals } from './lifecycle/graceful-shutdown';

async function bootstrap(): Promise<void> {
  const app = setUpApp(await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true }));
  const config = app.get<AppConfig>(APP_CONFIG);
  const logger = app.get(Logger);
  if (config.jwtSecretGenerated) {
    logger.warn('JWT_SECRET is not set: using a random secret, so sign-ins end when the server restarts.');
  }
  await app.listen(config.port);
  closeGracefullyOnSignals(app);
  logger.log(`Compact Case Engine listening on ${await app.getUrl()} (API docs at /docs)`);
}

void bootstrap();
