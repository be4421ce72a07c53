/**
 * The results table of a run as Markdown, for bench/README.md:
 *   node dist/bench/tools/results-markdown.js bench/results/latest-full.json
 */
import { readFileSync } from 'node:fs';
import type { MachineDescription } from '../lib/machine';
import { markdownTable, type Figure } from '../lib/report';

interface Report {
  mode: string;
  machine: MachineDescription;
  loadAverageAtEnd: number[];
  seconds: number;
  figures: Figure[];
  postgres: string;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: results-markdown <latest.json>\n');
  process.exit(2);
}
const r = JSON.parse(readFileSync(file, 'utf8')) as Report;
const m = r.machine;
const lines = [
  `**${r.mode}** run of ${m.date.slice(0, 16).replace('T', ' ')} UTC, ${r.seconds.toFixed(0)} s: ${m.cpuModel}, ${m.cores} cores, ` +
    `${(m.memoryBytes / 2 ** 30).toFixed(0)} GiB, Node ${m.node}, SQLite ${m.versions.sqlite}; load average ${m.loadAverage[0]} at the ` +
    `start and ${r.loadAverageAtEnd[0]} at the end (other work shared the 2 cores).`,
  '',
  markdownTable(r.figures),
  '',
  `(e) PostgreSQL: ${r.postgres}.`,
];
process.stdout.write(lines.join('\n') + '\n');
