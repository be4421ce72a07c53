import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditEntry } from '../audit-entry.entity';

export class AuditActorView {
  @ApiPropertyOptional({ nullable: true, type: String }) id: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) username: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) role: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) state: string | null;
}

/** One audit entry as auditors read and export it: every stored field, hashes included. */
export class AuditEntryView {
  @ApiProperty() seq: number;
  @ApiProperty({ description: 'UTC, ISO 8601' }) occurredAt: string;
  @ApiProperty({ type: AuditActorView }) actor: AuditActorView;
  @ApiProperty() action: string;
  @ApiProperty() entityType: string;
  @ApiPropertyOptional({ nullable: true, type: String }) entityId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) caseId: string | null;
  @ApiProperty({ type: [String], description: 'States whose auditors may read this entry' }) states: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) fromState: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) toState: string | null;
  @ApiProperty({ enum: ['allowed', 'denied', 'error'] }) outcome: string;
  @ApiPropertyOptional({ nullable: true, type: String }) reason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) requestId: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) clientAddress: string | null;
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
  @ApiPropertyOptional({ nullable: true, type: Number }) nextCursor: number | null;
}
