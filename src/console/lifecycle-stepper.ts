import type { AnyStateMachine } from 'xstate';
import { lifecycleGraph, type LifecycleGraph } from './lifecycle-graph';

export interface Step {
  status: string;
  label: string;
  progress: 'done' | 'current' | 'ahead';
  /** The step's progress in words, so that colour is not its only carrier. */
  note: string;
}

const words = (id: string) => id.toLowerCase().replace(/_/g, ' ');

/**
 * The main road of a lifecycle: from the initial state, each move goes to the state not yet passed
 * that the drawing places highest (lifecycleGraph puts the state leading furthest onward on top).
 */
function mainRoad(graph: LifecycleGraph, initial: string): string[] {
  const rowOf = new Map(graph.nodes.map((n) => [n.id, n]));
  const road = [initial];
  for (;;) {
    const at = road[road.length - 1];
    const next = graph.edges
      .filter((e) => e.from === at && !road.includes(e.to))
      .map((e) => rowOf.get(e.to)!)
      .sort((a, b) => a.row - b.row || a.column - b.column)[0];
    if (!next) return road;
    road.push(next.id);
  }
}

/** Whether `to` can be reached from `from` without passing through `avoid`. */
function reachable(graph: LifecycleGraph, from: string, to: string, avoid: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === to) return true;
    for (const e of graph.edges) {
      if (e.from === at && e.to !== avoid && !seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return false;
}

/**
 * The compact stepper the case page shows instead of the drawing on narrow screens: the main road
 * of the machine with the current state marked. On the road, the states before the current one are
 * passed. A state off the road (rejected, withdrawn...) comes after the road's states that every way
 * to it passes, the only ones known passed; after a final state nothing is ahead.
 */
export function lifecycleSteps(machine: AnyStateMachine, current: string): Step[] {
  const graph = lifecycleGraph(machine);
  const initial = machine.root.initial.target[0].key as string;
  const road = mainRoad(graph, initial);
  const step = (status: string, progress: Step['progress'], note = progress === 'ahead' ? '' : progress): Step => ({
    status,
    label: words(status),
    progress,
    note,
  });
  const at = road.indexOf(current);
  if (at >= 0) return road.map((s, i) => step(s, i < at ? 'done' : i === at ? 'current' : 'ahead'));
  const passed = road.filter((s) => s === initial || (s !== current && !reachable(graph, initial, current, s)));
  const after = road.indexOf(passed[passed.length - 1]) + 1;
  const final = graph.nodes.find((n) => n.id === current)?.final ?? false;
  return [
    ...road.slice(0, after).map((s) => step(s, passed.includes(s) ? 'done' : 'ahead')),
    step(current, 'current', 'current, off the usual road'),
    ...(final ? [] : road.slice(after).map((s) => step(s, 'ahead'))),
  ];
}
