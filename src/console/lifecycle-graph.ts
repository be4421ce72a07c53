import type { AnyStateMachine } from 'xstate';

export interface GraphNode {
  id: string;
  final: boolean;
  column: number;
  row: number;
}

interface GraphEdge {
  from: string;
  to: string;
  event: string;
}

export interface LifecycleGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * Reads the states and transitions out of a machine definition and places each state in a column
 * by its distance from the initial state, so the drawing follows the machine, not a hand-made copy.
 */
export function lifecycleGraph(machine: AnyStateMachine): LifecycleGraph {
  const root = machine.root;
  const edges: GraphEdge[] = [];
  for (const [id, node] of Object.entries(root.states)) {
    for (const [event, definitions] of node.transitions) {
      for (const definition of definitions) {
        for (const target of definition.target ?? []) edges.push({ from: id, to: target.key, event });
      }
    }
  }
  const initial = root.initial.target[0].key;
  const column = new Map<string, number>([[initial, 0]]);
  const queue = [initial];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const e of edges) {
      if (e.from === at && !column.has(e.to)) {
        column.set(e.to, column.get(at)! + 1);
        queue.push(e.to);
      }
    }
  }
  // Within a column, the state that leads furthest onward goes on the top row, so the main road
  // of the lifecycle reads as one straight line and side roads (rejected, withdrawn) sit below.
  const onward = (id: string): number => {
    const seen = new Set<string>();
    const walk = (at: string) => {
      for (const e of edges) {
        if (e.from === at && (column.get(e.to) ?? 0) > (column.get(at) ?? 0) && !seen.has(e.to)) {
          seen.add(e.to);
          walk(e.to);
        }
      }
    };
    walk(id);
    return seen.size;
  };
  const ids = Object.keys(root.states);
  const order = [...ids].sort((a, b) => onward(b) - onward(a) || ids.indexOf(a) - ids.indexOf(b));
  const rowsUsed = new Map<number, number>();
  const rowOf = new Map<string, number>();
  for (const id of order) {
    const col = column.get(id) ?? 0;
    rowOf.set(id, rowsUsed.get(col) ?? 0);
    rowsUsed.set(col, (rowsUsed.get(col) ?? 0) + 1);
  }
  const nodes = ids.map((id) => ({ id, final: root.states[id].type === 'final', column: column.get(id) ?? 0, row: rowOf.get(id)! }));
  return { nodes, edges };
}
