import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { IsCompactDate } from '../../common/compact-date';
import {
  CASE_EVENT_TYPES,
  CLOSURE_REASONS,
  EVENTS_REQUIRING_REASON,
  INSTRUCTIONS_KINDS,
  REJECTION_KINDS,
  type CaseEventType,
  type ClosureReason,
  type InstructionsKind,
  type RejectionKind,
} from '../../../machines';

export class CaseEventDto {
  @ApiProperty({ enum: CASE_EVENT_TYPES, example: 'SUBMIT_TRANSFER_REQUEST' })
  @IsIn(CASE_EVENT_TYPES, { message: `type must be one of: ${CASE_EVENT_TYPES.join(', ')}` })
  type: CaseEventType;

  @ApiPropertyOptional({
    description: `Why; required (and not blank) for ${EVENTS_REQUIRING_REASON.join(', ')}`,
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

  @ApiPropertyOptional({ enum: REJECTION_KINDS, description: 'Required for REJECT_TRANSFER: incomplete (with its gaps in reason) or denied (rule 3.104(b))' })
  @IsOptional()
  @IsIn(REJECTION_KINDS, { message: `rejectionKind must be one of: ${REJECTION_KINDS.join(', ')}` })
  rejectionKind?: RejectionKind;

  @ApiPropertyOptional({
    enum: INSTRUCTIONS_KINDS,
    description: 'Required for REQUEST_REPORTING_INSTRUCTIONS: living_in_receiving_state (rule 3.103) or expedited (rule 3.103-2, formerly 3.106)',
  })
  @IsOptional()
  @IsIn(INSTRUCTIONS_KINDS, { message: `instructionsKind must be one of: ${INSTRUCTIONS_KINDS.join(', ')}` })
  instructionsKind?: InstructionsKind;

  @ApiPropertyOptional({
    description: 'For REQUEST_REPORTING_INSTRUCTIONS: a sex offender, whose request the receiving state answers in 5 business days (rule 3.103-3)',
  })
  @IsOptional()
  @IsBoolean()
  sexOffender?: boolean;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-20',
    description: 'Required for a request under rule 3.103: the sentencing date its limit counts from',
  })
  @IsOptional()
  @IsCompactDate()
  sentencingDate?: string;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Required for SUBMIT_CLOSURE_NOTICE (rule 4.112): the last known address',
    example: '12 Elm St, Austin, TX',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  lastKnownAddress?: string;

  @ApiPropertyOptional({ maxLength: 500, description: 'Required for SUBMIT_CLOSURE_NOTICE (rule 4.112): the last known employment', example: 'Unemployed' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  lastKnownEmployment?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, example: 1, description: 'The case version the client last saw; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
