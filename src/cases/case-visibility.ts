import type { CaseStatus } from '../../machines';
import type { Actor } from '../../machines/roles';
import type { SupervisionCase } from './case.entity';

type CaseStates = Pick<SupervisionCase, 'sendingState' | 'receivingState' | 'transmittedAt'>;

/**
 * The states a case exists for: its sending state, and its receiving state once the transfer request
 * has left the sending state. Also the states whose auditors read the entries written about it then.
 */
export function statesOf(c: CaseStates): string[] {
  return c.transmittedAt ? [c.sendingState, c.receivingState] : [c.sendingState];
}

/** A user sees a case only if it exists for their state (statesOf); for anyone else it does not exist. */
export function isVisibleTo(c: CaseStates, actor: Pick<Actor, 'state'>): boolean {
  return c.sendingState === actor.state || (c.receivingState === actor.state && c.transmittedAt !== null);
}

/** When the case was transmitted, once it moves to `to` at `at`: the first transfer request or request for reporting instructions that leaves the sending state sends it. */
export function transmittedAtAfter(c: CaseStates, to: CaseStatus, at: Date): Date | null {
  return c.transmittedAt ?? (to === 'transfer_requested' || to === 'reporting_instructions_requested' ? at : null);
}

/**
 * The same rule as isVisibleTo, as SQL over a case table aliased `alias`, for the lists: the cases
 * `:state` sends, or receives once transmitted. Each side is a range of its own index; `unindexed`:
 * as expressions no index serves, for a statement that another index must serve.
 */
export function visibleCasesSql(alias: string, side?: 'sending' | 'receiving', { unindexed = false } = {}): string {
  const column = (name: string) => (unindexed ? `(${alias}.${name} || '')` : `${alias}.${name}`);
  const sending = `${column('sending_state')} = :state`;
  const receiving = `(${column('receiving_state')} = :state AND ${alias}.transmitted_at IS NOT NULL)`;
  if (side === 'sending') return sending;
  if (side === 'receiving') return receiving;
  return `(${sending} OR ${receiving})`;
}
