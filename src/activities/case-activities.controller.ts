import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { caseIdPipe } from '../cases/case-id.pipe';
import { NOT_FOUND } from '../cases/cases.service';
import { ApiErrorResponses } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { ActivitiesService } from './activities.service';
import { ActivityViews } from './activity-views';
import { ActivityView } from './dto/activity.view';
import { StartActivityDto } from './dto/start-activity.dto';

@ApiTags('activities')
@ApiBearerAuth()
@ApiParam({ name: 'id', description: 'The case id', schema: { type: 'string', format: 'uuid' } })
@ApiErrorResponses({ 404: { description: 'No such case among the cases your state may see', examples: { notFound: NOT_FOUND } } })
@Controller('cases/:id/activities')
export class CaseActivitiesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly views: ActivityViews,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every activity of the case, oldest first: progress and violation reports, warrants, return and action requests, reopen requests' })
  @ApiOkResponse({ type: [ActivityView] })
  list(@Param('id', caseIdPipe) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ActivityView[]> {
    return this.views.ofCase(id, actor, meta);
  }

  @Post()
  @ApiOperation({ summary: 'Start a supervision activity of the case; the kind’s rule table says who may and which fields it needs' })
  @ApiBody({
    type: StartActivityDto,
    examples: {
      violationReport: {
        summary: 'Report an absconding violation (receiving state, rule 4.109)',
        value: {
          kind: 'violation_report',
          violationKind: 'absconding',
          discoveredOn: '2026-11-30',
          description: 'Missed two reports; not at the approved residence.',
        },
      },
      progressReportRequest: { summary: 'Ask for a progress report (sending state, rule 4.106)', value: { kind: 'progress_report' } },
      warrant: {
        summary: 'Issue a warrant on a violation report (sending state, rule 5.103)',
        value: { kind: 'warrant', issuedOn: '2026-12-02', reason: 'Absconded from supervision.', violationReportId: '6f1c2b9e-1f0a-4c3e-9d7b-2a5e8c4b1d3f' },
      },
      actionRequest: {
        summary: 'Write to the other state’s compact office (any case, closed included)',
        value: { kind: 'action_request', subject: 'Case file', message: 'Please send the closing summary.' },
      },
    },
  })
  @ApiCreatedResponse({ type: ActivityView })
  @ApiErrorResponses({
    400: {
      description: 'A field is missing, not valid, or not one the start takes',
      examples: { fieldMissing: 'REPORT of a violation report needs "violationKind", "discoveredOn" and "description", not blank.' },
    },
    403: {
      description: 'Your role or state may not start it',
      examples: { wrongSide: 'Only a field officer, supervisor or compact office of the receiving state may start a violation report (rule 4.109).' },
    },
    409: {
      description: 'The case’s status does not allow it',
      examples: { caseNotActive: 'A violation report can only be started on a case that is active; this case is closed.' },
    },
  })
  start(@Param('id', caseIdPipe) id: string, @Body() body: StartActivityDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ActivityView> {
    return this.activities.start(id, { ...body }, actor, meta);
  }
}
