import { CaseDeadlineView } from '../../cases/dto/case-deadline.view';
import { ApiProperty } from '@nestjs/swagger';
import { COMPLIANCE_MEASURES, COMPLIANCE_OUTCOMES, type ComplianceOutcome, type Measure } from '../../../machines';
import { STATE_CODES, type StateCode } from '../../../machines/jurisdiction';

/** The deadlines of one measure due in one period, of one state or of all pooled. */
export class ComplianceCountsView {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'What was owed: on time + late + open' }) due: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Met on or before the due date' }) onTime: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Met after the due date, missed, or still unanswered past it' }) late: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Unanswered, and not yet past its due date' }) open: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Cancelled before it fell due: shown beside, not in due' }) cancelled: number;
  @ApiProperty({ type: Number, nullable: true, example: 87.5, description: '100 × onTime / (onTime + late), to one decimal; null when both are 0' })
  percentOnTime: number | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: 'percentOnTime is at least targetPercent; null when there is no percent, or the measure is informational',
  })
  meetsTarget: boolean | null;
}

export class ComplianceMeasureView {
  @ApiProperty({ enum: COMPLIANCE_MEASURES.map((m) => m.measure) }) measure: Measure;
  @ApiProperty({ example: 'Transfer Reply' }) title: string;
  @ApiProperty({ example: '3.104', description: 'The rule that sets the time limit the measure judges' }) rule: string;
  @ApiProperty({ description: 'Whether the engine has an activity with this limit; when not, every count is 0' }) tracked: boolean;
  @ApiProperty({ description: 'Shown for information only: held to no target, so meetsTarget is always null' }) informational: boolean;
  @ApiProperty({ type: ComplianceCountsView, description: "The state's own deadlines" }) state: ComplianceCountsView;
  @ApiProperty({ type: ComplianceCountsView, description: "Every state's deadlines pooled: the national average is their ratio" })
  national: ComplianceCountsView;
}

export class CompliancePeriodView {
  @ApiProperty({ example: '2026 Q4' }) label: string;
  @ApiProperty({ format: 'date', example: '2026-10-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-12-31' }) to: string;
  @ApiProperty({ type: [ComplianceMeasureView], description: 'Every measure of the dashboards, in their order' }) measures: ComplianceMeasureView[];
}

/** The timeliness of one state by measure, quarter by quarter and over the whole range, beside the nation's. */
export class ComplianceReportView {
  @ApiProperty({ enum: STATE_CODES }) state: StateCode;
  @ApiProperty({ format: 'date', example: '2026-10-01' }) from: string;
  @ApiProperty({ format: 'date', example: '2026-12-31' }) to: string;
  @ApiProperty({ format: 'date', description: "Today's Eastern date: the outcomes are as of it" }) asOf: string;
  @ApiProperty({ type: Number, example: 90, description: 'The percent on time each measure is held to (COMPLIANCE_TARGET_PERCENT)' })
  targetPercent: number;
  @ApiProperty({ type: [CompliancePeriodView], description: 'One per calendar quarter the range touches, cut to the range' })
  periods: CompliancePeriodView[];
  @ApiProperty({ type: CompliancePeriodView, description: 'The whole range' }) overall: CompliancePeriodView;
}

/** One deadline behind a count, and the outcome it is counted under. */
export class ComplianceDeadlineView extends CaseDeadlineView {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'OH-2026-7KQ2M9XD' }) caseNumber: string;
  @ApiProperty({ enum: COMPLIANCE_OUTCOMES, description: 'How the report counts it, as of today' }) outcome: ComplianceOutcome;
}

export class ComplianceDeadlinePage {
  @ApiProperty({ type: [ComplianceDeadlineView] }) items: ComplianceDeadlineView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
