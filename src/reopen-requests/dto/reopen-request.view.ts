import { ApiProperty } from '@nestjs/swagger';
import {
  CASE_STATUSES,
  REOPEN_REQUEST_EVENT_TYPES,
  REOPEN_REQUEST_STATUSES,
  type CaseStatus,
  type ReopenRequestEventType,
  type ReopenRequestStatus,
} from '../../../machines';
import type { SupervisionCase } from '../../cases/case.entity';
import type { ReopenRequest } from '../reopen-request.entity';

export type CaseSummary = Pick<SupervisionCase, 'caseNumber' | 'offenderName' | 'status'>;

export class ReopenRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: 'OH-2026-7KQ2M9XD' }) caseNumber: string;
  @ApiProperty() offenderName: string;
  @ApiProperty({ enum: CASE_STATUSES, description: 'The case’s status now' }) caseStatus: CaseStatus;
  @ApiProperty({ enum: REOPEN_REQUEST_STATUSES }) status: ReopenRequestStatus;
  @ApiProperty({ description: 'Why the requester asks' }) reason: string;
  @ApiProperty({ format: 'uuid', description: 'User id of the requester' }) requestedBy: string;
  @ApiProperty() requestedByUsername: string;
  @ApiProperty({ nullable: true, type: String, description: 'User id of who approved, denied or withdrew; null while pending' })
  decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedByUsername: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionReason: string | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt: string | null;
  @ApiProperty({ enum: REOPEN_REQUEST_EVENT_TYPES, isArray: true, description: 'What the signed-in user may do now: approve, deny, withdraw' })
  allowedEvents: ReopenRequestEventType[];

  static of(r: ReopenRequest, c: CaseSummary, allowedEvents: readonly ReopenRequestEventType[]): ReopenRequestView {
    return {
      id: r.id,
      caseId: r.caseId,
      caseNumber: c.caseNumber,
      offenderName: c.offenderName,
      caseStatus: c.status,
      status: r.status,
      reason: r.reason,
      requestedBy: r.requestedBy,
      requestedByUsername: r.requestedByUsername,
      decidedBy: r.decidedBy,
      decidedByUsername: r.decidedByUsername,
      decisionReason: r.decisionReason,
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
      allowedEvents: [...allowedEvents],
    };
  }
}

export class ReopenRequestPage {
  @ApiProperty({ type: [ReopenRequestView] }) items: ReopenRequestView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
