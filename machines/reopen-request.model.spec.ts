import { transition } from 'xstate';
import { adjacencyMapToArray, createTestModel, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { decideReopenRequestEvent, reopenRequestStatusOf, supersedeReopenRequest } from './reopen-request';
import { REOPEN_REQUEST_EVENT_TYPES, REOPEN_REQUEST_STATUSES, type ReopenRequestMachineEvent } from './reopen-request-events';
import { reopenRequestMachine, type ReopenRequestContext } from './reopen-request.machine';
import { EVERY_ACTOR } from './testing/case-actors';
import { RECEIVING_OFFICE, REQUESTER, pendingRequest } from './testing/reopen-requests';

const machine = reopenRequestMachine;
const INPUT: ReopenRequestContext = { caseId: 'case-7', sendingState: 'GA', receivingState: 'TX', requestedById: REQUESTER.id };
const ACTORS = [...EVERY_ACTOR.map((a) => a.actor), REQUESTER];
// REOPEN is the one way out of closed: its sender, the receiving compact office, supersedes.
const SUPERSEDES: ReopenRequestMachineEvent[] = (['closed', 'active'] as const).map((caseStatus) => ({
  type: 'SUPERSEDE',
  actor: RECEIVING_OFFICE,
  caseStatus,
}));
const COMPLETE: ReopenRequestMachineEvent[] = [
  ...REOPEN_REQUEST_EVENT_TYPES.flatMap((type) => ACTORS.map((actor) => ({ type, actor, reason: 'Because.' }))),
  ...SUPERSEDES,
];
const EVENTS: ReopenRequestMachineEvent[] = [...COMPLETE, ...REOPEN_REQUEST_EVENT_TYPES.flatMap((type) => ACTORS.map((actor) => ({ type, actor })))];
const edges = adjacencyMapToArray(getAdjacencyMap(machine, { input: INPUT, events: EVENTS }));
const moves = edges.filter((e) => e.nextState.value !== e.state.value);

test('every status of a reopen request is reachable', () => {
  const reached = getShortestPaths(machine, { input: INPUT, events: EVENTS }).map((p) => p.state.value);
  expect([...reached].sort()).toEqual([...REOPEN_REQUEST_STATUSES].sort());
});

test('every move is by the rules: decisions by the receiving compact office, withdrawal by the requester', () => {
  const seen = moves.map(
    (m) =>
      `${m.state.value} -${m.event.type}-> ${m.nextState.value} by ${m.event.actor.id}` +
      (m.event.type === 'SUPERSEDE' ? ` (case ${m.event.caseStatus})` : m.event.reason ? ' with reason' : ''),
  );
  expect([...seen].sort()).toEqual(
    [
      `pending -APPROVE-> approved by ${RECEIVING_OFFICE.id} with reason`,
      `pending -APPROVE-> approved by ${RECEIVING_OFFICE.id}`,
      `pending -DENY-> denied by ${RECEIVING_OFFICE.id} with reason`,
      `pending -WITHDRAW-> withdrawn by ${REQUESTER.id} with reason`,
      `pending -WITHDRAW-> withdrawn by ${REQUESTER.id}`,
      `pending -SUPERSEDE-> superseded by ${RECEIVING_OFFICE.id} (case active)`,
    ].sort(),
  );
});

describe.each(['approved', 'denied', 'withdrawn', 'superseded'] as const)('%s is final', (status) => {
  const snapshot = edges.find((e) => e.nextState.value === status)!.nextState;
  test('the machine calls it final and done', () => {
    expect(machine.states[status].type).toBe('final');
    expect(snapshot.status).toBe('done');
  });
  test('no event of any actor leaves it', () => {
    for (const event of EVENTS) expect(transition(machine, snapshot, event)[0]).toBe(snapshot);
  });
});

describe('the public API follows every shortest path of the machine', () => {
  const model = createTestModel(machine, { input: INPUT, events: COMPLETE, serializeTransition: () => '' });
  test.each(model.getShortestPaths().map((p) => [p.state.value as string, p] as const))('to %s', async (_to, path) => {
    let stored = pendingRequest();
    const replay = ({ event }: { event: ReopenRequestMachineEvent }) => {
      const decision =
        event.type === 'SUPERSEDE' ? supersedeReopenRequest(stored, event.caseStatus, event.actor) : decideReopenRequestEvent(stored, event, event.actor);
      expect(decision).toMatchObject({ allowed: true });
      if (decision.allowed) stored = decision.snapshot;
    };
    await path.test({
      events: Object.fromEntries([...REOPEN_REQUEST_EVENT_TYPES, 'SUPERSEDE'].map((type) => [type, replay])),
      states: {
        '*': (state) => {
          expect(reopenRequestStatusOf(stored)).toBe(state.value);
          expect(stored).toStrictEqual(JSON.parse(JSON.stringify(machine.getPersistedSnapshot(state))));
        },
      },
    });
  });
});
