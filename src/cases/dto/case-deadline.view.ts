import { ApiProperty } from '@nestjs/swagger';
import { DEADLINE_STATUSES, TIME_LIMITS, type DeadlineStatus, type TimeLimit } from '../../../machines';
import { STATE_CODES, type StateCode } from '../../../machines/jurisdiction';

/** A time limit running, or run, on a case: what is due, from whom, by when, and how it ended. */
export class CaseDeadlineView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description:
      "The supervision activity of the case it belongs to (a progress report, a violation report, a warrant, a return request); null for the case's own",
  })
  activityId: string | null;
  @ApiProperty({ enum: TIME_LIMITS, example: 'TREP', description: 'The time limit, by the id the rule table gives it' }) limit: TimeLimit;
  @ApiProperty({ example: '3.104', description: 'The rule that sets the limit, as cited when the clock started' }) rule: string;
  @ApiProperty({ example: 'Transfer reply', description: 'What is due' }) activity: string;
  @ApiProperty({ enum: STATE_CODES, description: 'The state that must act' }) responsibleState: StateCode;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "The user of the owing state it is assigned to; null: the state's compact office" })
  assigneeId: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the clock started' }) startedAt: string;
  @ApiProperty({ format: 'date', example: '2027-01-09', description: 'The Eastern date it falls due' }) dueOn: string;
  @ApiProperty({ format: 'date-time', description: 'The instant dueOn ends, Eastern' }) dueAt: string;
  @ApiProperty({ enum: DEADLINE_STATUSES }) status: DeadlineStatus;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was met; null unless met' }) metAt: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Met on or before its due date; null while open' }) onTime: boolean | null;
}
