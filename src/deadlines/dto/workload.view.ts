import { ApiProperty } from '@nestjs/swagger';
import { TIME_LIMITS, type DayUnit, type TimeLimit } from '../../../machines';
import { STATE_CODES, type StateCode } from '../../../machines/jurisdiction';

/** An open deadline in a workload: which case, what is due under which rule, by when, and how long is left. */
export class WorkloadItem {
  @ApiProperty({ format: 'uuid', description: 'The deadline' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'OH-2026-000123' }) caseNumber: string;
  @ApiProperty({ example: 'Jordan Smith' }) offenderName: string;
  @ApiProperty({ enum: TIME_LIMITS, example: 'TREP' }) limit: TimeLimit;
  @ApiProperty({ example: 'Transfer reply', description: 'What is due' }) activity: string;
  @ApiProperty({ example: '3.104', description: 'The rule that sets the limit, as cited when the clock started' }) rule: string;
  @ApiProperty({ enum: STATE_CODES, description: 'The state that must act' }) responsibleState: StateCode;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "The assigned user; null: the state's compact office" })
  assigneeId: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the clock started' }) startedAt: string;
  @ApiProperty({ format: 'date', example: '2027-01-09', description: 'The Eastern date it falls due' }) dueOn: string;
  @ApiProperty({ format: 'date-time', description: 'The instant dueOn ends, Eastern' }) dueAt: string;
  @ApiProperty({ type: 'integer', example: 12, description: 'Days from today (Eastern) to dueOn, in dayUnit; 0 on the day, negative once overdue' })
  daysLeft: number;
  @ApiProperty({ enum: ['calendar', 'business'], description: 'How the limit counts its days' }) dayUnit: DayUnit;
  @ApiProperty({ description: 'Past dueAt and still not met' }) overdue: boolean;
}

export class WorkloadPage {
  @ApiProperty({ type: [WorkloadItem] }) items: WorkloadItem[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
