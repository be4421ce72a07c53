import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { caseIdPipe } from './case-id.pipe';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse,
  ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ErrorBody } from '../common/error-body';
import { Meta, type RequestMeta } from '../common/request-meta';
import { CasesService } from './cases.service';
import { CaseEventDto } from './dto/case-event.dto';
import { CasePage, CaseView } from './dto/case.view';
import { HistoryEntryView } from './dto/history-entry.view';
import { ListCasesQuery } from './dto/list-cases.query';
import { OpenCaseDto } from './dto/open-case.dto';


@ApiTags('cases')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorBody, description: 'No such case among the cases of your state' })
@Controller('cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Post()
  @ApiOperation({ summary: 'Open a case in draft (sending state only)' })
  @ApiCreatedResponse({ type: CaseView })
  @ApiBadRequestResponse({ type: ErrorBody })
  @ApiForbiddenResponse({ type: ErrorBody })
  open(@Body() body: OpenCaseDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<CaseView> {
    return this.cases.open(body, actor, meta);
  }

  @Get()
  @ApiOperation({ summary: "Cases of the user's state, newest first" })
  @ApiOkResponse({ type: CasePage })
  list(@Query() query: ListCasesQuery, @CurrentActor() actor: Actor): Promise<CasePage> {
    return this.cases.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One case, with the events the user may send now' })
  @ApiOkResponse({ type: CaseView })
  get(@Param('id', caseIdPipe) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<CaseView> {
    return this.cases.get(id, actor, meta);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the case along its lifecycle (transfer request, closure notice, reopen…)' })
  @ApiOkResponse({ type: CaseView })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Malformed body or a required reason missing' })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'Your role or state may not do this' })
  @ApiConflictResponse({ type: ErrorBody, description: 'Not possible in the case’s status, or expectedVersion is stale' })
  sendEvent(
    @Param('id', caseIdPipe) id: string,
    @Body() body: CaseEventDto,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ): Promise<CaseView> {
    return this.cases.applyEvent(id, body, actor, meta);
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The case's history, refused attempts included, in order" })
  @ApiOkResponse({ type: [HistoryEntryView] })
  history(@Param('id', caseIdPipe) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<HistoryEntryView[]> {
    return this.cases.history(id, actor, meta);
  }
}
