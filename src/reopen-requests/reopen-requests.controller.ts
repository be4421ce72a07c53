import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrorResponses, type ErrorDoc } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { ListReopenRequestsQuery } from './dto/list-reopen-requests.query';
import { ReopenReasonDto } from './dto/reopen-reason.dto';
import { ReopenRequestPage, ReopenRequestView } from './dto/reopen-request.view';
import { REQUEST_NOT_FOUND } from './reopen-request-errors';
import { ReopenRequestReadsService } from './reopen-request-reads.service';
import { ReopenRequestsService } from './reopen-requests.service';

const requestId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException(REQUEST_NOT_FOUND) });

const REQUEST_ID = ApiParam({ name: 'id', description: 'The reopen request id', schema: { type: 'string', format: 'uuid' } });
const NO_SUCH_REQUEST: ErrorDoc = { description: 'No such reopen request among those your state may see', examples: { notFound: REQUEST_NOT_FOUND } };
const ALREADY_DECIDED = { alreadyDecided: 'This reopen request was already approved and cannot change.' };
const NOTE_TOO_LONG: ErrorDoc = {
  description: 'The note is not valid',
  examples: {
    tooLong: {
      message: 'The request is not valid: reason must be shorter than or equal to 1000 characters.',
      fields: [{ field: 'reason', problems: ['reason must be shorter than or equal to 1000 characters'] }],
    },
  },
};

@ApiTags('reopen requests')
@ApiBearerAuth()
@Controller('reopen-requests')
export class ReopenRequestsController {
  constructor(
    private readonly requests: ReopenRequestsService,
    private readonly reads: ReopenRequestReadsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Reopen requests, oldest first',
    description:
      'A compact office sees the requests it must decide (cases its state receives): its queue, with status=pending. ' +
      'Everyone else sees the requests of the cases their state sends or receives.',
  })
  @ApiOkResponse({ type: ReopenRequestPage })
  @ApiErrorResponses({
    400: {
      description: 'A query parameter is not valid',
      examples: {
        invalidQuery: {
          message: 'The request is not valid: status must be one of: pending, approved, denied, withdrawn.',
          fields: [{ field: 'status', problems: ['status must be one of: pending, approved, denied, withdrawn'] }],
        },
      },
    },
  })
  list(@Query() query: ListReopenRequestsQuery, @CurrentActor() actor: Actor): Promise<ReopenRequestPage> {
    return this.reads.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One reopen request, with what the user may do with it now' })
  @ApiOkResponse({ type: ReopenRequestView })
  @REQUEST_ID
  @ApiErrorResponses({ 404: NO_SUCH_REQUEST })
  one(@Param('id', requestId) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ReopenRequestView> {
    return this.reads.one(id, actor, meta);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve: the case is reopened at once (compact office of the receiving state)' })
  @ApiOkResponse({ type: ReopenRequestView })
  @REQUEST_ID
  @ApiBody({ type: ReopenReasonDto, required: false, description: 'Optional: a note for the history and the requester' })
  @ApiErrorResponses({
    400: NOTE_TOO_LONG,
    403: {
      description: 'Only the compact office of the receiving state decides',
      examples: { notReceivingCompactOffice: 'Only the compact office of the receiving state (TX) may approve a reopen request.' },
    },
    404: NO_SUCH_REQUEST,
    409: {
      description: 'Already decided, or the case is no longer closed',
      examples: {
        ...ALREADY_DECIDED,
        caseNoLongerClosed:
          'This case is no longer closed (it is active): it was reopened or changed after the request was made, ' +
          'so the request cannot be approved. Deny or withdraw it instead.',
      },
    },
  })
  approve(
    @Param('id', requestId) id: string,
    @Body() body: ReopenReasonDto,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ): Promise<ReopenRequestView> {
    return this.requests.decide(id, 'APPROVE', body.reason, actor, meta);
  }

  @Post(':id/deny')
  @HttpCode(200)
  @ApiBody({ type: ReopenReasonDto, description: 'Why the case stays closed: required, and the requester receives it' })
  @ApiOperation({ summary: 'Deny with a reason: the case stays closed (compact office of the receiving state)' })
  @ApiOkResponse({ type: ReopenRequestView })
  @REQUEST_ID
  @ApiErrorResponses({
    400: {
      description: 'The reason is missing or blank, or longer than 1000 characters',
      examples: { reasonMissing: 'The field "reason" is required to deny a reopen request and must not be blank.' },
    },
    403: {
      description: 'Only the compact office of the receiving state decides',
      examples: { notReceivingCompactOffice: 'Only the compact office of the receiving state (TX) may deny a reopen request.' },
    },
    404: NO_SUCH_REQUEST,
    409: { description: 'Already decided', examples: ALREADY_DECIDED },
  })
  deny(@Param('id', requestId) id: string, @Body() body: ReopenReasonDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ReopenRequestView> {
    return this.requests.decide(id, 'DENY', body.reason, actor, meta);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a pending request (the requester only)' })
  @ApiOkResponse({ type: ReopenRequestView })
  @REQUEST_ID
  @ApiBody({ type: ReopenReasonDto, required: false, description: 'Optional: a note for the history' })
  @ApiErrorResponses({
    400: NOTE_TOO_LONG,
    403: { description: 'Only the requester withdraws', examples: { notRequester: 'Only the person who made this reopen request may withdraw it.' } },
    404: NO_SUCH_REQUEST,
    409: { description: 'Already decided', examples: ALREADY_DECIDED },
  })
  withdraw(
    @Param('id', requestId) id: string,
    @Body() body: ReopenReasonDto,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ): Promise<ReopenRequestView> {
    return this.requests.decide(id, 'WITHDRAW', body.reason, actor, meta);
  }
}
