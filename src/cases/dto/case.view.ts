import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  CASE_EVENT_TYPES,
  CASE_STATUSES,
  CLOSURE_REASONS,
  INSTRUCTIONS_KINDS,
  REJECTION_KINDS,
  SUPERVISION_ACTIVITY_KINDS,
  caseRecordOf,
  type CaseEventType,
  type CaseStatus,
  type ClosureReason,
  type CompactDate,
  type InstructionsKind,
  type RejectionKind,
  type SupervisionActivityKind,
  TIME_LIMITS,
  type TimeLimit,
} from '../../../machines';
import { STATE_CODES, type StateCode } from '../../../machines/jurisdiction';
import type { SupervisionCase } from '../case.entity';
import type { NextDue } from '../case.repository';
import { CaseDeadlineView } from './case-deadline.view';

export class ReportingInstructionsView {
  @ApiProperty({ enum: INSTRUCTIONS_KINDS }) kind: InstructionsKind;
  @ApiProperty({ description: 'A sex offender: the receiving state replies in 5 business days (rule 3.103-3)' }) sexOffender: boolean;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'Rule 3.103: the sentencing date; null for an expedited request' })
  sentencingDate: CompactDate | null;
}

export class PossibleLaterView {
  @ApiProperty({ enum: CASE_EVENT_TYPES }) type: CaseEventType;
  @ApiProperty({ format: 'date', description: 'The first Eastern date it may be sent' }) from: CompactDate;
}

@ApiExtraModels(ReportingInstructionsView)
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
  @ApiProperty({
    enum: ['SUBMIT_TRANSFER_REQUEST', 'REQUEST_REPORTING_INSTRUCTIONS', null],
    nullable: true,
    description: 'In compact_office_review: what waits for the sending compact office to transmit or send back',
  })
  awaitingTransmission: 'SUBMIT_TRANSFER_REQUEST' | 'REQUEST_REPORTING_INSTRUCTIONS' | null;
  // A $ref takes no `nullable` beside it: null is the other choice.
  @ApiProperty({
    anyOf: [{ $ref: getSchemaPath(ReportingInstructionsView) }, { type: 'object', nullable: true, enum: [null] }],
    description: 'The reporting instructions the sending state asked for; null if none',
  })
  reportingInstructions: ReportingInstructionsView | null;
  @ApiProperty({ enum: [...REJECTION_KINDS, null], nullable: true, description: 'How the last transfer request was rejected; null unless rejected since' })
  rejectionKind: RejectionKind | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'The Eastern date the receiving state accepted the transfer' })
  acceptedOn: CompactDate | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'The Eastern date of the notice of departure' })
  departedOn: CompactDate | null;
  @ApiProperty({ nullable: true, type: String, description: 'Rule 4.112: the last known address its closure notice gave' }) lastKnownAddress: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Rule 4.112: the last known employment its closure notice gave' })
  lastKnownEmployment: string | null;
  @ApiProperty({
    type: [PossibleLaterView],
    description: 'Steps the user may take once a limit of the rules has passed (withdrawing an acceptance, a notice of failure to arrive), and from when',
  })
  possibleLater: PossibleLaterView[];
  @ApiProperty({
    enum: SUPERVISION_ACTIVITY_KINDS,
    isArray: true,
    description: 'The supervision activities the user may start on the case now (POST /cases/{id}/activities)',
  })
  activitiesToStart: SupervisionActivityKind[];

  static of(
    c: SupervisionCase,
    allowedEvents: readonly string[],
    deadlines: readonly CaseDeadlineView[],
    possibleLater: readonly PossibleLaterView[] = [],
    activitiesToStart: readonly SupervisionActivityKind[] = [],
  ): CaseView {
    const record = caseRecordOf(c.snapshot);
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
      awaitingTransmission: record.review?.submitted ?? null,
      reportingInstructions: record.instructions,
      rejectionKind: record.rejectionKind,
      acceptedOn: record.acceptedOn,
      departedOn: record.departedOn,
      lastKnownAddress: record.lastKnown?.address ?? null,
      lastKnownEmployment: record.lastKnown?.employment ?? null,
      possibleLater: [...possibleLater],
      activitiesToStart: [...activitiesToStart],
    };
  }
}

/** The earliest open deadline of a case, its activities' included. */
export class NextDueView {
  @ApiProperty({ format: 'uuid', description: "The deadline, one of the case's deadlines" }) deadlineId: string;
  @ApiProperty({ format: 'date', example: '2027-01-09', description: 'The Eastern date it falls due' }) dueOn: CompactDate;
  @ApiProperty({ example: '3.104', description: 'The rule that sets the limit, as cited when the clock started' }) rule: string;
  @ApiProperty({ enum: TIME_LIMITS, example: 'TREP', description: 'The time limit, by the id the rule table gives it' }) limit: TimeLimit;
}

@ApiExtraModels(NextDueView)
export class CaseListItemView extends CaseView {
  @ApiProperty({
    anyOf: [{ $ref: getSchemaPath(NextDueView) }, { type: 'object', nullable: true, enum: [null] }],
    description: 'What falls due next on the case: its earliest open deadline (the order of sort=due); null when none is open',
  })
  nextDue: NextDueView | null;

  static listed(view: CaseView, nextDue: NextDue | null): CaseListItemView {
    return { ...view, nextDue: nextDue && { deadlineId: nextDue.deadlineId, dueOn: nextDue.dueOn, rule: nextDue.rule, limit: nextDue.limit } };
  }
}

export class CasePage {
  @ApiProperty({ type: [CaseListItemView] }) items: CaseListItemView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
