import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { ReopenRequestEventType } from '../../machines';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrorResponses, type ErrorDoc } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { routesOf, StepRoutes } from '../engine/step-routes';
import { ListReopenRequestsQuery } from './dto/list-reopen-requests.query';
import { ReopenReasonDto } from './dto/reopen-reason.dto';
import { ReopenRequestPage, ReopenRequestView } from './dto/reopen-request.view';
import { REOPEN_REQUEST_ACTIVITY } from './reopen-request-activity';
import { REQUEST_NOT_FOUND } from './reopen-request-errors';
import { ReopenRequestReadsService } from './reopen-request-reads.service';
import { ReopenRequestsService } from './reopen-requests.service';

const requestId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException(REQUEST_NOT_FOUND) });

const REQUEST_ID = ApiParam({ name: 'id', description: 'The reopen request id', schema: { type: 'string', format: 'uuid' } });
const NO_SUCH_REQUEST: ErrorDoc = { description: 'No such reopen request among those your state may see', examples: { notFound: REQUEST_NOT_FOUND } };

/** The reads are written here; approve, deny and withdraw are the routes the activity declares (REOPEN_REQUEST_ACTIVITY). */
@ApiTags('reopen requests')
@ApiBearerAuth()
@StepRoutes<ReopenRequestEventType, ReopenRequestsController, ReopenReasonDto>({
  routes: routesOf(REOPEN_REQUEST_ACTIVITY),
  idPipe: requestId,
  idDoc: REQUEST_ID,
  answer: ReopenRequestView,
  take: (controller, id, step, body, actor, meta) => controller.requests.decide(id, step, body.reason, actor, meta),
})
@Controller('reopen-requests')
export class ReopenRequestsController {
  constructor(
    readonly requests: ReopenRequestsService,
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
}
