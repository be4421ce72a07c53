import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { caseIdPipe } from '../cases/case-id.pipe';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrorResponses } from '../common/api-errors';
import { NOT_FOUND } from '../cases/cases.service';
import { Meta, type RequestMeta } from '../common/request-meta';
import { ReopenReasonDto } from './dto/reopen-reason.dto';
import { ReopenRequestView } from './dto/reopen-request.view';
import { ReopenRequestReadsService } from './reopen-request-reads.service';
import { ReopenRequestsService } from './reopen-requests.service';

@ApiTags('reopen requests')
@ApiBearerAuth()
@ApiParam({ name: 'id', description: 'The case id', schema: { type: 'string', format: 'uuid' } })
@ApiErrorResponses({ 404: { description: 'No such case among the cases your state may see', examples: { notFound: NOT_FOUND } } })
@Controller('cases/:id/reopen-requests')
export class CaseReopenRequestsController {
  constructor(
    private readonly requests: ReopenRequestsService,
    private readonly reads: ReopenRequestReadsService,
  ) {}

  @Post()
  @ApiBody({ type: ReopenReasonDto, description: 'Why the closed case must be opened again: required' })
  @ApiOperation({ summary: 'Ask the receiving state’s compact office to reopen a closed case (field officer or supervisor of either state)' })
  @ApiCreatedResponse({ type: ReopenRequestView })
  @ApiErrorResponses({
    400: {
      description: 'The reason is missing or blank, or longer than 1000 characters',
      examples: { reasonMissing: 'The field "reason" is required to ask for a closed case to be reopened and must not be blank.' },
    },
    403: {
      description: 'Your role may not ask',
      examples: {
        notCaseWorker:
          'Only a field officer or supervisor of the sending state (OH) or the receiving state (TX) may ask for a closed case ' +
          'to be reopened; the compact office of the receiving state reopens a case itself.',
      },
    },
    409: {
      description: 'The case is not closed, or a request is already pending',
      examples: {
        notClosed: 'A reopen request can only be made for a closed case; this case is active.',
        alreadyPending:
          'A reopen request for this case is already pending (asked by oh.field_officer on 2026-11-20); ' +
          'it must be approved, denied or withdrawn before another can be made.',
      },
    },
  })
  ask(@Param('id', caseIdPipe) id: string, @Body() body: ReopenReasonDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ReopenRequestView> {
    return this.requests.ask(id, body.reason, actor, meta);
  }

  @Get()
  @ApiOperation({ summary: 'Every reopen request of the case, newest first' })
  @ApiOkResponse({ type: [ReopenRequestView] })
  ofCase(@Param('id', caseIdPipe) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ReopenRequestView[]> {
    return this.reads.ofCase(id, actor, meta);
  }
}
