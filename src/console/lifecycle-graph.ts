import type { AnyStateMachine } from 'xstate';

export interface GraphNode {
  id: string;
  final: boolean;
  column: number;
  row: number;
}

export interface GraphEdge {
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
  const rowsUsed = new Map<number, number>();
  const nodes = Object.entries(root.states).map(([id, node]) => {
    const col = column.get(id) ?? 0;
    const row = rowsUsed.get(col) ?? 0;
    rowsUsed.set(col, row + 1);
    return { id, final: node.type === 'final', column: col, row };
  });
  return { nodes, edges };
}
