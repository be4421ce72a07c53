import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { requestIdMiddleware } from './common/logging';
import { validationPipe } from './common/validation';

/** What every way of starting the app shares: the server, the demo and the e2e tests. */
export function setUpApp(app: NestExpressApplication): NestExpressApplication {
  app.use(requestIdMiddleware);
  app.disable('x-powered-by');
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Compact Case Engine')
      .setDescription(
        'Interstate compact supervision cases: transfer requests, notices of departure and arrival, closure notices, ' +
          'and reopening of closed cases by the state compact office, with an append-only audit history.',
      )
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
