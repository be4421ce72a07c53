import type { AnyStateMachine } from 'xstate';
import { lifecycleGraph, type GraphNode } from './lifecycle-graph';

const BOX_W = 152;
const BOX_H = 40;
/** The most letters a state's name has on one line of its box. */
const BOX_LINE = 20;
const GAP_X = 90;
const GAP_Y = 70;
const MARGIN = 24;
/** Room above the top row for the arcs of moves that go back (a reopen, a rejected closure). */
const TOP = 104;
const MAX_LIFT = 88;
/** An event that ends the lifecycle from more states than this is written under its final state, not drawn from each. */
const GATHERED_FROM = 3;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const words = (id: string) => id.toLowerCase().replace(/_/g, ' ');

function centre(n: GraphNode): { x: number; y: number } {
  return { x: MARGIN + n.column * (BOX_W + GAP_X) + BOX_W / 2, y: TOP + n.row * (BOX_H + GAP_Y) + BOX_H / 2 };
}

/** Where a line from a box's centre toward (tx, ty) leaves the box. */
function border(c: { x: number; y: number }, tx: number, ty: number): { x: number; y: number } {
  const dx = tx - c.x;
  const dy = ty - c.y;
  const scale = Math.min(Math.abs(BOX_W / 2 / (dx || 1e-9)), Math.abs(BOX_H / 2 / (dy || 1e-9)));
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

/** Words in two lines of about even length. */
function halves(text: string): string[] {
  const parts = text.split(' ');
  const cut = Math.ceil(parts.length / 2);
  return [parts.slice(0, cut).join(' '), parts.slice(cut).join(' ')];
}

/** A state's name in its box, on two lines when it would not fit on one. */
function boxLabel(x: number, y: number, text: string): string {
  if (text.length <= BOX_LINE) return `<text x="${x}" y="${y + 5}">${escapeXml(text)}</text>`;
  const tspans = halves(text).map((line, i) => `<tspan x="${x}" dy="${i === 0 ? -7 : 14}">${escapeXml(line)}</tspan>`);
  return `<text x="${x}" y="${y + 5}">${tspans.join('')}</text>`;
}

/** An event's name over its arrow, on two lines when long, so it fits between two boxes. */
function edgeLabel(x: number, y: number, text: string): string {
  const lines = text.split(' ').length > 2 ? halves(text) : [text];
  const tspans = lines.map((line, i) => `<tspan x="${x}" dy="${i === 0 ? -(lines.length - 1) * 12 : 12}">${escapeXml(line)}</tspan>`).join('');
  return `<text x="${x}" y="${y}" class="edge-label">${tspans}</text>`;
}

/**
 * An SVG drawing of a lifecycle machine with the current state marked, for the case page. Each
 * state is a box, each transition an arrow labelled with its event; moves backwards curve above. An
 * event that ends the lifecycle from many states is one line under its final state instead.
 */
export function lifecycleDiagram(machine: AnyStateMachine, current: string, title: string): string {
  const graph = lifecycleGraph(machine);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const width = MARGIN * 2 + (Math.max(...graph.nodes.map((n) => n.column)) + 1) * (BOX_W + GAP_X) - GAP_X;
  const height = TOP + (Math.max(...graph.nodes.map((n) => n.row)) + 1) * (BOX_H + GAP_Y) - GAP_Y + 30 + MARGIN;
  const labelled = new Set<string>();
  // Withdrawing, say, ends a case from most of its states: one line under "withdrawn" says so.
  const endings = new Map<string, { event: string; to: string; from: string[] }>();
  for (const e of graph.edges.filter((edge) => byId.get(edge.to)!.final)) {
    const ending = endings.get(`${e.event}>${e.to}`) ?? { event: e.event, to: e.to, from: [] };
    ending.from.push(e.from);
    endings.set(`${e.event}>${e.to}`, ending);
  }
  const gathered = [...endings.values()].filter((g) => g.from.length > GATHERED_FROM);
  const isGathered = (e: { event: string; to: string }) => gathered.some((g) => g.event === e.event && g.to === e.to);
  const captions = gathered.map((g, i) => {
    const c = centre(byId.get(g.to)!);
    return `<text x="${c.x}" y="${c.y + BOX_H / 2 + 16 + (i + 1) * 14}" class="edge-label">${escapeXml(`${words(g.event)}: from ${g.from.length} states`)}</text>`;
  });
  const arrows = graph.edges
    .filter((e) => !isGathered(e))
    .map((e) => {
      const a = centre(byId.get(e.from)!);
      const b = centre(byId.get(e.to)!);
      const backwards = byId.get(e.to)!.column <= byId.get(e.from)!.column && e.from !== e.to;
      const start = border(a, b.x, backwards ? a.y - 100 : b.y);
      const end = border(b, a.x, backwards ? b.y - 100 : a.y);
      const lift = backwards ? Math.min(MAX_LIFT, Math.max(36, Math.abs(a.x - b.x) / 4)) : 0;
      const cx = (start.x + end.x) / 2;
      const cy = (start.y + end.y) / 2 - lift;
      // Several states may lead to one final state by the same event: name it once.
      const key = `${e.event}>${e.to}`;
      const label = labelled.has(key) ? '' : edgeLabel(cx, (start.y + end.y) / 2 - lift / 2 - 6, words(e.event));
      labelled.add(key);
      return `<path d="M${start.x},${start.y} Q${cx},${cy} ${end.x},${end.y}" class="edge" marker-end="url(#arrow)"/>${label}`;
    });
  const boxes = graph.nodes.map((n) => {
    const c = centre(n);
    const isCurrent = n.id === current;
    const cls = ['state', n.final ? 'final' : '', isCurrent ? 'current' : ''].filter(Boolean).join(' ');
    return (
      `<g class="${cls}"${isCurrent ? ' aria-current="step"' : ''}>` +
      `<rect x="${c.x - BOX_W / 2}" y="${c.y - BOX_H / 2}" width="${BOX_W}" height="${BOX_H}" rx="6"/>` +
      boxLabel(c.x, c.y, words(n.id)) +
      (isCurrent ? `<text x="${c.x}" y="${c.y + BOX_H / 2 + 16}" class="marker">current</text>` : '') +
      `</g>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="lifecycle-title lifecycle-desc" class="lifecycle">`,
    `<title id="lifecycle-title">${escapeXml(title)}</title>`,
    `<desc id="lifecycle-desc">The case is ${escapeXml(words(current))}. States: ${graph.nodes.map((n) => escapeXml(words(n.id))).join(', ')}.` +
      gathered.map((g) => ` ${escapeXml(`${words(g.event)} leads to ${words(g.to)} from ${g.from.map(words).join(', ')}`)}.`).join('') +
      `</desc>`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`,
    ...arrows,
    ...boxes,
    ...captions,
    `</svg>`,
  ].join('');
}
