import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNoContentResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/public.decorator';
import { ErrorBody } from '../common/error-body';
import { Meta, type RequestMeta } from '../common/request-meta';
import { EmailConfirmationDto } from './dto/email-confirmation.dto';
import { EmailChangeService } from './email-change.service';

/** The link mailed to a new address: public, like the reset confirm, since its token is the proof. */
@ApiTags('auth')
@ApiTooManyRequestsResponse({ type: ErrorBody, description: 'Too many requests from this address; see Retry-After' })
@UseGuards(ThrottlerGuard)
@Controller('auth/email-confirmation')
export class EmailConfirmationController {
  constructor(private readonly emailChanges: EmailChangeService) {}

  @Public()
  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Confirm a new email address with the token of the link mailed to it',
    description: 'The account\'s address becomes the new one, and password links mailed to the old one stop working. ' +
      'A used, expired, withdrawn or unknown token gives the same 400.',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorBody, description: 'The link does not work any more' })
  @ApiConflictResponse({ type: ErrorBody, description: 'Another account has taken the address meanwhile' })
  confirm(@Body() body: EmailConfirmationDto, @Meta() meta: RequestMeta): Promise<void> {
    return this.emailChanges.confirm(body.token, meta);
  }
}
