import type { CaseSide } from '../case-permissions';
import type { Actor } from '../roles';
import { isGivenReason } from '../wording';
import type { ActivityContext, ActivityField, ActivityFields, ActivitySenders } from './activity-rules';

type Parties = Pick<ActivityContext, 'sendingState' | 'receivingState'>;

/** The side of the case an actor speaks for, or null for a third state. */
export function sideOfActor(actor: Actor, c: Parties): CaseSide | null {
  if (actor.state === c.sendingState) return 'sending';
  if (actor.state === c.receivingState) return 'receiving';
  return null;
}

/** The side a step is for: `addressee` is the side the activity was sent to, not the one that started it. */
function sideOfSenders(by: ActivitySenders, startedBySide: CaseSide | null): CaseSide | 'either' {
  if (by.side !== 'addressee') return by.side;
  return startedBySide === 'sending' ? 'receiving' : 'sending';
}

export function isSentBy(by: ActivitySenders, actor: Actor, c: Parties & { startedBySide: CaseSide | null }): boolean {
  const side = sideOfActor(actor, c);
  if (side === null || !by.roles.includes(actor.role)) return false;
  const wanted = sideOfSenders(by, c.startedBySide);
  return wanted === 'either' || wanted === side;
}

/** The required fields a step left out or blank. */
export function missingFields(required: readonly ActivityField[], fields: ActivityFields): ActivityField[] {
  return required.filter((name) => !isGivenReason(fields[name]));
}
