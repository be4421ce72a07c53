import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateBy, type ValidationArguments } from 'class-validator';
import { COMPLIANCE_MEASURES, COMPLIANCE_OUTCOMES, calendarDaysBetween, isCompactDate, type ComplianceOutcome, type Measure } from '../../../machines';
import { STATE_CODES, type StateCode } from '../../../machines/jurisdiction';
import { IsCompactDate } from '../../common/compact-date';
import { PageQuery } from '../../common/page.query';

/** The longest range a report covers, in days: three years, a leap day among them. */
const MAX_RANGE_DAYS = 366 * 3;

const MEASURE_NAMES: readonly Measure[] = COMPLIANCE_MEASURES.map((m) => m.measure);

/** `to`, checked against the `from` beside it once both are dates: not before it, and not further from it than a report goes. */
function IsRangeEnd(): PropertyDecorator {
  const fromOf = (args: ValidationArguments) => (args.object as { from?: unknown }).from;
  return ValidateBy({
    name: 'isRangeEnd',
    validator: {
      validate: (to: unknown, args) => {
        const from = fromOf(args!);
        if (!isCompactDate(from) || !isCompactDate(to)) return true;
        return from <= to && calendarDaysBetween(from, to) < MAX_RANGE_DAYS;
      },
      defaultMessage: (args) =>
        String(fromOf(args!)) > String(args!.value)
          ? 'to must not be before from'
          : `to must be less than ${MAX_RANGE_DAYS} days after from: a report covers at most three years`,
    },
  });
}

/** The due dates a report counts, both ends included, and whose deadlines. */
class ComplianceRange {
  @ApiProperty({ format: 'date', example: '2026-10-01', description: 'The first due date counted, an Eastern date' })
  @IsCompactDate()
  from: string;

  @ApiProperty({ format: 'date', example: '2026-12-31', description: `The last due date counted; less than ${MAX_RANGE_DAYS} days after from` })
  @IsCompactDate()
  @IsRangeEnd()
  to: string;

  @ApiPropertyOptional({ enum: STATE_CODES, description: "The owing state: your own (the default); a national auditor's choice, and required of one" })
  @IsOptional()
  @IsIn(STATE_CODES, { message: 'state must be the two-letter code of a compact member state (e.g. OH, TX, DC, PR)' })
  state?: StateCode;
}

export class ComplianceReportQuery extends ComplianceRange {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json', description: 'csv: the same report as a file to download' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format must be json or csv' })
  format?: 'json' | 'csv';
}

export class ComplianceDeadlinesQuery extends IntersectionType(ComplianceRange, PageQuery) {
  @ApiProperty({ enum: MEASURE_NAMES, description: 'The measure whose deadlines are listed' })
  @IsIn(MEASURE_NAMES, { message: `measure must be one of: ${MEASURE_NAMES.join(', ')}` })
  measure: Measure;

  @ApiPropertyOptional({ enum: COMPLIANCE_OUTCOMES, description: "Only the deadlines of this outcome, as of today's date; all of them by default" })
  @IsOptional()
  @IsIn(COMPLIANCE_OUTCOMES, { message: `outcome must be one of: ${COMPLIANCE_OUTCOMES.join(', ')}` })
  outcome?: ComplianceOutcome;
}
