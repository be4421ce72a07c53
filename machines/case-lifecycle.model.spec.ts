import { transition } from 'xstate';
import { adjacencyMapToArray, createTestModel, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { CASE_EVENT_TYPES, CASE_STATUSES, EVENTS_REQUIRING_REASON, type CaseMachineEvent } from './case-events';
import { caseLifecycleMachine } from './case-lifecycle.machine';
import { caseStatusOf, decideCaseEvent, startCase } from './case-lifecycle';
import { ROLES } from './roles';
import { EVERY_ACTOR, FACTS, WHERES, actorOf } from './testing/case-actors';
import { TABLE } from './testing/case-table';

const machine = caseLifecycleMachine;

/** Every event type from every actor, with its reason and closure reason given... */
const COMPLETE: CaseMachineEvent[] = CASE_EVENT_TYPES.flatMap((type) =>
  EVERY_ACTOR.map(({ actor }) => ({ type, actor, reason: 'Because.', closureReason: 'discharged' })),
);
/** ...and again with nothing but the actor, to show that a missing reason never moves a case. */
const BARE: CaseMachineEvent[] = CASE_EVENT_TYPES.flatMap((type) => EVERY_ACTOR.map(({ actor }) => ({ type, actor })));
const EVENTS = [...COMPLETE, ...BARE];

const needsField = (e: CaseMachineEvent) => EVENTS_REQUIRING_REASON.includes(e.type) || e.type === 'SUBMIT_CLOSURE_NOTICE';
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
    const row = TABLE.find((r) => r.type === event.type)!;
    const side = event.actor.state === FACTS.sendingState ? 'sending' : event.actor.state === FACTS.receivingState ? 'receiving' : 'third';
    expect({ event: describeEvent(event), from: state.value, to: nextState.value, side, role: event.actor.role }).toEqual({
      event: describeEvent(event),
      from: row.from.find((f) => f === state.value) ?? `not ${row.from.join('|')}`,
      to: row.to,
      side: row.side,
      role: row.roles.find((r) => r === event.actor.role) ?? `not ${row.roles.join('|')}`,
    });
  }
});

test('every row of the design table is a move of the machine, for each role it names', () => {
  for (const row of TABLE) {
    for (const from of row.from) {
      for (const role of row.roles) {
        const found = moves.some((m) => m.event.type === row.type && m.state.value === from && m.event.actor.role === role && m.nextState.value === row.to);
        expect(found ? 'found' : `${row.type} from ${from} by ${role}`).toBe('found');
      }
    }
  }
});

test('an event without its reason or closure reason never moves a case', () => {
  const withoutField = edges.filter((e) => needsField(e.event) && e.event.reason === undefined);
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
    const event = { type, actor, reason: 'Because.', closureReason: 'discharged' } as CaseMachineEvent;
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
  const model = createTestModel(machine, { input: FACTS, events: COMPLETE, serializeTransition: () => '' });
  const paths = model.getShortestPaths();
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
