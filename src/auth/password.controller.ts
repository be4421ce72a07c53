import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Actor } from '../../machines/roles';
import { ErrorBody } from '../common/error-body';
import { Meta, type RequestMeta } from '../common/request-meta';
import { CurrentActor, CurrentSession } from './current-actor.decorator';
import { ChangePasswordDto } from './dto/change-password.dto';
import { PasswordResetConfirmDto, PasswordResetRequestDto, ResetRequestedView } from './dto/password-reset.dto';
import { PasswordChangeService } from './password-change.service';
import { PasswordResetService } from './password-reset.service';
import { Public } from './public.decorator';

@ApiTags('auth')
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many requests from this address; see Retry-After' })
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
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorBody, description: 'The link does not work any more, or the new password is refused' })
  confirmReset(@Body() body: PasswordResetConfirmDto, @Meta() meta: RequestMeta): Promise<void> {
    return this.reset.confirm(body.token, body.newPassword, meta);
  }

  @Post('password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change your password; your other sessions end' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorBody, description: 'The current password is not correct, or the new one is refused' })
  changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentActor() actor: Actor,
    @CurrentSession() sessionId: string,
    @Meta() meta: RequestMeta,
  ): Promise<void> {
    return this.change.change(actor, sessionId, body.currentPassword, body.newPassword, meta);
  }
}
