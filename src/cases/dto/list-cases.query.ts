import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '../../common/page.query';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from '../../../machines';
import { CASE_SORTS, type CaseSort } from '../case-cursor';

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: `status must be one of: ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus;

  @ApiPropertyOptional({ enum: ['sending', 'receiving'], description: "Only cases where the user's state is this side" })
  @IsOptional()
  @IsIn(['sending', 'receiving'])
  side?: 'sending' | 'receiving';

  @ApiPropertyOptional({
    description:
      "Words to find, each the start of a word of the offender's name (smi finds Smith; case and accents do not matter: jose finds José), " +
      'or the case number or offender number (offenderId), whole or its start; the cases whose number is q itself come first. Quotes, *, - and the like are text, not operators',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    enum: CASE_SORTS,
    default: 'updated',
    description:
      "updated: the last changed first. waiting: the longest unchanged first (a queue's oldest first). due: the earliest open deadline first, by its Eastern due date (nextDue), cases with none open last; ties by case id. " +
      'A cursor is of one order: with the other, it is refused',
  })
  @IsOptional()
  @IsIn(CASE_SORTS, { message: `sort must be one of: ${CASE_SORTS.join(', ')}` })
  sort?: CaseSort;
}
