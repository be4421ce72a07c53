import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { COMPLIANCE_STATUSES, VIOLATION_KINDS, VIOLATION_RESPONSES } from '../../../machines';
import { IsCompactDate } from '../../common/compact-date';

const LONG_TEXT = 4000;

/** The fields a step of a supervision activity may carry; which ones each step requires is its kind's rule table. */
export class ActivityFieldsDto {
  @ApiPropertyOptional({ maxLength: LONG_TEXT, description: 'A progress report: the summary of supervision (rule 4.106)' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT)
  summary?: string;

  @ApiPropertyOptional({ enum: COMPLIANCE_STATUSES, description: 'A progress report: whether the person complies with the conditions' })
  @IsOptional()
  @IsIn(COMPLIANCE_STATUSES, { message: `complianceStatus must be one of: ${COMPLIANCE_STATUSES.join(', ')}` })
  complianceStatus?: string;

  @ApiPropertyOptional({ enum: VIOLATION_KINDS, description: 'A violation report: what is reported (rule 4.109)' })
  @IsOptional()
  @IsIn(VIOLATION_KINDS, { message: `violationKind must be one of: ${VIOLATION_KINDS.join(', ')}` })
  violationKind?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2026-11-20',
    description: 'A violation report: when the behaviour was discovered; the report is due 30 days later',
  })
  @IsOptional()
  @IsCompactDate()
  discoveredOn?: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT, description: 'A violation report: what happened' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT)
  description?: string;

  @ApiPropertyOptional({ enum: VIOLATION_RESPONSES, description: 'RESPOND to a violation report: the action the sending state takes (rule 4.109(c))' })
  @IsOptional()
  @IsIn(VIOLATION_RESPONSES, { message: `response must be one of: ${VIOLATION_RESPONSES.join(', ')}` })
  response?: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT, description: 'RESPOND: the action and its dates, in words' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT)
  text?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-11-27', description: 'A warrant: the date it was issued' })
  @IsOptional()
  @IsCompactDate()
  issuedOn?: string;

  @ApiPropertyOptional({ maxLength: 1000, description: 'A warrant: why it was issued; WITHDRAW_WARRANT, DENY: why' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A warrant: the violation report of the same case it answers' })
  @IsOptional()
  @IsUUID('all', { message: 'violationReportId must be the id (a UUID) of a violation report of this case' })
  violationReportId?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-01', description: 'REPORT_CUSTODY: since when the person is held solely on the warrant' })
  @IsOptional()
  @IsCompactDate()
  custodySince?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'An action request: its subject' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({ maxLength: LONG_TEXT, description: 'An action request, a reply, or a request for a progress report: the message' })
  @IsOptional()
  @IsString()
  @MaxLength(LONG_TEXT)
  message?: string;
}
