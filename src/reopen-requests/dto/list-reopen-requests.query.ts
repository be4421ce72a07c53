import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '../../common/page.query';
import { IsIn, IsOptional } from 'class-validator';
import { REOPEN_REQUEST_STATUSES, type ReopenRequestStatus } from '../../../machines';

export class ListReopenRequestsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REOPEN_REQUEST_STATUSES, description: "e.g. pending: the compact office's queue" })
  @IsOptional()
  @IsIn(REOPEN_REQUEST_STATUSES, { message: `status must be one of: ${REOPEN_REQUEST_STATUSES.join(', ')}` })
  status?: ReopenRequestStatus;
}
