import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { Public } from '../auth/public.decorator';
import { ApiErrorResponses } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { EmailConfirmationDto } from './dto/email-confirmation.dto';
import { ADDRESS_TAKEN, CONFIRMATION_NOT_VALID, EmailChangeService } from './email-change.service';

/** The link mailed to a new address: public, like the reset confirm, since its token is the proof. */
@ApiTags('auth')
@UseGuards(ThrottlerGuard)
@Controller('auth/email-confirmation')
export class EmailConfirmationController {
  constructor(private readonly emailChanges: EmailChangeService) {}

  @Public()
  @Post('confirm')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Confirm a new email address with the token of the link mailed to it',
    description:
      "The account's address becomes the new one, and password links mailed to the old one stop working. " +
      'A used, expired, withdrawn or unknown token gives the same 400.',
  })
  @ApiNoContentResponse()
  @ApiErrorResponses({
    400: { description: 'The link does not work any more, or the token is missing', examples: { notValid: CONFIRMATION_NOT_VALID } },
    409: { description: 'Another account has taken the address meanwhile', examples: { taken: ADDRESS_TAKEN } },
    429: 'Too many requests from this address; see Retry-After',
  })
  confirm(@Body() body: EmailConfirmationDto, @Meta() meta: RequestMeta): Promise<void> {
    return this.emailChanges.confirm(body.token, meta);
  }
}
