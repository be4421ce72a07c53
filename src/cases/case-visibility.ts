import type { Actor } from '../../machines/roles';
import type { SupervisionCase } from './case.entity';

type CaseStates = Pick<SupervisionCase, 'sendingState' | 'receivingState'>;

/** The states whose auditors read a case's entries: its sending and receiving states. */
export function statesOf(c: CaseStates): string[] {
  return [c.sendingState, c.receivingState];
}

/** A user sees a case only if their state is one of its two states; for anyone else it does not exist. */
export function isVisibleTo(c: CaseStates, actor: Pick<Actor, 'state'>): boolean {
  return c.sendingState === actor.state || c.receivingState === actor.state;
}
