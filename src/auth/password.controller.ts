import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Actor } from '../../machines/roles';
import { ApiErrorResponses } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { CurrentActor, CurrentSession } from './current-actor.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { PasswordResetConfirmDto, PasswordResetRequestDto, ResetRequestedView } from './dto/password-reset.dto';
import { PasswordChangeService } from './password-change.service';
import { LINK_NOT_VALID, PasswordResetService } from './password-reset.service';
import { Public } from './public.decorator';

@ApiTags('auth')
@ApiErrorResponses({ 429: 'Too many requests from this address; see Retry-After' })
@UseGuards(ThrottlerGuard)
@Controller('auth')
export class PasswordController {
  constructor(
    private readonly reset: PasswordResetService,
    private readonly change: PasswordChangeService,
  ) {}

  @Public()
  @Post('password-reset/request')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Forgot your password? Mails a link that sets a new one',
    description: 'Always 202 with the same answer, whether or not an account matched. The link works once, for 20 minutes.',
  })
  @ApiAcceptedResponse({ type: ResetRequestedView })
  @ApiErrorResponses({
    400: {
      description: 'usernameOrEmail is missing or too long',
      examples: {
        missing: {
          message: 'The request is not valid: usernameOrEmail is required.',
          fields: [{ field: 'usernameOrEmail', problems: ['usernameOrEmail is required'] }],
        },
      },
    },
  })
  requestReset(@Body() body: PasswordResetRequestDto, @Meta() meta: RequestMeta): Promise<ResetRequestedView> {
    return this.reset.request(body.usernameOrEmail, meta);
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a new password with the token of the mailed link',
    description: 'Signs the account out everywhere and clears a lockout. A used, expired or unknown token gives the same 400.',
  })
  @ApiNoContentResponse({ description: 'The new password is set' })
  @ApiErrorResponses({
    400: {
      description: 'The link does not work any more, or the new password is refused',
      examples: { linkNotValid: LINK_NOT_VALID },
    },
  })
  confirmReset(@Body() body: PasswordResetConfirmDto, @Meta() meta: RequestMeta): Promise<void> {
    return this.reset.confirm(body.token, body.newPassword, meta);
  }

  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your password; your other sessions end' })
  @ApiNoContentResponse({ description: 'The password is changed' })
  @ApiErrorResponses({
    400: {
      description: 'The current password is not correct, or the new one is refused',
      examples: {
        wrongCurrentPassword: {
          message: 'The request is not valid: currentPassword is not your current password.',
          fields: [{ field: 'currentPassword', problems: ['currentPassword is not your current password'] }],
        },
      },
    },
    403: {
      description: 'The account is locked after too many wrong passwords',
      examples: {
        locked: 'Your account is locked after too many wrong passwords. Try again in 10 minutes, or ask your state administrator to unlock it.',
      },
    },
  })
  changePassword(@Body() body: ChangePasswordDto, @CurrentActor() actor: Actor, @CurrentSession() sessionId: string, @Meta() meta: RequestMeta): Promise<void> {
    return this.change.change(actor, sessionId, body.currentPassword, body.newPassword, meta);
  }
}
