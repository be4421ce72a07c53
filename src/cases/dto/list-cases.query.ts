import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '../../common/page.query';
import { IsIn, IsOptional } from 'class-validator';
import { CASE_STATUSES, type CaseStatus } from '../../../machines';

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: `status must be one of: ${CASE_STATUSES.join(', ')}` })
  status?: CaseStatus;

  @ApiPropertyOptional({ enum: ['sending', 'receiving'], description: "Only cases where the user's state is this side" })
  @IsOptional()
  @IsIn(['sending', 'receiving'])
  side?: 'sending' | 'receiving';
}
