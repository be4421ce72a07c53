import { transition } from 'xstate';
import { adjacencyMapToArray, createTestModel, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { CASE_EVENT_FIELDS, CASE_EVENT_TYPES, CASE_STATUSES, type CaseMachineEvent } from './case-events';
import { caseLifecycleMachine, type CaseContext } from './case-lifecycle.machine';
import { caseStatusOf, decideCaseEvent, startCase } from './case-lifecycle';
import { ROLES } from './roles';
import { EVERY_ACTOR, FACTS, LATER, ON, WHERES, actorOf } from './testing/case-actors';
import { TABLE, type TableRow } from './testing/case-table';

const machine = caseLifecycleMachine;

/** Every field an event may need, given. */
const FIELDS = {
  reason: 'Because.',
  closureReason: 'discharged',
  rejectionKind: 'incomplete',
  instructionsKind: 'expedited',
  lastKnownAddress: '12 Elm St',
  lastKnownEmployment: 'None',
} as const;
/** Every event type from every actor, with every field given, sent on ON... */
const COMPLETE: CaseMachineEvent[] = CASE_EVENT_TYPES.flatMap((type) => EVERY_ACTOR.map(({ actor }) => ({ type, actor, ...FIELDS, on: ON })));
/** ...again once every limit a step of ON starts has passed (the steps held back until then)... */
const LATE: CaseMachineEvent[] = (['WITHDRAW_ACCEPTANCE', 'NOTICE_OF_FAILURE_TO_ARRIVE'] as const).flatMap((type) =>
  EVERY_ACTOR.map(({ actor }) => ({ type, actor, ...FIELDS, on: LATER })),
);
/** ...again once the sending state has retaken the person on a warrant (a fact the engine gives)... */
const RETAKEN: CaseMachineEvent[] = EVERY_ACTOR.map(({ actor }) => ({ type: 'CLOSE_AFTER_RETAKING', actor, on: LATER, retakenOn: ON }));
/** ...and with nothing but the actor and the date, to show that a missing field never moves a case. */
const BARE: CaseMachineEvent[] = CASE_EVENT_TYPES.flatMap((type) => EVERY_ACTOR.map(({ actor }) => ({ type, actor, on: LATER })));
const EVENTS = [...COMPLETE, ...LATE, ...RETAKEN, ...BARE];

const needsField = (e: CaseMachineEvent) => CASE_EVENT_FIELDS[e.type].length > 0;

/** Where a row leads from a snapshot: a reviewed submission goes on to what was submitted, or back to where it came from. */
function targetFrom(row: TableRow, context: CaseContext): string {
  if (row.to === 'back') return context.review?.returnsTo ?? 'no review';
  if (row.to === 'onward') return context.review?.submitted === 'SUBMIT_TRANSFER_REQUEST' ? 'transfer_requested' : 'reporting_instructions_requested';
  return row.to;
}
const rowFor = (e: CaseMachineEvent, from: string) =>
  TABLE.find((r) => r.type === e.type && r.roles.includes(e.actor.role) && r.from.includes(from as never)) ?? TABLE.find((r) => r.type === e.type)!;
const describeEvent = (e: CaseMachineEvent) => `${e.type} by ${e.actor.role} of ${e.actor.state}`;

const edges = adjacencyMapToArray(getAdjacencyMap(machine, { input: FACTS, events: EVENTS }));
const moves = edges.filter((e) => e.nextState.value !== e.state.value);
const snapshotIn = (status: string) => edges.find((e) => e.state.value === status)!.state;

test('every status of the lifecycle is reachable from a draft', () => {
  const reached = getShortestPaths(machine, { input: FACTS, events: EVENTS }).map((p) => p.state.value);
  expect([...new Set(reached)].sort()).toEqual([...CASE_STATUSES].sort());
});

test('every move of the machine is a row of the design table, sent by someone the row names', () => {
  expect(moves.length).toBeGreaterThan(0);
  for (const { state, event, nextState } of moves) {
    const row = rowFor(event, state.value as string);
    const side = event.actor.state === FACTS.sendingState ? 'sending' : event.actor.state === FACTS.receivingState ? 'receiving' : 'third';
    expect({ event: describeEvent(event), from: state.value, to: nextState.value, side, role: event.actor.role }).toEqual({
      event: describeEvent(event),
      from: row.from.find((f) => f === state.value) ?? `not ${row.from.join('|')}`,
      to: targetFrom(row, state.context),
      side: row.side,
      role: row.roles.find((r) => r === event.actor.role) ?? `not ${row.roles.join('|')}`,
    });
  }
});

test('every row of the design table is a move of the machine, for each role it names', () => {
  for (const row of TABLE) {
    for (const from of row.from) {
      for (const role of row.roles) {
        const found = moves.some(
          (m) => m.event.type === row.type && m.state.value === from && m.event.actor.role === role && m.nextState.value === targetFrom(row, m.state.context),
        );
        expect(found ? 'found' : `${row.type} from ${from} by ${role}`).toBe('found');
      }
    }
  }
});

test('an event without its reason or closure reason never moves a case', () => {
  const withoutField = edges.filter((e) => needsField(e.event) && e.event.reason === undefined && e.event.instructionsKind === undefined);
  expect(withoutField.length).toBeGreaterThan(0);
  for (const e of withoutField) expect(e.nextState.value).toBe(e.state.value);
});

describe('withdrawn is final', () => {
  const withdrawn = snapshotIn('withdrawn');
  test('the machine calls it final and done', () => {
    expect(machine.states.withdrawn.type).toBe('final');
    expect(withdrawn.status).toBe('done');
  });
  test('no event of any actor leaves it', () => {
    for (const event of EVENTS) expect(transition(machine, withdrawn, event)[0]).toBe(withdrawn);
  });
  test('no path starts from it', () => {
    const paths = getShortestPaths(machine, { fromState: withdrawn, events: EVENTS });
    expect(paths.map((p) => p.state.value)).toEqual(['withdrawn']);
  });
});

describe('closed: only the compact office of the receiving state reopens it', () => {
  const closed = snapshotIn('closed');
  const attempts = CASE_EVENT_TYPES.flatMap((type) => ROLES.flatMap((role) => WHERES.map((where) => [type, role, where] as const)));
  test.each(attempts)('%s by %s of the %s state', (type, role, where) => {
    const actor = actorOf(role, where);
    const event = { type, actor, ...FIELDS, on: LATER } as CaseMachineEvent;
    const reopens = type === 'REOPEN' && role === 'compact_office' && where === 'receiving';
    expect(transition(machine, closed, event)[0].value).toBe(reopens ? 'active' : 'closed');
  });
  test('every path out of closed begins with that REOPEN', () => {
    const paths = getShortestPaths(machine, { fromState: closed, events: EVENTS }).filter((p) => p.state.value !== 'closed');
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      // Paths from a given state begin with a step that stands for that state itself.
      const firstMove = p.steps.find((s) => s.state.value !== 'closed')!;
      expect(describeEvent(firstMove.event)).toBe(`REOPEN by compact_office of ${FACTS.receivingState}`);
    }
  });
  test('the only move out of closed in the whole graph is that REOPEN', () => {
    const out = moves.filter((m) => m.state.value === 'closed').map((m) => describeEvent(m.event));
    expect([...new Set(out)]).toEqual([`REOPEN by compact_office of ${FACTS.receivingState}`]);
  });
});

describe('the public API follows every shortest path of the machine', () => {
  const model = createTestModel(machine, { input: FACTS, events: [...COMPLETE, ...LATE], serializeTransition: () => '' });
  const paths = model.getShortestPaths();
  test('pass through every status', () => {
    const passed = paths.flatMap((p) => [p.state.value, ...p.steps.map((s) => s.state.value)]);
    expect([...new Set(passed)].sort()).toEqual([...CASE_STATUSES].sort());
  });
  test.each(paths.map((p) => [p.state.value as string, p] as const))('to %s', async (_to, path) => {
    let stored = startCase(FACTS).snapshot;
    const replay = ({ event }: { event: CaseMachineEvent }) => {
      const decision = decideCaseEvent(stored, event, event.actor);
      expect(decision).toMatchObject({ allowed: true });
      if (decision.allowed) stored = decision.snapshot;
    };
    await path.test({
      events: Object.fromEntries(CASE_EVENT_TYPES.map((type) => [type, replay])),
      states: {
        '*': (state) => {
          expect(caseStatusOf(stored)).toBe(state.value);
          expect(stored).toStrictEqual(JSON.parse(JSON.stringify(machine.getPersistedSnapshot(state))));
        },
      },
    });
  });
});
