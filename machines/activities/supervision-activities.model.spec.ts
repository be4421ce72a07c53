import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { adjacencyMapToArray, createTestModel, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import type { PersistedSnapshot } from '../snapshot-json';
import { EVERY_ACTOR } from '../testing/case-actors';
import { ROUTES, TODAY, activityIn, eventRow, eventsOf, kindRow, startsOf, tableAllows, type Kind, type StartedBy } from '../testing/activity-table';
import { actionRequestMachine } from './action-request';
import type { ActivityMachineEvent } from './activity-machine';
import { progressReportMachine } from './progress-report';
import { returnRequestMachine } from './return-request';
import { activityRecordOf, activityStatusOf, decideActivityEvent } from './supervision-activities';
import { violationReportMachine } from './violation-report';
import { warrantMachine } from './warrant';

const MACHINES: Record<Kind, AnyStateMachine> = {
  progress_report: progressReportMachine,
  violation_report: violationReportMachine,
  warrant: warrantMachine,
  return_request: returnRequestMachine,
  action_request: actionRequestMachine,
};

const whereOf = (e: ActivityMachineEvent) => EVERY_ACTOR.find((a) => a.actor === e.actor)!.where;
const describeEvent = (e: ActivityMachineEvent) => `${e.type} by ${e.actor.role} of ${whereOf(e)}${Object.keys(e.fields).length > 0 ? ' with fields' : ''}`;
/** A status is a node of the graph: the log grows with each reply, so context is left out. */
const serializeState = (s: AnyMachineSnapshot) => JSON.stringify(s.value);

/** The machines start where the table's first way of starting leads, by each side that may start so. */
const MODELS = (Object.keys(MACHINES) as Kind[]).flatMap((kind) => {
  const first = startsOf(kind)[0];
  const sides: StartedBy[] = first.side === 'either' ? ['sending', 'receiving'] : [first.side];
  return sides.map((startedBy) => {
    const route = ROUTES.find((r) => r.kind === kind && r.startedBy === startedBy && r.steps.length === 1 && r.steps[0] === first.step)!;
    return [`${kind} started by the ${startedBy} state`, { kind, startedBy, route }] as const;
  });
});

describe.each(MODELS)('the %s', (_name, { kind, startedBy, route }) => {
  const machine = MACHINES[kind];
  const started = (): PersistedSnapshot => activityIn(route);
  const input = activityRecordOf(started());
  /** Every event of the kind from every actor, with every field it takes... */
  const COMPLETE: ActivityMachineEvent[] = eventsOf(kind).flatMap((row) =>
    EVERY_ACTOR.map(({ actor }) => ({ type: row.type, actor, on: TODAY, fields: { ...row.requires, ...row.offers } })),
  );
  /** ...and with none, to show that a missing field never moves an activity. */
  const BARE: ActivityMachineEvent[] = eventsOf(kind).flatMap((row) => EVERY_ACTOR.map(({ actor }) => ({ type: row.type, actor, on: TODAY, fields: {} })));
  const EVENTS = [...COMPLETE, ...BARE];
  const options = { input, events: EVENTS, serializeState };
  const edges = adjacencyMapToArray(getAdjacencyMap(machine, options));
  const moves = edges.filter((e) => e.nextState.value !== e.state.value || e.nextState.context.log.length > e.state.context.log.length);

  test('starts where the table starts it', () => {
    expect(machine.getInitialSnapshot(undefined as never, input).value).toBe(route.status);
  });

  test('reaches every status the table’s events lead to', () => {
    const reached = getShortestPaths(machine, options).map((p) => p.state.value as string);
    const want = [route.status, ...eventsOf(kind).map((row) => row.to)];
    expect(reached.length).toBeGreaterThan(0);
    expect([...new Set(reached)].sort()).toEqual([...new Set(want)].sort());
  });

  test('makes every move of its machine a row of the table, sent by someone the row names, with the fields it needs', () => {
    expect(moves.length).toBeGreaterThan(0);
    for (const { state, event, nextState } of moves) {
      const row = eventRow(kind, event.type);
      const where = whereOf(event);
      const fieldsNeeded = Object.keys(row.requires).every((name) => name in event.fields);
      expect({
        event: describeEvent(event),
        from: state.value,
        to: nextState.value,
        sender: tableAllows(row, event.actor.role, where, startedBy),
        fieldsNeeded,
      }).toEqual({
        event: describeEvent(event),
        from: row.from.find((f) => f === state.value) ?? `not ${row.from.join('|')}`,
        to: row.to,
        sender: true,
        fieldsNeeded: true,
      });
    }
  });

  test('makes every row of the table a move, for each sender it names, from each status it names', () => {
    const rows = eventsOf(kind);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const from of row.from) {
        for (const { role, where } of EVERY_ACTOR.filter((a) => tableAllows(row, a.role, a.where, startedBy))) {
          const found = moves.some((m) => m.event.type === row.type && m.state.value === from && m.event.actor.role === role && whereOf(m.event) === where);
          expect(found ? 'found' : `${row.type} from ${from} by ${role} of ${where}`).toBe('found');
        }
      }
    }
  });

  test('ends in the table’s final statuses, which no event leaves', () => {
    const finals = kindRow(kind).finals;
    expect(finals.length).toBeGreaterThan(0);
    expect(Object.keys(machine.states).filter((s) => machine.states[s].type === 'final')).toEqual(kindRow(kind).statuses.filter((s) => finals.includes(s)));
    for (const { nextState } of edges.filter((e) => finals.includes(e.nextState.value as string))) {
      expect(nextState.status).toBe('done');
      for (const event of EVENTS) expect(transition(machine, nextState, event)[0]).toBe(nextState);
    }
  });

  const model = createTestModel(machine, { input, events: COMPLETE, serializeState, serializeTransition: () => '' });
  const steps = (p: { steps: { event: { type: string } }[] }) => p.steps.map((s) => s.event as ActivityMachineEvent).filter((e) => e.type !== 'xstate.init');
  const paths = [...model.getShortestPaths(), ...model.getSimplePaths()].map((p) => [steps(p).map(describeEvent).join(' → '), p] as const);

  test('has paths to follow', () => {
    expect(paths.length).toBeGreaterThan(1);
  });

  test.each(paths)('is followed by the public API: %s', async (_description, path) => {
    let stored = started();
    const sent: string[] = [];
    const replay = ({ event }: { event: { type: string } }) => {
      const e = event as ActivityMachineEvent;
      const from = activityStatusOf(stored);
      const decision = decideActivityEvent(stored, e.type, e.fields, e.actor, e.on);
      expect(decision).toMatchObject({ allowed: true, from, to: eventRow(kind, e.type).to });
      if (decision.allowed) stored = decision.snapshot;
      sent.push(e.type);
    };
    await path.test({
      events: Object.fromEntries(eventsOf(kind).map((row) => [row.type, replay])),
      states: {
        '*': (state) => {
          expect(activityStatusOf(stored)).toBe(state.value);
          expect(activityRecordOf(stored).log.map((entry) => entry.step)).toEqual([route.steps[0], ...sent]);
        },
      },
    });
    expect(activityStatusOf(stored)).toBe(path.state.value);
  });
});
