import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DEADLINE_RULES } from '../../../machines';
import { IsBooleanWord } from '../../common/boolean-query';
import { PageQuery } from '../../common/page.query';

/** What `rule` may name: a time limit by its id (TREP), or the rule that sets it (3.104). */
const WORKLOAD_RULES = [...new Set(DEADLINE_RULES.flatMap((r) => [r.limit, r.rule]))];

export class WorkloadQuery extends PageQuery {
  @ApiPropertyOptional({
    description:
      "Whose open deadlines: a user's id, `me`, or `none` for those nobody is assigned to yet (the compact office's). A field officer's are their own.",
    example: 'me',
  })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'assignee must be a user id, me or none' })
  assignee?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only those past their due date; false: only those not yet' })
  @IsOptional()
  @IsBooleanWord('overdue')
  overdue?: boolean;

  @ApiPropertyOptional({ enum: WORKLOAD_RULES, description: 'Only this time limit, by its id or by its rule', example: 'TREP' })
  @IsOptional()
  @IsIn(WORKLOAD_RULES, { message: `rule must be one of: ${WORKLOAD_RULES.join(', ')}` })
  rule?: string;
}
