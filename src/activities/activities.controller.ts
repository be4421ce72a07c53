import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { HistoryEntryView } from '../cases/dto/history-entry.view';
import { ApiErrorResponses, type ErrorDoc } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { ActivitiesService } from './activities.service';
import { ACTIVITY_NOT_FOUND, ActivityViews } from './activity-views';
import { ActivityEventDto } from './dto/activity-event.dto';
import { ActivityView } from './dto/activity.view';

const activityId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException(ACTIVITY_NOT_FOUND) });
const NO_SUCH_ACTIVITY: ErrorDoc = { description: 'No such activity among the cases your state may see', examples: { notFound: ACTIVITY_NOT_FOUND } };

@ApiTags('activities')
@ApiBearerAuth()
@ApiParam({ name: 'id', description: 'The activity id', schema: { type: 'string', format: 'uuid' } })
@ApiErrorResponses({ 404: NO_SUCH_ACTIVITY })
@Controller('activities')
export class ActivitiesController {
  constructor(
    private readonly activities: ActivitiesService,
    private readonly views: ActivityViews,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'One supervision activity, with its deadlines and the events the user may send now' })
  @ApiOkResponse({ type: ActivityView })
  one(@Param('id', activityId) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ActivityView> {
    return this.views.one(id, actor, meta);
  }

  @Get(':id/history')
  @ApiOperation({ summary: "The activity's entries of the case's history, refused attempts included, in order" })
  @ApiOkResponse({ type: [HistoryEntryView] })
  history(@Param('id', activityId) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<HistoryEntryView[]> {
    return this.views.history(id, actor, meta);
  }

  @Post(':id/events')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the activity along: respond to a violation, report custody, retake, grant a return, reply...' })
  @ApiBody({
    type: ActivityEventDto,
    examples: {
      respond: {
        summary: 'Respond to a violation report (sending state)',
        value: { type: 'RESPOND', response: 'warrant_issued', text: 'Warrant issued 2026-12-02.' },
      },
      custody: { summary: 'Report custody on a warrant (receiving state)', value: { type: 'REPORT_CUSTODY', custodySince: '2026-12-03' } },
      progressReport: {
        summary: 'Send the progress report asked for (receiving state)',
        value: { type: 'SUBMIT_REPORT', summary: 'Reports monthly; employed.', complianceStatus: 'compliant' },
      },
    },
  })
  @ApiOkResponse({ type: ActivityView })
  @ApiErrorResponses({
    400: {
      description: 'Unknown event, or a field missing, not valid or not taken',
      examples: { fieldMissing: 'RESPOND of a violation report needs "response", not blank.' },
    },
    403: {
      description: 'Your role or state may not send it',
      examples: { wrongSide: 'Only the compact office of the sending state may send GRANT on a return request (rule 4.111).' },
    },
    409: {
      description: 'Not possible in the activity’s status, or it changed meanwhile',
      examples: { ended: 'This warrant is retaken and cannot change.', notInStatus: 'RETAKE is possible only while the warrant is in_custody; it is issued.' },
    },
  })
  send(@Param('id', activityId) id: string, @Body() body: ActivityEventDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ActivityView> {
    return this.activities.move(id, { ...body }, actor, meta);
  }
}
