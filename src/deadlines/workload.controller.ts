import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASE_WORKER_ROLES, type Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { ApiErrorResponses } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { WorkloadQuery } from './dto/workload.query';
import { WorkloadPage } from './dto/workload.view';
import { OWN_WORKLOAD_ONLY, Workloads } from './workloads';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('workload')
export class WorkloadController {
  constructor(private readonly workloads: Workloads) {}

  @Get()
  @RequireRole(...CASE_WORKER_ROLES)
  @ApiOperation({
    summary: 'Open deadlines, soonest due first',
    description:
      "A field officer's: those assigned to them. A supervisor's or compact office's: every open deadline their state owes, " +
      'assigned or not (assignee=none: those nobody is assigned to yet, which the compact office answers for).',
  })
  @ApiOkResponse({ type: WorkloadPage })
  @ApiErrorResponses({
    400: {
      description: 'A query parameter is not valid',
      examples: {
        invalidQuery: {
          message: 'The request is not valid: overdue must be true or false.',
          fields: [{ field: 'overdue', problems: ['overdue must be true or false'] }],
        },
      },
    },
    403: {
      description: "Not a case worker's route, or another officer's workload asked for by a field officer",
      examples: { ownOnly: OWN_WORKLOAD_ONLY },
    },
  })
  list(@Query() query: WorkloadQuery, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<WorkloadPage> {
    return this.workloads.page(query, actor, meta);
  }
}
