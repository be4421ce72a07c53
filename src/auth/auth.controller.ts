import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle, ThrottlerGuard } from '@nestjs/throttler';
import type { Actor } from '../../machines/roles';
import { ApiErrorResponses } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { AuthService, SIGN_IN_FAILED } from './auth.service';
import { CurrentActor, CurrentSession } from './current-actor.decorator';
import { LoginDto } from './dto/login.dto';
import { LoginResult } from './dto/login-result.dto';
import { Public } from './public.decorator';

@ApiTags('auth')
@UseGuards(ThrottlerGuard)
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Sign in with username and password',
    description: 'Five wrong passwords in a row lock the account for ten minutes; the answer is the same 401 whatever went wrong.',
  })
  @ApiOkResponse({ type: LoginResult })
  @ApiErrorResponses({
    400: {
      description: 'The username or password is missing or too long',
      examples: {
        missing: {
          message: 'The request is not valid: username must be a string.',
          fields: [{ field: 'username', problems: ['username must be a string'] }],
        },
      },
    },
    401: { description: 'Username or password not correct (or the account is locked or inactive)', examples: { signInFailed: SIGN_IN_FAILED } },
    429: 'Too many requests from this address; see Retry-After',
  })
  login(@Body() body: LoginDto, @Meta() meta: RequestMeta): Promise<LoginResult> {
    return this.auth.login(body.username, body.password, meta);
  }

  // Refresh and sign-out need an open session already, so they guess nothing and are not throttled.
  @SkipThrottle()
  @Post('refresh')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A new access token for the same session, before the current one expires' })
  @ApiOkResponse({ type: LoginResult })
  refresh(@CurrentActor() actor: Actor, @CurrentSession() sessionId: string): Promise<LoginResult> {
    return this.auth.refresh(actor, sessionId);
  }

  @SkipThrottle()
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its access token is refused from now on' })
  @ApiNoContentResponse({ description: 'Signed out' })
  logout(@CurrentActor() actor: Actor, @CurrentSession() sessionId: string, @Meta() meta: RequestMeta): Promise<void> {
    return this.auth.logout(actor, sessionId, meta);
  }
}
