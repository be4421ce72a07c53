import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ACTIVITY_STATUSES, SUPERVISION_ACTIVITY_KINDS, type SupervisionActivityKind } from '../../../machines';
import { IsBooleanWord } from '../../common/boolean-query';
import { PageQuery } from '../../common/page.query';

/** The orders of the list of activities: the last changed first, or the longest unchanged first. */
const ACTIVITY_SORTS = ['updated', 'waiting'] as const;
export type ActivitySort = (typeof ACTIVITY_SORTS)[number];

export const isActivitySort = (value: unknown): value is ActivitySort => ACTIVITY_SORTS.includes(value as ActivitySort);

export class ListActivitiesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: SUPERVISION_ACTIVITY_KINDS })
  @IsOptional()
  @IsIn(SUPERVISION_ACTIVITY_KINDS, { message: `kind must be one of: ${SUPERVISION_ACTIVITY_KINDS.join(', ')}` })
  kind?: SupervisionActivityKind;

  @ApiPropertyOptional({ enum: ACTIVITY_STATUSES, description: "Only activities in this status; with kind, it must be one of the kind's" })
  @IsOptional()
  @IsIn(ACTIVITY_STATUSES, { message: `status must be one of: ${ACTIVITY_STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ type: Boolean, description: "true: only those still open (not in one of their kind's final statuses); false: only those ended" })
  @IsOptional()
  @IsBooleanWord('open')
  open?: boolean;

  @ApiPropertyOptional({ enum: ['sending', 'receiving'], description: "Only activities of cases where the user's state is this side" })
  @IsOptional()
  @IsIn(['sending', 'receiving'], { message: 'side must be one of: sending, receiving' })
  side?: 'sending' | 'receiving';

  @ApiPropertyOptional({
    enum: ACTIVITY_SORTS,
    default: 'updated',
    description:
      'updated: the last changed first. waiting: the longest unchanged first. Ties by activity id. A cursor is of one order: with the other, it is refused',
  })
  @IsOptional()
  @IsIn(ACTIVITY_SORTS, { message: `sort must be one of: ${ACTIVITY_SORTS.join(', ')}` })
  sort?: ActivitySort;
}
