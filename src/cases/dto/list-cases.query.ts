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
    description: "Part of the offender's name, the start of the case number, or the whole offender number (offenderId); case does not matter",
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
      'updated: the last changed first. due: the earliest open deadline first, by its Eastern due date (nextDue), cases with none open last; ties by case id. ' +
      'A cursor is of one order: with the other, it is refused',
  })
  @IsOptional()
  @IsIn(CASE_SORTS, { message: `sort must be one of: ${CASE_SORTS.join(', ')}` })
  sort?: CaseSort;
}
