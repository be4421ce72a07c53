import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { caseIdPipe } from '../cases/case-id.pipe';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse,
  ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ErrorBody } from '../common/error-body';
import { Meta, type RequestMeta } from '../common/request-meta';
import { AskForReopenDto } from './dto/ask-for-reopen.dto';
import { ReopenRequestView } from './dto/reopen-request.view';
import { ReopenRequestReadsService } from './reopen-request-reads.service';
import { ReopenRequestsService } from './reopen-requests.service';


@ApiTags('reopen requests')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorBody, description: 'No such case among the cases of your state' })
@Controller('cases/:id/reopen-requests')
export class CaseReopenRequestsController {
  constructor(
    private readonly requests: ReopenRequestsService,
    private readonly reads: ReopenRequestReadsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Ask the receiving state’s compact office to reopen a closed case (field officer or supervisor of either state)' })
  @ApiCreatedResponse({ type: ReopenRequestView })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'The reason is missing' })
  @ApiForbiddenResponse({ type: ErrorBody, description: 'Your role may not ask' })
  @ApiConflictResponse({ type: ErrorBody, description: 'The case is not closed, or a request is already pending' })
  ask(
    @Param('id', caseIdPipe) id: string,
    @Body() body: AskForReopenDto,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ): Promise<ReopenRequestView> {
    return this.requests.ask(id, body.reason, actor, meta);
  }

  @Get()
  @ApiOperation({ summary: 'Every reopen request of the case, newest first' })
  @ApiOkResponse({ type: [ReopenRequestView] })
  ofCase(@Param('id', caseIdPipe) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ReopenRequestView[]> {
    return this.reads.ofCase(id, actor, meta);
  }
}
