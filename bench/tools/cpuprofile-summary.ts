/**
 * Where the time goes in a V8 .cpuprofile (from `node --cpu-prof`): self time per function and
 * per file or package, and inclusive time of the functions that matter most.
 *
 *   node dist/bench/tools/cpuprofile-summary.js /tmp/profile.cpuprofile [--top 25] [--match applyEvent,view]
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A file as a reader names it: the package under node_modules, or the path inside the project. */
export function placeOf(url: string): string {
  if (!url) return '(native / V8)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return `npm:${pkg[1]}`;
  if (path.startsWith('node:')) return path;
  const project = /\/dist\/(.*)$/.exec(path);
  return project ? project[1] : path;
}

function label(f: CallFrame): string {
  return `${f.functionName || '(anonymous)'} ${placeOf(f.url)}:${f.lineNumber + 1}`;
}

/** Spans of the monotonic clock, in microseconds (process.hrtime.bigint() / 1000), to keep samples of. */
export type Window = [number, number];

export function summarize(profile: CpuProfile, top = 25, match: string[] = [], windows: Window[] = []): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfByFn = new Map<string, number>();
  const selfByPlace = new Map<string, number>();
  const totalByFn = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, k) => {
    const dt = profile.timeDeltas[k] ?? 0;
    at += dt;
    if (windows.length && !windows.some(([from, to]) => at >= from && at <= to)) return;
    const node = byId.get(id)!;
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') {
      idle += name === '(idle)' ? dt : 0;
    }
    total += dt;
    selfByFn.set(label(node.callFrame), (selfByFn.get(label(node.callFrame)) ?? 0) + dt);
    const place = name === '(garbage collector)' ? '(garbage collector)' : name === '(idle)' ? '(idle)' : placeOf(node.callFrame.url);
    selfByPlace.set(place, (selfByPlace.get(place) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur)!.callFrame);
      if (!seen.has(l)) {
        seen.add(l);
        totalByFn.set(l, (totalByFn.get(l) ?? 0) + dt);
      }
    }
  });
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
  const lines: string[] = [];
  const scope = windows.length ? ` within ${windows.length} measured windows` : '';
  lines.push(`profile${scope}: ${(total / 1e6).toFixed(2)} s sampled, ${(idle / 1e6).toFixed(2)} s idle; percentages of the ${(busy / 1e6).toFixed(2)} s busy`);
  lines.push('', `self time by file or package (top ${top}):`);
  for (const [k, v] of [...selfByPlace]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    lines.push(`${pct(v)} ${ms(v)}  ${k}`);
  lines.push('', `self time by function (top ${top}):`);
  for (const [k, v] of [...selfByFn]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top))
    lines.push(`${pct(v)} ${ms(v)}  ${k}`);
  const inclusive = [...totalByFn].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(idle)'));
  const wanted = match.length ? inclusive.filter(([k]) => match.some((m) => k.includes(m))) : inclusive;
  lines.push('', `inclusive time${match.length ? ` of functions matching ${match.join(', ')}` : ''} (top ${top}):`);
  for (const [k, v] of wanted.sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(v)} ${ms(v)}  ${k}`);
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: cpuprofile-summary <file.cpuprofile> [--top N] [--match a,b] [--windows result.json]\n');
    process.exit(2);
  }
  const topArg = args.indexOf('--top');
  const matchArg = args.indexOf('--match');
  const top = topArg >= 0 ? Number(args[topArg + 1]) : 25;
  const match = matchArg >= 0 ? args[matchArg + 1].split(',') : [];
  // A phase's result file lists the spans it measured in (`profileWindows`): only those samples count.
  const windowsArg = args.indexOf('--windows');
  const windows = windowsArg >= 0 ? ((JSON.parse(readFileSync(args[windowsArg + 1], 'utf8')) as { profileWindows?: Window[] }).profileWindows ?? []) : [];
  process.stdout.write(summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top, match, windows) + '\n');
}
