import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse,
  ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ErrorBody } from '../common/error-body';
import { Meta, type RequestMeta } from '../common/request-meta';
import { ListReopenRequestsQuery } from './dto/list-reopen-requests.query';
import { DenyReopenRequestDto, ReopenDecisionNoteDto } from './dto/reopen-decision.dto';
import { ReopenRequestPage, ReopenRequestView } from './dto/reopen-request.view';
import { REQUEST_NOT_FOUND } from './reopen-request-errors';
import { ReopenRequestReadsService } from './reopen-request-reads.service';
import { ReopenRequestsService } from './reopen-requests.service';

const requestId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException(REQUEST_NOT_FOUND) });

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
      "A compact office sees the requests it must decide (cases its state receives): its queue, with status=pending. " +
      "Everyone else sees the requests of the cases their state sends or receives.",
  })
  @ApiOkResponse({ type: ReopenRequestPage })
  list(@Query() query: ListReopenRequestsQuery, @CurrentActor() actor: Actor): Promise<ReopenRequestPage> {
    return this.reads.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One reopen request, with what the user may do with it now' })
  @ApiOkResponse({ type: ReopenRequestView })
  @ApiNotFoundResponse({ type: ErrorBody })
  one(@Param('id', requestId) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ReopenRequestView> {
    return this.reads.one(id, actor, meta);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve: the case is reopened at once (compact office of the receiving state)' })
  @ApiOkResponse({ type: ReopenRequestView })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'Only the compact office of the receiving state decides' })
  @ApiConflictResponse({ type: ErrorBody, description: 'Already decided, or the case is no longer closed' })
  @ApiNotFoundResponse({ type: ErrorBody })
  approve(
    @Param('id', requestId) id: string,
    @Body() body: ReopenDecisionNoteDto,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ): Promise<ReopenRequestView> {
    return this.requests.decide(id, 'APPROVE', body.reason, actor, meta);
  }

  @Post(':id/deny')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deny with a reason: the case stays closed (compact office of the receiving state)' })
  @ApiOkResponse({ type: ReopenRequestView })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'The reason is missing' })
  @ApiForbiddenResponse({ type: ErrorBody })
  @ApiConflictResponse({ type: ErrorBody, description: 'Already decided' })
  @ApiNotFoundResponse({ type: ErrorBody })
  deny(
    @Param('id', requestId) id: string,
    @Body() body: DenyReopenRequestDto,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ): Promise<ReopenRequestView> {
    return this.requests.decide(id, 'DENY', body.reason, actor, meta);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a pending request (the requester only)' })
  @ApiOkResponse({ type: ReopenRequestView })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'Only the requester withdraws' })
  @ApiConflictResponse({ type: ErrorBody, description: 'Already decided' })
  @ApiNotFoundResponse({ type: ErrorBody })
  withdraw(
    @Param('id', requestId) id: string,
    @Body() body: ReopenDecisionNoteDto,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ): Promise<ReopenRequestView> {
    return this.requests.decide(id, 'WITHDRAW', body.reason, actor, meta);
  }
}
