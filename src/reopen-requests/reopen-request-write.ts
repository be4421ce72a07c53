import { REOPEN_REQUEST_MACHINE_VERSION, type Actor, type ReopenRequestDecision } from '../../machines';
import type { ReopenRequest } from './reopen-request.entity';

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
