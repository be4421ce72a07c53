import { ApiProperty } from '@nestjs/swagger';
import type { AuditEntry } from '../audit-entry.entity';

export class AuditActorView {
  @ApiProperty({ nullable: true, type: String, description: 'null for an attempt by no known user' }) id: string | null;
  @ApiProperty({ nullable: true, type: String }) username: string | null;
  @ApiProperty({ nullable: true, type: String }) role: string | null;
  @ApiProperty({ nullable: true, type: String }) state: string | null;
}

/** One audit entry as auditors read and export it: every stored field, hashes included. */
export class AuditEntryView {
  @ApiProperty({ type: 'integer', minimum: 1 }) seq: number;
  @ApiProperty({ format: 'date-time', description: 'UTC, ISO 8601' }) occurredAt: string;
  @ApiProperty({ type: AuditActorView }) actor: AuditActorView;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ type: [String], description: 'States whose auditors may read this entry' }) states: string[];
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty({ nullable: true, type: String }) toState: string | null;
  @ApiProperty({ enum: ['allowed', 'denied', 'error'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) clientAddress: string | null;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;

  static of(e: AuditEntry): AuditEntryView {
    return {
      seq: e.seq,
      occurredAt: e.occurredAt.toISOString(),
      actor: { id: e.actorId, username: e.actorUsername, role: e.actorRole, state: e.actorState },
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      caseId: e.caseId,
      states: [e.primaryState, e.secondaryState].filter((s): s is string => s !== null),
      fromState: e.fromState,
      toState: e.toState,
      outcome: e.outcome,
      reason: e.reason,
      requestId: e.requestId,
      clientAddress: e.clientAddress,
      prevHash: e.prevHash,
      hash: e.hash,
    };
  }
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) items: AuditEntryView[];
  @ApiProperty({ nullable: true, type: 'integer', description: 'Pass as cursor for the next page; null on the last page' }) nextCursor: number | null;
}
