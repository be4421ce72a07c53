import { ApiProperty } from '@nestjs/swagger';
import { CASE_STATUSES, SUPERVISION_ACTIVITY_KINDS, type CaseStatus } from '../../../machines';
import { CaseDeadlineView } from '../../cases/dto/case-deadline.view';

/** One step of an activity, with what it said. */
export class ActivityLogEntryView {
  @ApiProperty({ example: 'RESPOND', description: 'The step: a way to start, an event, or CANCEL when the activity ended with its case' }) step: string;
  @ApiProperty({ enum: ['sending', 'receiving'], description: 'The side of the case that took it' }) side: string;
  @ApiProperty({ format: 'date', description: 'The Eastern date it was taken' }) on: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The fields it gave' }) fields: Record<string, string>;
}

/** A supervision activity of a case, or a reopen request listed among them, with what the user may do with it now. */
export class ActivityView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'OH-2026-7KQ2M9XD' }) caseNumber: string;
  @ApiProperty() offenderName: string;
  @ApiProperty({ enum: CASE_STATUSES, description: 'The case’s status now' }) caseStatus: CaseStatus;
  @ApiProperty({ enum: [...SUPERVISION_ACTIVITY_KINDS, 'reopen_request'] }) kind: string;
  @ApiProperty({ example: 'violation report' }) title: string;
  @ApiProperty({ example: '4.109', description: 'The rule of the compact it follows' }) rule: string;
  @ApiProperty({ example: 'reported', description: 'Its status, among those of its kind' }) status: string;
  @ApiProperty({ nullable: true, type: String, description: 'User id of who started it; null for a reopen request asked by another route' })
  startedBy: string | null;
  @ApiProperty() startedByUsername: string;
  @ApiProperty({ enum: ['sending', 'receiving'], description: 'The side of the case it came from' }) startedBySide: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The activity it answers: a warrant’s violation report' })
  linkedActivityId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The latest value of each field its steps gave' })
  fields: Record<string, string>;
  @ApiProperty({ type: [ActivityLogEntryView], description: 'Each step, in order' }) log: ActivityLogEntryView[];
  @ApiProperty({ type: [CaseDeadlineView], description: 'The time limits its steps started' }) deadlines: CaseDeadlineView[];
  @ApiProperty({ type: [String], description: 'The events the signed-in user may send now (POST /activities/{id}/events)' }) allowedEvents: string[];
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ActivityPage {
  @ApiProperty({ type: [ActivityView] }) items: ActivityView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
