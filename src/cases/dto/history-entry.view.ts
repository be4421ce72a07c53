import { ApiProperty } from '@nestjs/swagger';
import type { AuditEntry } from '../../audit/audit-entry.entity';

export class HistoryActor {
  @ApiProperty({ nullable: true, type: String, description: 'null for an attempt by no known user' }) username: string | null;
  @ApiProperty({ nullable: true, type: String }) role: string | null;
  @ApiProperty({ nullable: true, type: String }) state: string | null;
}

export class HistoryEntryView {
  @ApiProperty({ type: 'integer', minimum: 1 }) seq: number;
  @ApiProperty({ format: 'date-time', description: 'UTC' }) at: string;
  @ApiProperty({ type: HistoryActor }) actor: HistoryActor;
  @ApiProperty({ example: 'REOPEN' }) event: string;
  @ApiProperty({
    enum: ['case', 'reopen_request', 'activity'],
    description: 'What the entry is about, and so whose statuses fromStatus and toStatus are: the case’s, a reopen request’s or a supervision activity’s',
  })
  about: string;
  @ApiProperty({ nullable: true, type: String, description: 'The reopen request’s id, for its entries' })
  reopenRequestId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The supervision activity’s id, for its entries' })
  activityId: string | null;
  @ApiProperty({ nullable: true, type: String }) fromStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) toStatus: string | null;
  @ApiProperty({ enum: ['allowed', 'denied', 'error'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;

  static of(e: AuditEntry): HistoryEntryView {
    return {
      seq: e.seq,
      at: e.occurredAt.toISOString(),
      actor: { username: e.actorUsername, role: e.actorRole, state: e.actorState },
      event: e.action,
      about: e.entityType,
      reopenRequestId: e.entityType === 'reopen_request' ? e.entityId : null,
      activityId: e.entityType === 'activity' ? e.entityId : null,
      fromStatus: e.fromState,
      toStatus: e.toState,
      outcome: e.outcome,
      reason: e.reason,
    };
  }
}
