import type { StateCode } from './jurisdiction';
import { refusal, type Refusal } from './refusal';
import { CASE_WORKER_ROLES, type Actor } from './roles';

export type CaseOpening = { allowed: true } | ({ allowed: false } & Refusal);

/** A case is opened in draft by a case worker of the sending state, toward another state. */
export function decideCaseOpening(facts: { sendingState: StateCode; receivingState: StateCode }, actor: Actor): CaseOpening {
  if (!CASE_WORKER_ROLES.includes(actor.role)) {
    return { allowed: false, ...refusal('case.opening_not_case_worker', 'Only field officers, supervisors and compact office staff open cases.') };
  }
  if (actor.state !== facts.sendingState) {
    return {
      allowed: false,
      ...refusal('case.opening_not_sending_state', `A case is opened by the sending state; you act for ${actor.state}, not ${facts.sendingState}.`),
    };
  }
  if (facts.sendingState === facts.receivingState) {
    return {
      allowed: false,
      ...refusal('case.opening_same_state', 'The receiving state must differ from the sending state: a transfer goes to another state.'),
    };
  }
  return { allowed: true };
}
