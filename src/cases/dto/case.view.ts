import { ApiProperty } from '@nestjs/swagger';
import { CASE_EVENT_TYPES, CASE_STATUSES, CLOSURE_REASONS, type CaseStatus, type ClosureReason } from '../../../machines';
import { STATE_CODES, type StateCode } from '../../../machines/jurisdiction';
import type { SupervisionCase } from '../case.entity';
import { CaseDeadlineView } from './case-deadline.view';

export class CaseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'OH-2026-7KQ2M9XD' }) caseNumber: string;
  @ApiProperty({ minLength: 2, maxLength: 200 }) offenderName: string;
  @ApiProperty({ nullable: true, type: String, description: "The sending state's own offender number" }) offenderId: string | null;
  @ApiProperty({ enum: STATE_CODES }) sendingState: StateCode;
  @ApiProperty({ enum: STATE_CODES }) receivingState: StateCode;
  @ApiProperty({ enum: CASE_STATUSES }) status: CaseStatus;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Bumped by every accepted event; send it back as expectedVersion' }) version: number;
  @ApiProperty({ enum: [...CLOSURE_REASONS, null], nullable: true, description: 'Set by a closure notice; null before one' })
  closureReason: ClosureReason | null;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Version of the lifecycle rules that wrote this case' }) machineVersion: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({
    enum: [...CASE_EVENT_TYPES, 'REQUEST_REOPEN'],
    isArray: true,
    description:
      'What the signed-in user may do now: case events for POST /cases/{id}/events, and REQUEST_REOPEN ' +
      'when they may ask for this closed case to be reopened (POST /cases/{id}/reopen-requests)',
  })
  allowedEvents: string[];
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'The last day of supervision the sentence sets, Eastern' })
  supervisionEndsOn: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'The planned release date its transfer request gave (rule 3.105); null when none' })
  plannedReleaseDate: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The sending state user the case is assigned to' })
  sendingAssigneeId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The receiving state user the case is assigned to; null: its compact office' })
  receivingAssigneeId: string | null;
  @ApiProperty({ type: [CaseDeadlineView], description: 'Its time limits, running and run, in the order their clocks started' })
  deadlines: CaseDeadlineView[];

  static of(c: SupervisionCase, allowedEvents: readonly string[], deadlines: readonly CaseDeadlineView[]): CaseView {
    return {
      id: c.id,
      caseNumber: c.caseNumber,
      offenderName: c.offenderName,
      offenderId: c.offenderId,
      sendingState: c.sendingState,
      receivingState: c.receivingState,
      status: c.status,
      version: c.version,
      closureReason: c.closureReason,
      machineVersion: c.machineVersion,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      allowedEvents: [...allowedEvents],
      supervisionEndsOn: c.supervisionEndsOn,
      plannedReleaseDate: c.plannedReleaseDate,
      sendingAssigneeId: c.sendingAssigneeId,
      receivingAssigneeId: c.receivingAssigneeId,
      deadlines: [...deadlines],
    };
  }
}

export class CasePage {
  @ApiProperty({ type: [CaseView] }) items: CaseView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
