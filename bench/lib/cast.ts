import type { INestApplicationContext } from '@nestjs/common';
import type { CaseEventInput } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import type { Actor, Role } from '../../machines/roles';
import { CasesService } from '../../src/cases/cases.service';
import { ReopenRequestsService } from '../../src/reopen-requests/reopen-requests.service';
import { actorOf, UsersService } from '../../src/users/users.service';

export const BENCH_PASSWORD = 'bench password, long enough for any policy';

/** The states of the benchmark's cases. Every pair involves Ohio, so Ohio's auditor sees every entry. */
export const STATES: readonly StateCode[] = ['OH', 'TX', 'CA', 'NY'];
export const PAIRS: ReadonlyArray<readonly [StateCode, StateCode]> = [
  ['OH', 'TX'],
  ['TX', 'OH'],
  ['OH', 'CA'],
  ['CA', 'OH'],
  ['OH', 'NY'],
  ['NY', 'OH'],
];
const ROLES: readonly Role[] = ['field_officer', 'compact_office', 'auditor'];

/** `tag` keeps a run's accounts apart from an earlier run's in a database that is not fresh (PostgreSQL). */
export const usernameOf = (state: string, role: Role, tag = ''): string => `${state.toLowerCase()}.${role}${tag ? `.${tag}` : ''}`;

/** The people of the benchmark: an officer, a compact office and an auditor in each state. */
export class Cast {
  private constructor(
    readonly actors: ReadonlyMap<string, Actor>,
    readonly tag: string,
  ) {}

  /** Creates the accounts through the engine's own UsersService (audited, as in real use). */
  static async create(app: INestApplicationContext, tag = ''): Promise<Cast> {
    const users = app.get(UsersService);
    const actors = new Map<string, Actor>();
    for (const state of STATES) {
      for (const role of ROLES) {
        const username = usernameOf(state, role, tag);
        const user = await users.create(
          { username, role, state, displayName: username, email: `${username}@bench.example`, password: BENCH_PASSWORD },
          null,
          null,
        );
        actors.set(username, actorOf(user));
      }
    }
    return new Cast(actors, tag);
  }

  actor(state: string, role: Role): Actor {
    const found = this.actors.get(usernameOf(state, role, this.tag));
    if (!found) throw new Error(`no bench user ${usernameOf(state, role, this.tag)}`);
    return found;
  }
}

/** The two statuses between which a case can go back and forth for ever. */
export const ACTIVE = 0;
export const CLOSURE_PENDING = 1;

export const CLOSURE_NOTICE: CaseEventInput = {
  type: 'SUBMIT_CLOSURE_NOTICE',
  closureReason: 'discharged',
  lastKnownAddress: '100 Main St, Springfield',
  lastKnownEmployment: 'Line cook',
};
export const CLOSURE_REJECTED: CaseEventInput = {
  type: 'REJECT_CLOSURE',
  reason: 'Closure notice returned: the discharge order is not signed yet; supervision continues.',
};

/**
 * The next event of the endless cycle for a case in `status`, and who sends it: the receiving
 * state's officer submits a closure notice, the sending state's officer rejects it.
 */
export function cycleStep(status: number, pair: readonly [StateCode, StateCode], cast: Cast): { event: CaseEventInput; actor: Actor } {
  return status === ACTIVE
    ? { event: CLOSURE_NOTICE, actor: cast.actor(pair[1], 'field_officer') }
    : { event: CLOSURE_REJECTED, actor: cast.actor(pair[0], 'field_officer') };
}

/**
 * Opens a case and brings it to `active` through the engine's own CasesService, step by step as
 * the compact's people would (the officer's transfer request, transmitted by the sending compact
 * office, acceptance, departure, arrival): six audited transitions. Returns the case id.
 */
export async function openActiveCase(app: INestApplicationContext, cast: Cast, pair: readonly [StateCode, StateCode], n: number): Promise<string> {
  const cases = app.get(CasesService);
  const [sending, receiving] = pair;
  const meta = { requestId: `bench-seed-${n}`, clientAddress: '127.0.0.1' };
  const officer = cast.actor(sending, 'field_officer');
  const opened = await cases.open(
    { offenderName: `Bench Offender ${n}`, offenderId: `BENCH-${n}`, sendingState: sending, receivingState: receiving },
    officer,
    meta,
  );
  await cases.applyEvent(opened.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, officer, meta);
  await cases.applyEvent(opened.id, { type: 'TRANSMIT' }, cast.actor(sending, 'compact_office'), meta);
  await cases.applyEvent(opened.id, { type: 'ACCEPT_TRANSFER' }, cast.actor(receiving, 'compact_office'), meta);
  await cases.applyEvent(opened.id, { type: 'NOTICE_OF_DEPARTURE' }, officer, meta);
  const arrived = await cases.applyEvent(opened.id, { type: 'NOTICE_OF_ARRIVAL' }, cast.actor(receiving, 'field_officer'), meta);
  if (arrived.status !== 'active') throw new Error(`case ${opened.id} is ${arrived.status}, not active`);
  return opened.id;
}

/** A closed case of the benchmark and its one reopen request (ReopenRequestsService.ask, audited as in real use). */
export interface ClosedTemplate {
  caseId: string;
  requestId: string;
}

/**
 * A case of `pair` taken to active (openActiveCase), closed (the receiving officer's closure notice,
 * the sending officer's confirmation), and the receiving officer's request to reopen it: left pending,
 * or `denied` by the receiving compact office.
 */
export async function openClosedCaseWithReopenRequest(
  app: INestApplicationContext,
  cast: Cast,
  pair: readonly [StateCode, StateCode],
  n: number,
  denied: boolean,
): Promise<ClosedTemplate> {
  const caseId = await openActiveCase(app, cast, pair, n);
  const cases = app.get(CasesService);
  const [sending, receiving] = pair;
  const meta = { requestId: `bench-seed-closed-${n}`, clientAddress: '127.0.0.1' };
  const notice: CaseEventInput = {
    type: 'SUBMIT_CLOSURE_NOTICE',
    closureReason: 'discharged',
    lastKnownAddress: '1 Bench Way, Columbus, OH 43215',
    lastKnownEmployment: 'Bench Works',
  };
  await cases.applyEvent(caseId, notice, cast.actor(receiving, 'field_officer'), meta);
  const closed = await cases.applyEvent(caseId, { type: 'CONFIRM_CLOSURE' }, cast.actor(sending, 'field_officer'), meta);
  if (closed.status !== 'closed') throw new Error(`case ${caseId} is ${closed.status}, not closed`);
  const reopens = app.get(ReopenRequestsService);
  const request = await reopens.ask(caseId, 'New facts came to light after the closure.', cast.actor(receiving, 'field_officer'), meta);
  if (denied) await reopens.decide(request.id, 'DENY', 'The closure stands.', cast.actor(receiving, 'compact_office'), meta);
  return { caseId, requestId: request.id };
}
