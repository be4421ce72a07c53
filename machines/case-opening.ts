import type { StateCode } from './jurisdiction';
import { CASE_WORKER_ROLES, type Actor } from './roles';

export type CaseOpening =
  | { allowed: true }
  | { allowed: false; refusal: 'forbidden' | 'bad_request'; message: string };

/** A case is opened in draft by a case worker of the sending state, toward another state. */
export function decideCaseOpening(
  facts: { sendingState: StateCode; receivingState: StateCode },
  actor: Actor,
): CaseOpening {
  if (!CASE_WORKER_ROLES.includes(actor.role)) {
    return { allowed: false, refusal: 'forbidden', message: 'Only field officers, supervisors and compact office staff open cases.' };
  }
  if (actor.state !== facts.sendingState) {
    return {
      allowed: false,
      refusal: 'forbidden',
      message: `A case is opened by the sending state; you act for ${actor.state}, not ${facts.sendingState}.`,
    };
  }
  if (facts.sendingState === facts.receivingState) {
    return {
      allowed: false,
      refusal: 'bad_request',
      message: 'The receiving state must differ from the sending state: a transfer goes to another state.',
    };
  }
  return { allowed: true };
}
