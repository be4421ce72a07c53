import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { REOPEN_REQUEST_MACHINE_VERSION, type Actor, type ReopenRequestDecision } from '../../machines';
import { ChangedMeanwhile } from '../engine/refusals';
import { ReopenRequest } from './reopen-request.entity';

/**
 * Conditional UPDATE on the version the decision was made on, as for a case: a concurrent decision
 * makes it miss, and the caller's transaction rolls back.
 */
export async function writeReopenRequestChange(manager: EntityManager, before: ReopenRequest, after: ReopenRequest): Promise<void> {
  const result = await manager
    .createQueryBuilder()
    .update(ReopenRequest)
    .set({
      status: after.status,
      snapshot: after.snapshot,
      machineVersion: after.machineVersion,
      version: after.version,
      decidedBy: after.decidedBy,
      decidedByUsername: after.decidedByUsername,
      decisionReason: after.decisionReason,
      decidedAt: after.decidedAt,
      updatedAt: after.updatedAt,
    } as QueryDeepPartialEntity<ReopenRequest>)
    .where('id = :id AND version = :version', { id: before.id, version: before.version })
    .execute();
  if (result.affected !== 1) throw new ChangedMeanwhile('This reopen request was decided or withdrawn by someone else meanwhile; reload it.');
}

/** The row of a request once `decision` (an allowed one) is taken on it by `actor`, at `now`. */
export function decidedReopenRequest(
  request: ReopenRequest,
  decision: Extract<ReopenRequestDecision, { allowed: true }>,
  actor: Pick<Actor, 'id' | 'username'>,
  reason: string | null,
  now: Date,
): ReopenRequest {
  return {
    ...request,
    status: decision.to,
    snapshot: decision.snapshot,
    machineVersion: REOPEN_REQUEST_MACHINE_VERSION,
    version: request.version + 1,
    decidedBy: actor.id,
    decidedByUsername: actor.username,
    decisionReason: reason,
    decidedAt: now,
    updatedAt: now,
  };
}
