import { ApiProperty, PickType } from '@nestjs/swagger';
import type { DayUnit } from '../../../machines';
import { CaseDeadlineView } from '../../cases/dto/case-deadline.view';

/** An open deadline in a workload: which case, what is due under which rule, by when, and how long is left. */
export class WorkloadItem extends PickType(CaseDeadlineView, [
  'id',
  'activityId',
  'limit',
  'rule',
  'activity',
  'responsibleState',
  'assigneeId',
  'startedAt',
  'dueOn',
  'dueAt',
] as const) {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'OH-2026-000123' }) caseNumber: string;
  @ApiProperty({ example: 'Jordan Smith' }) offenderName: string;
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
