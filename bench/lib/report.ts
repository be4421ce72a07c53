import type { Spread } from './stats';

export type Part = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';

interface Goal {
  text: string;
  /** null: not judged (the figure is missing). */
  met: boolean | null;
}

/** One line of the results table: a figure, its baseline from the same run, their ratio, the goal. */
export interface Figure {
  part: Part;
  name: string;
  unit: string;
  value: Spread | null;
  baseline?: { name: string; unit: string; value: Spread };
  ratio?: Spread;
  goal?: Goal;
  note?: string;
}

const group = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

function formatValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '-';
  if (unit === '/s') return `${group(v)}/s`;
  if (unit === 'ms') return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : group(v)} ms`;
  if (unit === 'µs') return `${v < 100 ? v.toFixed(1) : group(v)} µs`;
  if (unit === 's') return `${v.toFixed(1)} s`;
  if (unit === 'MB') return `${v.toFixed(0)} MB`;
  if (unit === 'x') return v.toFixed(2);
  return `${v.toFixed(2)} ${unit}`;
}

function formatSpread(s: Spread | null | undefined, unit: string): string {
  if (!s) return '-';
  if (s.rounds.length <= 1) return formatValue(s.median, unit);
  return `${formatValue(s.median, unit)} [${formatValue(s.min, unit).replace(/ .*$|\/s$/, '')}–${formatValue(s.max, unit).replace(/ .*$|\/s$/, '')}]`;
}

function pad(cells: string[][]): string {
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => [...row[c]].length)));
  return cells
    .map((row) =>
      row
        .map((cell, c) => cell + ' '.repeat(widths[c] - [...cell].length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const verdict = (g?: Goal) => (!g ? '' : g.met === null ? 'n/a' : g.met ? 'PASS' : 'FAIL');

/** The table printed at the end of a run: medians of the rounds, [min–max] beside them. */
export function table(figures: Figure[]): string {
  const rows = [['', 'figure', 'measured', 'baseline (same run)', 'ratio', 'goal', '']];
  for (const f of figures) {
    rows.push([
      `(${f.part})`,
      f.name,
      formatSpread(f.value, f.unit),
      f.baseline ? `${f.baseline.name}: ${formatSpread(f.baseline.value, f.baseline.unit)}` : '',
      f.ratio ? formatSpread(f.ratio, 'x') : '',
      f.goal?.text ?? '',
      verdict(f.goal),
    ]);
  }
  return pad(rows);
}

/** The same table as Markdown, for bench/README.md. */
export function markdownTable(figures: Figure[]): string {
  const lines = ['| | figure | measured | baseline (same run) | ratio | goal | |', '|---|---|---|---|---|---|---|'];
  for (const f of figures) {
    lines.push(
      `| ${f.part} | ${f.name.startsWith(' ') ? `· ${f.name.trim()}` : f.name} | ${formatSpread(f.value, f.unit)} | ${f.baseline ? `${f.baseline.name}: ${formatSpread(f.baseline.value, f.baseline.unit)}` : ''} | ` +
        `${f.ratio ? formatSpread(f.ratio, 'x') : ''} | ${f.goal?.text ?? ''} | ${verdict(f.goal)} |`,
    );
  }
  return lines.join('\n');
}
