/**
 * A bare NestJS application, for (b)'s baselines: `PORT=… node dist/bench/tools/bare-nest-server.js`.
 *
 * The same framework and HTTP adapter as the engine (NestJS on Express, `@nestjs/platform-express`)
 * and nothing of the engine: one GET route answering a small JSON, and one POST route whose small
 * JSON body (the size of the events' closure notice) is parsed by Express's JSON body parser and
 * checked by a class-validator DTO through Nest's stock ValidationPipe. No database, no sign-in, no
 * logging, no middleware: what any NestJS app on this machine costs per request.
 */
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

class BareEventDto {
  @IsIn(['SUBMIT_CLOSURE_NOTICE', 'REJECT_CLOSURE'])
  type: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @IsOptional()
  @IsIn(['discharged', 'absconded', 'incarcerated', 'deceased', 'returned_to_sending_state', 'subsequent_state_transfer'])
  closureReason?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  lastKnownAddress?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  lastKnownEmployment?: string;
}

@Controller()
class BareController {
  @Get('ping')
  ping(): { status: string } {
    return { status: 'ok' };
  }

  @Post('events')
  @HttpCode(200)
  event(@Body() body: BareEventDto): { accepted: string } {
    return { accepted: body.type };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: ['error', 'warn'] });
  app.disable('x-powered-by');
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
  process.stdout.write(`bare NestJS listening on ${await app.getUrl()}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
