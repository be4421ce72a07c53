import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { caseIdPipe } from '../cases/case-id.pipe';
import { NOT_FOUND } from '../cases/cases.service';
import { CaseView } from '../cases/dto/case.view';
import { ApiErrorResponses } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { CaseAssignments } from './case-assignments';
import { AssignCaseDto } from './dto/assign-case.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseAssignmentController {
  constructor(private readonly assignments: CaseAssignments) {}

  @Post(':id/assignment')
  @HttpCode(200)
  @ApiOperation({ summary: "Assign one side's work on a case, and its open deadlines, to a user of that side" })
  @ApiParam({ name: 'id', description: 'The case id', schema: { type: 'string', format: 'uuid' } })
  @ApiOkResponse({ type: CaseView })
  @ApiErrorResponses({
    400: {
      description: 'The assignee is not an active case worker of that side’s state',
      examples: { notEligible: 'assigneeId must be an active field officer, supervisor or compact office user of TX.' },
    },
    403: {
      description: 'Only that side’s supervisors and compact office assign it',
      examples: { notPermitted: 'Only a supervisor or the compact office of TX may assign the receiving side of this case; you are a field officer of TX.' },
    },
    404: { description: 'No such case among the cases your state may see', examples: { notFound: NOT_FOUND } },
    409: {
      description: 'Not possible in the case’s status, already so assigned, or expectedVersion is stale',
      examples: { notAccepted: 'TX has not accepted this case yet: its compact office assigns it on acceptance.' },
    },
  })
  assign(@Param('id', caseIdPipe) id: string, @Body() body: AssignCaseDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<CaseView> {
    return this.assignments.assign(id, body, actor, meta);
  }
}
