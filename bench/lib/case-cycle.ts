import { decideCaseEvent, type PersistedCaseSnapshot } from '../../machines';
import type { BenchCase } from './bulk';
import { ACTIVE, CLOSURE_NOTICE, CLOSURE_PENDING, CLOSURE_REJECTED, PAIRS, type Cast } from './cast';
import type { RawStep } from './raw-transition';

/** What the raw baseline writes for each pair of states: the machine's own snapshots, made once. */
interface PairSnapshots {
  pending: { json: string; closureReason: string | null };
  active: { json: string; closureReason: string | null };
}

/**
 * Where each case of a benchmark is in its endless cycle (active ⇄ closure pending), and the raw
 * baseline's version of its next step, with the snapshots the machine itself made from the
 * template cases (one per pair of states, brought to `active` by the engine).
 */
export class CaseCycle {
  /** ACTIVE or CLOSURE_PENDING, per case. */
  readonly status: Uint8Array;
  private readonly snapshots: PairSnapshots[];

  /** `templateSnapshot(p)`: the stored snapshot of the template case of PAIRS[p]. */
  constructor(
    readonly cases: readonly BenchCase[],
    readonly cast: Cast,
    templateSnapshot: (pair: number) => PersistedCaseSnapshot,
  ) {
    this.status = new Uint8Array(cases.length).fill(ACTIVE);
    this.snapshots = PAIRS.map((pair, p) => {
      const noticed = decideCaseEvent(templateSnapshot(p), CLOSURE_NOTICE, cast.actor(pair[1], 'field_officer'));
      if (!noticed.allowed) throw new Error(`template case of ${pair.join('-')}: ${noticed.message}`);
      const rejected = decideCaseEvent(noticed.snapshot, CLOSURE_REJECTED, cast.actor(pair[0], 'field_officer'));
      if (!rejected.allowed) throw new Error(`template case of ${pair.join('-')}: ${rejected.message}`);
      return {
        pending: { json: JSON.stringify(noticed.snapshot), closureReason: noticed.closureReason },
        active: { json: JSON.stringify(rejected.snapshot), closureReason: rejected.closureReason },
      };
    });
  }

  /** The raw baseline's version of the next step of case `i`. */
  rawStep(i: number): RawStep {
    const c = this.cases[i];
    const pair = PAIRS[c.pair];
    const active = this.status[i] === ACTIVE;
    const next = active ? this.snapshots[c.pair].pending : this.snapshots[c.pair].active;
    return {
      caseId: c.id,
      action: active ? CLOSURE_NOTICE.type : CLOSURE_REJECTED.type,
      fromStatus: active ? 'active' : 'closure_pending',
      toStatus: active ? 'closure_pending' : 'active',
      snapshotJson: next.json,
      closureReason: next.closureReason,
      reason: active ? `closure reason: ${CLOSURE_NOTICE.closureReason}` : (CLOSURE_REJECTED.reason ?? null),
      actor: active ? this.cast.actor(pair[1], 'field_officer') : this.cast.actor(pair[0], 'field_officer'),
      states: pair,
    };
  }

  flip(i: number): void {
    this.status[i] = this.status[i] === ACTIVE ? CLOSURE_PENDING : ACTIVE;
  }
}
