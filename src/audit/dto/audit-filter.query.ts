import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

class AuditFilterQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only entries of this case' })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a case id (UUID)' })
  caseId?: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'Username of the actor' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ example: 'REOPEN', pattern: '^[A-Z_]{2,64}$', description: 'Event or action, e.g. SIGN_IN, OPEN_CASE, REOPEN' })
  @IsOptional()
  @Matches(/^[A-Z_]{2,64}$/, { message: 'action must be an action name in capitals, such as REOPEN or SIGN_IN' })
  action?: string;

  @ApiPropertyOptional({ enum: ['allowed', 'denied', 'error'] })
  @IsOptional()
  @IsIn(['allowed', 'denied', 'error'], { message: 'outcome must be one of: allowed, denied, error' })
  outcome?: 'allowed' | 'denied' | 'error';

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'From this time (ISO 8601, inclusive)', example: '2026-11-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be a date and time in ISO 8601, e.g. 2026-11-01T00:00:00Z' })
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Before this time (ISO 8601, exclusive)', example: '2026-12-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be a date and time in ISO 8601, e.g. 2026-12-01T00:00:00Z' })
  to?: Date;
}

export class AuditPageQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'nextCursor of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'cursor must be the nextCursor of the previous page' })
  @Min(0)
  cursor?: number;
}

export class AuditExportQuery extends AuditFilterQuery {
  @ApiPropertyOptional({ enum: ['csv', 'ndjson'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'ndjson'], { message: 'format must be csv or ndjson' })
  format?: 'csv' | 'ndjson';
}
