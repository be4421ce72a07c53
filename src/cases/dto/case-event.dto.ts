import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { IsCompactDate } from '../../common/compact-date';
import { CASE_EVENT_TYPES, CLOSURE_REASONS, type CaseEventType, type ClosureReason } from '../../../machines';

export class CaseEventDto {
  @ApiProperty({ enum: CASE_EVENT_TYPES, example: 'SUBMIT_TRANSFER_REQUEST' })
  @IsIn(CASE_EVENT_TYPES, { message: `type must be one of: ${CASE_EVENT_TYPES.join(', ')}` })
  type: CaseEventType;

  @ApiPropertyOptional({
    description: 'Why; required (and not blank) for REJECT_TRANSFER, WITHDRAW, REJECT_CLOSURE and REOPEN',
    maxLength: 1000,
    example: 'No approved residence in Texas yet.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ enum: CLOSURE_REASONS, description: 'Required for SUBMIT_CLOSURE_NOTICE (rule 4.112)', example: 'discharged' })
  @IsOptional()
  @IsIn(CLOSURE_REASONS, { message: `closureReason must be one of: ${CLOSURE_REASONS.join(', ')}` })
  closureReason?: ClosureReason;

  @ApiPropertyOptional({
    format: 'date',
    example: '2027-03-01',
    description: 'For SUBMIT_TRANSFER_REQUEST before release: the planned release date, at most 120 days ahead (rule 3.105)',
  })
  @IsOptional()
  @IsCompactDate()
  plannedReleaseDate?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, example: 1, description: 'The case version the client last saw; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
