import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiErrorResponses } from '../common/api-errors';
import { ActivityViews } from './activity-views';
import { ActivityPage } from './dto/activity.view';
import { ListActivitiesQuery } from './dto/list-activities.query';

@ApiTags('activities')
@ApiBearerAuth()
@Controller('activities')
export class ActivityListController {
  constructor(private readonly views: ActivityViews) {}

  @Get()
  @ApiOperation({
    summary: "Supervision activities of every case of the user's state, the last changed first or the longest unchanged first (sort), by kind, status and side",
  })
  @ApiOkResponse({ type: ActivityPage })
  @ApiErrorResponses({
    400: {
      description: "A query parameter is not valid, the status is not one of the kind's, or the cursor is of the other order",
      examples: {
        statusOfOtherKind: 'status open is not a status of a warrant; its statuses are issued, in_custody, retaken, withdrawn or cancelled.',
        cursorOfOtherOrder:
          'cursor is of the list in the order sort=updated, not sort=waiting: pass the same sort as the page it came from, or leave cursor out to start over.',
      },
    },
  })
  list(@Query() query: ListActivitiesQuery, @CurrentActor() actor: Actor): Promise<ActivityPage> {
    return this.views.list(query, actor);
  }
}
