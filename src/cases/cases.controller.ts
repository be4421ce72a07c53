import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { caseIdPipe } from './case-id.pipe';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrorResponses } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { CASE_EVENT_TYPES, CASE_STATUSES } from '../../machines';
import { CasesService, NOT_FOUND } from './cases.service';
import { CaseEventDto } from './dto/case-event.dto';
import { CasePage, CaseView } from './dto/case.view';
import { HistoryEntryView } from './dto/history-entry.view';
import { ListCasesQuery } from './dto/list-cases.query';
import { OpenCaseDto } from './dto/open-case.dto';

const NO_SUCH_CASE = { description: 'No such case among the cases your state may see', examples: { notFound: NOT_FOUND } };
const STATE_PROBLEM = 'receivingState must be the two-letter code of a compact member state (e.g. OH, TX, DC, PR)';
const STATUS_PROBLEM = `status must be one of: ${CASE_STATUSES.join(', ')}`;
const CURSOR_OF_OTHER_ORDER =
  'cursor is of the list in the order sort=due, not sort=updated: pass the same sort as the page it came from, or leave cursor out to start over.';
const TYPE_PROBLEM = `type must be one of: ${CASE_EVENT_TYPES.join(', ')}`;
const CASE_ID = ApiParam({ name: 'id', description: 'The case id', schema: { type: 'string', format: 'uuid' } });

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: 'Open a case in draft (sending state only)' })
  @ApiCreatedResponse({ type: CaseView })
  @ApiErrorResponses({
    400: {
      description: 'A field is missing or not valid, or the receiving state is the sending state',
      examples: {
        invalidField: {
          message: `The request is not valid: ${STATE_PROBLEM}.`,
          fields: [{ field: 'receivingState', problems: [STATE_PROBLEM] }],
        },
        sameState: 'The receiving state must differ from the sending state: a transfer goes to another state.',
      },
    },
    403: {
      description: 'Your role does not open cases, or the sending state is not yours',
      examples: { notSendingState: 'A case is opened by the sending state; you act for TX, not OH.' },
    },
  })
  open(@Body() body: OpenCaseDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<CaseView> {
    return this.cases.open(body, actor, meta);
  }

  @Get()
  @ApiOperation({
    summary: "Cases of the user's state, the last changed first or the soonest due first (sort), searched by q",
  })
  @ApiOkResponse({ type: CasePage })
  @ApiErrorResponses({
    400: {
      description: 'A query parameter is not valid, or the cursor is of the other order',
      examples: {
        invalidQuery: {
          message: `The request is not valid: ${STATUS_PROBLEM}.`,
          fields: [{ field: 'status', problems: [STATUS_PROBLEM] }],
        },
        cursorOfOtherOrder: CURSOR_OF_OTHER_ORDER,
      },
    },
  })
  list(@Query() query: ListCasesQuery, @CurrentActor() actor: Actor): Promise<CasePage> {
    return this.cases.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case, with the events the user may send now' })
  @ApiOkResponse({ type: CaseView })
  @CASE_ID
  @ApiErrorResponses({ 404: NO_SUCH_CASE })
  get(@Param('id', caseIdPipe) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<CaseView> {
    return this.cases.get(id, actor, meta);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the case along its lifecycle (transfer request, closure notice, reopen…)' })
  @ApiOkResponse({ type: CaseView })
  @CASE_ID
  @ApiBody({
    type: CaseEventDto,
    examples: {
      transferRequest: { summary: 'Send the transfer request of a draft case', value: { type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: 1 } },
      closureNotice: {
        summary: 'Submit a closure notice (receiving state), with the last known address and employment',
        value: {
          type: 'SUBMIT_CLOSURE_NOTICE',
          closureReason: 'discharged',
          lastKnownAddress: '2210 Elm St, Austin, TX 78702',
          lastKnownEmployment: 'Warehouse associate',
        },
      },
      rejectTransfer: {
        summary: 'Reject a transfer request, with the reason and whether it was incomplete or denied',
        value: { type: 'REJECT_TRANSFER', reason: 'No approved residence in Texas yet.', rejectionKind: 'incomplete' },
      },
      expeditedInstructions: {
        summary: 'Ask for expedited reporting instructions (rule 3.103-2)',
        value: { type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'expedited', sexOffender: false },
      },
      transmit: { summary: "Transmit what waits for the sending compact office's review", value: { type: 'TRANSMIT' } },
    },
  })
  @ApiErrorResponses({
    400: {
      description: 'A field is not valid, or a reason or closure reason this event needs is missing',
      examples: {
        unknownEvent: {
          message: `The request is not valid: ${TYPE_PROBLEM}.`,
          fields: [{ field: 'type', problems: [TYPE_PROBLEM] }],
        },
        reasonMissing: 'The field "reason" is required to reject a transfer request and must not be blank.',
      },
    },
    403: {
      description: 'Your role or state may not send this event',
      examples: { wrongSide: 'Only the compact office of the receiving state (TX) may accept a transfer request.' },
    },
    404: NO_SUCH_CASE,
    409: {
      description: 'Not possible in the case’s status, or expectedVersion is stale',
      examples: {
        wrongStatus: 'A transfer request can only be accepted when the case is transfer_requested; this case is draft.',
        staleVersion: 'This case was changed by someone else meanwhile; reload it and try again.',
      },
    },
  })
  sendEvent(@Param('id', caseIdPipe) id: string, @Body() body: CaseEventDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<CaseView> {
    return this.cases.applyEvent(id, body, actor, meta);
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The case's history, refused attempts included, in order" })
  @ApiOkResponse({ type: [HistoryEntryView] })
  @CASE_ID
  @ApiErrorResponses({ 404: NO_SUCH_CASE })
  history(@Param('id', caseIdPipe) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<HistoryEntryView[]> {
    return this.cases.history(id, actor, meta);
  }
}
