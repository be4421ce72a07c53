import { Controller, HttpCode, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConsoleCsrfGuard } from './console-csrf';
import { ConsolePage } from './console-page.decorator';
import { ConsoleSessionInterceptor } from './console-session.interceptor';

/**
 * "Stay signed in" on the idle warning (console.js): a signed-in request is activity, which the
 * sign-in guard records on the session, and the interceptor renews the access token if it is due.
 * A refusal stays a plain API answer (401, 403) for the script to read.
 */
@ApiExcludeController()
@ConsolePage()
@UseGuards(ConsoleCsrfGuard)
@UseInterceptors(ConsoleSessionInterceptor)
@Controller('console/session')
export class ConsoleSessionController {
  @Post('keep-alive')
  @HttpCode(204)
  keepAlive(): void {}
}
