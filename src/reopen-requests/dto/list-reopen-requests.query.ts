import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { REOPEN_REQUEST_STATUSES, type ReopenRequestStatus } from '../../../machines';

export class ListReopenRequestsQuery {
  @ApiPropertyOptional({ enum: REOPEN_REQUEST_STATUSES, description: "e.g. pending: the compact office's queue" })
  @IsOptional()
  @IsIn(REOPEN_REQUEST_STATUSES, { message: `status must be one of: ${REOPEN_REQUEST_STATUSES.join(', ')}` })
  status?: ReopenRequestStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
