/**
 * npm run bench [-- --quick] [-- --only a,b] [-- --profile] [-- --growth-cases N --growth-entries N]
 *
 * Runs each phase in a child process of its own, prints the table of figures beside their
 * baselines from the same run, and writes bench/results/latest.json. See bench/README.md.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditBenchConfig, AuditBenchResult } from './phases/audit';
import type { EngineConfig, EngineResult } from './phases/engine';
import type { HttpConfig, HttpResult } from './phases/http';
import type { ListsConfig, ListsResult } from './phases/lists';
import type { PostgresConfig, PostgresResult } from './phases/postgres';
import type { PgSettings } from './lib/pg';
import { describeMachine } from './lib/machine';
import { tempDir } from './lib/phase';
import { table, type Figure, type Part } from './lib/report';
import { ratioSpread, spread, type Spread } from './lib/stats';
import { summarize } from './tools/cpuprofile-summary';

interface Plan {
  engine: EngineConfig;
  http: HttpConfig;
  audit: AuditBenchConfig;
  /** (e): (a) on PostgreSQL at (a)'s first size; (b) there with `http`. */
  postgres: Omit<PostgresConfig, 'http'>;
  /** (f): the case list at each size, on SQLite. */
  lists: ListsConfig;
}

const QUICK: Plan = {
  engine: {
    datasets: [
      { name: 'small', cases: 1_000, entries: 10_000 },
      { name: 'large', cases: 10_000, entries: 100_000 },
    ],
    rounds: 3,
    seconds: 1,
    rawSeconds: 0.5,
    warmupSeconds: 0.5,
    concurrency: 1,
  },
  // Six sides a round in (b) (the engine's three routes, three baselines): two rounds keep the quick run near 80 s.
  http: { rounds: 2, seconds: 1.5, warmupSeconds: 0.5, connections: 64, casesPerConnection: 2 },
  audit: { entries: 100_000, rounds: 2, pageRequests: 100, exportRounds: 1, rawVerify: false },
  postgres: { cases: 1_000, entries: 10_000, rounds: 3, seconds: 1.5, warmupSeconds: 0.5, concurrency: [1, 8] },
  lists: { sizes: [10_000], requests: 10, deadlinesPerCase: 5 },
};

const FULL: Plan = {
  engine: {
    datasets: [
      { name: 'small', cases: 10_000, entries: 100_000 },
      // Writing 1M cases and 10M entries takes this machine about 8 minutes (about 65 µs an entry
      // once the indexes outgrow the cache); 1M cases and 2M entries keep the full run near 10
      // minutes. --growth-entries 10000000 asks for the whole size.
      { name: 'large', cases: 1_000_000, entries: 2_000_000 },
    ],
    rounds: 5,
    seconds: 3,
    rawSeconds: 2,
    warmupSeconds: 2,
    concurrency: 1,
  },
  http: { rounds: 5, seconds: 5, warmupSeconds: 2, connections: 64, casesPerConnection: 8 },
  // 100 pages: at 1M entries the slow filters take up to a few seconds each on a loaded machine.
  audit: { entries: 1_000_000, rounds: 3, pageRequests: 100, exportRounds: 2, rawVerify: true },
  postgres: { cases: 10_000, entries: 100_000, rounds: 5, seconds: 3, warmupSeconds: 2, concurrency: [1, 8] },
  // 100k cases take about 10 s to write; --list-cases 1000000 asks for the issue's size (several minutes).
  lists: { sizes: [10_000, 100_000], requests: 20, deadlinesPerCase: 5 },
};

interface Args {
  quick: boolean;
  profile: boolean;
  only: Set<Part>;
  growthCases?: number;
  growthEntries?: number;
  auditEntries?: number;
  listCases?: number;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string) => {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    return argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  };
  const number = (name: string) => (value(name) === undefined ? undefined : Number(value(name)));
  const only = value('only');
  return {
    quick: argv.includes('--quick'),
    profile: argv.includes('--profile'),
    only: new Set((only ?? 'a,b,c,d,e,f').split(',').map((p) => p.trim()) as Part[]),
    growthCases: number('growth-cases'),
    growthEntries: number('growth-entries'),
    auditEntries: number('audit-entries'),
    listCases: number('list-cases'),
  };
}

const PHASES = join(__dirname, 'phases');

/** Runs one phase in a child process; its progress shows on stderr, its result comes back as JSON. */
function runPhase<C, R>(name: string, config: C, options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<R> {
  const resultFile = join(tempDir('main'), `${name}.json`);
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!options.env?.DATABASE_URL) delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(PHASES, `${name}.js`), JSON.stringify(config), resultFile], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env,
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as R);
      else reject(new Error(`phase ${name} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

const MB = 2 ** 20;
const med = (s: Spread) => s.median;

function engineFigures(r: EngineResult, parts: Set<Part>): Figure[] {
  const figures: Figure[] = [];
  const [small, large] = r.datasets;
  const rate = (runs: { perSecond: number }[]) => runs.map((x) => x.perSecond);
  if (parts.has('a') && small) {
    const ratio = ratioSpread(rate(small.engine), rate(small.raw));
    figures.push({
      part: 'a',
      name: `audited transitions, CasesService.applyEvent (${small.cases.toLocaleString('en-US')} cases, ${small.entriesBefore.toLocaleString('en-US')} entries)`,
      unit: '/s',
      value: spread(rate(small.engine)),
      baseline: { name: 'raw better-sqlite3, same SQL', unit: '/s', value: spread(rate(small.raw)) },
      ratio,
      goal: { text: 'ratio >= 0.5', met: med(ratio) >= 0.5 },
      note: small.chainIntactAfter === false ? 'the chain did NOT verify after the run' : undefined,
    });
    if (small.lean?.length) {
      figures.push({
        part: 'a',
        name: '  raw SQL + the same machine steps (decide, persist, allowed events): a lean engine path',
        unit: '/s',
        value: spread(rate(small.lean)),
        baseline: { name: 'raw', unit: '/s', value: spread(rate(small.raw)) },
        ratio: ratioSpread(rate(small.lean), rate(small.raw)),
      });
    }
  }
  if (parts.has('d') && small && large) {
    const cost = (runs: { perSecond: number }[]) => runs.map((x) => 1e6 / x.perSecond);
    const engineGrowth = ratioSpread(cost(large.engine), cost(small.engine));
    figures.push({
      part: 'd',
      name: `cost of one transition at ${large.cases.toLocaleString('en-US')} cases / ${large.entriesBefore.toLocaleString('en-US')} entries`,
      unit: 'µs',
      value: spread(cost(large.engine)),
      baseline: {
        name: `at ${small.cases.toLocaleString('en-US')} / ${small.entriesBefore.toLocaleString('en-US')}`,
        unit: 'µs',
        value: spread(cost(small.engine)),
      },
      ratio: engineGrowth,
      goal: { text: 'ratio < 1.3', met: med(engineGrowth) < 1.3 },
    });
    const rawGrowth = ratioSpread(cost(large.raw), cost(small.raw));
    figures.push({
      part: 'd',
      name: '  the same for the raw SQL baseline (for comparison)',
      unit: 'µs',
      value: spread(cost(large.raw)),
      baseline: { name: 'small', unit: 'µs', value: spread(cost(small.raw)) },
      ratio: rawGrowth,
    });
  }
  return figures;
}

type LoadRuns = HttpResult['events'];

function httpFigures(r: HttpResult, part: Part = 'b', label = ''): Figure[] {
  const rps = (runs: { requestsPerSecond: number }[]) => runs.map((x) => x.requestsPerSecond);
  const p50 = (runs: { latencyP50: number }[]) => runs.map((x) => x.latencyP50);
  const p99 = (runs: { latencyP99: number }[]) => runs.map((x) => x.latencyP99);
  const open99 = (runs: LoadRuns) => runs.map((x) => x.byConnection.openP99);
  const firstMax = (runs: LoadRuns) => runs.map((x) => x.byConnection.firstMax);
  const nonOk = (runs: { non2xx: number; errors: number; timeouts: number }[]) => runs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0);
  const note = (n: number) => (n ? `${n} answers were not 2xx (see unexpected in latest.json)` : undefined);
  const bareGet = { name: 'bare NestJS GET, same adapter', unit: '/s', value: spread(rps(r.bareGet)) };
  const eventsRatio = ratioSpread(rps(r.events), rps(r.barePost));
  const p99Ratio = ratioSpread(p99(r.events), p99(r.barePost));
  const readRatio = ratioSpread(rps(r.caseRead), rps(r.bareGet));
  const healthRatio = ratioSpread(rps(r.health), rps(r.bareGet));
  return [
    {
      part,
      name: `${label}POST /cases/:id/events, ${r.connections} connections, ${r.cases} cases`,
      unit: '/s',
      value: spread(rps(r.events)),
      baseline: { name: 'bare NestJS POST, DTO + ValidationPipe', unit: '/s', value: spread(rps(r.barePost)) },
      ratio: eventsRatio,
      goal: { text: 'ratio >= 0.3', met: med(eventsRatio) >= 0.3 },
      note: note(nonOk(r.events)),
    },
    {
      part,
      name: `${label}  latency p50 of the events`,
      unit: 'ms',
      value: spread(p50(r.events)),
      baseline: { name: 'bare POST p50', unit: 'ms', value: spread(p50(r.barePost)) },
    },
    {
      part,
      name: `${label}  latency p99 of the events`,
      unit: 'ms',
      value: spread(p99(r.events)),
      baseline: { name: 'bare POST p99', unit: 'ms', value: spread(p99(r.barePost)) },
      ratio: p99Ratio,
      goal: { text: 'ratio <= 3', met: med(p99Ratio) <= 3 },
    },
    {
      part,
      name: `${label}  · p99 on connections already open (each connection's first answer left out)`,
      unit: 'ms',
      value: spread(open99(r.events)),
      baseline: { name: 'bare POST, the same', unit: 'ms', value: spread(open99(r.barePost)) },
      ratio: ratioSpread(open99(r.events), open99(r.barePost)),
    },
    {
      part,
      name: `${label}  · slowest first answer of a connection (its wait to be accepted included)`,
      unit: 'ms',
      value: spread(firstMax(r.events)),
      baseline: { name: 'bare POST, the same', unit: 'ms', value: spread(firstMax(r.barePost)) },
    },
    {
      part,
      name: `${label}GET /cases/:id, an officer's bearer token, same cases and connections`,
      unit: '/s',
      value: spread(rps(r.caseRead)),
      baseline: bareGet,
      ratio: readRatio,
      goal: { text: 'ratio >= 0.5', met: med(readRatio) >= 0.5 },
      note: note(nonOk(r.caseRead)),
    },
    {
      part,
      name: `${label}GET /health (public, SELECT 1), same server`,
      unit: '/s',
      value: spread(rps(r.health)),
      baseline: bareGet,
      ratio: healthRatio,
      goal: { text: 'ratio >= 0.5', met: med(healthRatio) >= 0.5 },
    },
    {
      part,
      name: `${label}  latency p99 of GET /cases/:id`,
      unit: 'ms',
      value: spread(p99(r.caseRead)),
      baseline: { name: 'bare GET p99', unit: 'ms', value: spread(p99(r.bareGet)) },
      ratio: ratioSpread(p99(r.caseRead), p99(r.bareGet)),
    },
    {
      part,
      name: `${label}  · p99 of GET /cases/:id on connections already open`,
      unit: 'ms',
      value: spread(open99(r.caseRead)),
      baseline: { name: 'bare GET, the same', unit: 'ms', value: spread(open99(r.bareGet)) },
      ratio: ratioSpread(open99(r.caseRead), open99(r.bareGet)),
    },
    {
      part,
      name: `${label}  the events against GET /health of the same server (the former baseline)`,
      unit: '/s',
      value: spread(rps(r.events)),
      baseline: { name: 'GET /health', unit: '/s', value: spread(rps(r.health)) },
      ratio: ratioSpread(rps(r.events), rps(r.health)),
    },
    {
      part,
      name: `${label}  bare NestJS GET on Express, against node:http (the floor)`,
      unit: '/s',
      value: spread(rps(r.bareGet)),
      baseline: { name: 'node:http GET', unit: '/s', value: spread(rps(r.nodeGet)) },
      ratio: ratioSpread(rps(r.bareGet), rps(r.nodeGet)),
      note: note(nonOk([...r.bareGet, ...r.barePost, ...r.nodeGet])),
    },
  ];
}

function postgresFigures(r: PostgresResult): Figure[] {
  const figures: Figure[] = [];
  const rate = (runs: { perSecond: number }[]) => runs.map((x) => x.perSecond);
  for (const level of r.levels) {
    if (!level.engine.length || !level.raw.length) continue;
    const ratio = ratioSpread(rate(level.engine), rate(level.raw));
    const first = level === r.levels[0];
    const size = `${r.cases.toLocaleString('en-US')} cases, ${r.entriesBefore.toLocaleString('en-US')} entries`;
    figures.push({
      part: 'e',
      name: first
        ? `PostgreSQL: audited transitions, CasesService.applyEvent, ${level.concurrency} at once (${size})`
        : `  the same, ${level.concurrency} calls at once (not in the goal)`,
      unit: '/s',
      value: spread(rate(level.engine)),
      baseline: { name: `raw pg, same SQL, prepared, ${level.concurrency} at once`, unit: '/s', value: spread(rate(level.raw)) },
      ratio,
      // (a)'s goal, at (a)'s concurrency.
      goal: first && level.concurrency === 1 ? { text: 'ratio >= 0.5', met: med(ratio) >= 0.5 } : undefined,
      note: first && r.chainIntactAfter === false ? 'the chain did NOT verify after the run' : undefined,
    });
    const info = (runs: { perSecond: number }[], name: string) =>
      runs.length &&
      figures.push({
        part: 'e',
        name,
        unit: '/s',
        value: spread(rate(runs)),
        baseline: { name: 'raw, prepared', unit: '/s', value: spread(rate(level.raw)) },
        ratio: ratioSpread(rate(runs), rate(level.raw)),
      });
    info(level.unprepared, '  raw pg, the same SQL unprepared (parsed and planned each time, as TypeORM sends it)');
    info(level.lean, '  raw pg + the same machine steps (decide, persist, allowed events): a lean engine path');
  }
  if (r.http) {
    figures.push(...httpFigures(r.http, 'e', 'PostgreSQL: '));
    // Against raw pg at as many transitions at once as (b) has connections, or else the most measured.
    const raw = [...r.levels].filter((l) => l.raw.length).sort((x, y) => y.concurrency - x.concurrency)[0];
    if (raw) {
      const events = spread(r.http.events.map((x) => x.requestsPerSecond));
      const base = spread(rate(raw.raw));
      const ratio = spread([events.median / base.median]);
      const at = raw.concurrency === r.http.connections ? '' : ` (raw measured at ${raw.concurrency} at once only)`;
      figures.push({
        part: 'e',
        name: `PostgreSQL: POST /cases/:id/events, ${r.http.connections} connections, against raw transitions${at}; ratio of the medians`,
        unit: '/s',
        value: events,
        baseline: { name: `raw pg, same SQL, prepared, ${raw.concurrency} at once`, unit: '/s', value: base },
        ratio,
        goal: { text: 'ratio >= 0.5', met: ratio.median >= 0.5 },
      });
    }
  }
  return figures;
}

/** The server and the settings that decide what a commit costs, printed beside (e)'s figures. */
function describePostgres(s: PgSettings): string {
  const durable = s.fsync === 'on' && s.synchronousCommit !== 'off';
  return (
    `PostgreSQL ${s.version} at ${s.host}: fsync ${s.fsync}, synchronous_commit ${s.synchronousCommit}, full_page_writes ${s.fullPageWrites}` +
    (durable ? '' : " (commits are not durable: a throwaway server's settings)")
  );
}

/**
 * Each kind of list page or report: its p50 (p99 in the name) beside GET /health's p50 at the same
 * size (the goal's ratio), and, from the second size on, its cost against the first size's (the
 * issue's growth goal).
 */
function listFigures(r: ListsResult): Figure[] {
  const figures: Figure[] = [];
  const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)} ms`;
  for (const size of r.sizes) {
    const smallest = r.sizes.find((s) => s.engine === size.engine)!;
    const n = `${size.cases.toLocaleString('en-US')} cases, ${size.deadlines.toLocaleString('en-US')} deadlines${size.engine === 'postgres' ? ', PostgreSQL' : ''}`;
    for (const [i, k] of size.kinds.entries()) {
      const ratio = k.p50 / size.health.p50;
      if (i === 0 || size.kinds[i - 1].route !== k.route) figures.push({ part: 'f', name: `${k.route}, ${n}:`, unit: 'ms', value: null });
      figures.push({
        part: 'f',
        name: `    ${k.kind} (${k.items} ${k.itemsAre}), p50 (p99 ${ms(k.p99)}${k.requests < r.requests ? ` of ${k.requests} requests` : ''})`,
        unit: 'ms',
        value: spread([k.p50]),
        baseline: { name: 'GET /health p50', unit: 'ms', value: spread([size.health.p50]) },
        ratio: spread([ratio]),
        goal: { text: 'ratio <= 2', met: ratio <= 2 },
      });
      const first = smallest.kinds.find((s) => s.route === k.route && s.kind === k.kind);
      if (size === smallest || !first) continue;
      const growth = k.p50 / first.p50;
      figures.push({
        part: 'f',
        name: '      against the first size',
        unit: 'ms',
        value: spread([k.p50]),
        baseline: { name: `p50 at ${smallest.cases.toLocaleString('en-US')}`, unit: 'ms', value: spread([first.p50]) },
        ratio: spread([growth]),
        goal: { text: 'ratio <= 1.5', met: growth <= 1.5 },
      });
    }
    // The phase logs the first answer that was not 200.
    figures.push({ part: 'f', name: `    answers other than 200: ${size.non200}`, unit: 'ms', value: null, goal: { text: 'none', met: size.non200 === 0 } });
  }
  return figures;
}

function auditFigures(r: AuditBenchResult): Figure[] {
  const rate = (runs: { perSecond: number }[]) => runs.map((x) => x.perSecond);
  const n = r.entries.toLocaleString('en-US');
  const verifyRatio = ratioSpread(rate(r.verify), rate(r.rawSha256));
  const figures: Figure[] = [
    {
      part: 'c',
      name: `verify, AuditVerifier over ${n} entries`,
      unit: '/s',
      value: spread(rate(r.verify)),
      baseline: { name: 'raw SHA-256 of the same bytes', unit: '/s', value: spread(rate(r.rawSha256)) },
      ratio: verifyRatio,
      goal: { text: 'ratio >= 0.5', met: med(verifyRatio) >= 0.5 },
    },
  ];
  if (r.rawVerify.length) {
    figures.push({
      part: 'c',
      name: '  raw verify: better-sqlite3 rows + same bytes + SHA-256',
      unit: '/s',
      value: spread(rate(r.rawVerify)),
      baseline: { name: 'raw SHA-256', unit: '/s', value: spread(rate(r.rawSha256.slice(0, r.rawVerify.length))) },
      ratio: ratioSpread(rate(r.rawVerify), rate(r.rawSha256.slice(0, r.rawVerify.length))),
    });
  }
  figures.push(
    {
      part: 'c',
      name: `filtered GET /audit page at ${n} entries, p50 (${r.page.count} requests)`,
      unit: 'ms',
      value: spread([r.page.p50]),
      baseline: { name: 'GET /health p50', unit: 'ms', value: spread([r.pageBaselineHealth.p50]) },
    },
    {
      part: 'c',
      name: '  p99',
      unit: 'ms',
      value: spread([r.page.p99]),
      baseline: { name: 'GET /health p99', unit: 'ms', value: spread([r.pageBaselineHealth.p99]) },
      ratio: spread([r.page.p99 / r.pageBaselineHealth.p99]),
      goal: { text: 'ratio <= 2', met: r.page.p99 <= 2 * r.pageBaselineHealth.p99 },
    },
  );
  for (const k of [...r.page.kinds, ...(r.pageNoMatch?.count ? [r.pageNoMatch] : [])]) {
    figures.push({
      part: 'c',
      name: `    filter ${k.kind}${k.kind === 'no match' ? ' (not in the goal)' : ''}: p50, p99 beside`,
      unit: 'ms',
      value: spread([k.p50]),
      baseline: { name: 'p99', unit: 'ms', value: spread([k.p99]) },
    });
  }
  if (r.exports.length) {
    const peak = spread(r.exports.map((x) => x.peakRss / MB));
    figures.push(
      {
        part: 'c',
        name: `export of ${r.exports[0].rows.toLocaleString('en-US')} entries as CSV over HTTP, time`,
        unit: 's',
        value: spread(r.exports.map((x) => x.seconds)),
      },
      {
        part: 'c',
        name: '  export rate',
        unit: '/s',
        value: spread(r.exports.map((x) => x.rowsPerSecond)),
        baseline: { name: 'raw better-sqlite3 + same CSV rows', unit: '/s', value: spread(rate(r.rawCsv)) },
        ratio: spread(r.exports.map((x) => x.rowsPerSecond / r.rawCsv[0].perSecond)),
      },
      {
        part: 'c',
        name: '  server peak RSS during the export (VmHWM)',
        unit: 'MB',
        value: peak,
        baseline: { name: 'RSS just before', unit: 'MB', value: spread(r.exports.map((x) => x.rssBefore / MB)) },
        goal: { text: 'peak < 150 MB', met: med(peak) < 150 },
      },
      {
        part: 'c',
        // The process's own size (Node, the app's code and metadata, V8's young generation) is most of the peak.
        name: '  what the export itself adds: peak minus RSS just before',
        unit: 'MB',
        value: spread(r.exports.map((x) => (x.peakRss - x.rssBefore) / MB)),
      },
      {
        part: 'c',
        name: '  server RSS right after start, before any request',
        unit: 'MB',
        value: spread([r.serverRssAtStart / MB]),
      },
      {
        part: 'c',
        // What of the process no streaming can shrink: see bench/README, "Where the time goes".
        name: '  of it pages of files (the node binary, libraries); beside: the rest',
        unit: 'MB',
        value: spread([r.serverFileRssAtStart / MB]),
        baseline: { name: 'anonymous: V8 heap, SQLite page cache, malloc', unit: 'MB', value: spread([(r.serverRssAtStart - r.serverFileRssAtStart) / MB]) },
      },
    );
  }
  return figures;
}

async function profileRun(plan: Plan, parts: Set<Part>): Promise<void> {
  const dir = '/tmp/compact-bench-profiles';
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const small = plan.engine.datasets[0];
  const out: string[] = [];
  const summaryOf = (title: string, file: string, windows: Array<[number, number]>) => {
    const text = summarize(JSON.parse(readFileSync(file, 'utf8')), 30, [], windows);
    writeFileSync(`${file}.txt`, text + '\n');
    out.push(`=== ${title}: ${file}\n${text}\n`);
  };
  const newest = (sub: string) => {
    const { readdirSync } = require('node:fs') as typeof import('node:fs');
    const files = readdirSync(sub).filter((f) => f.endsWith('.cpuprofile'));
    return join(sub, files.sort().at(-1)!);
  };
  for (const only of ['engine', 'raw'] as const) {
    if (!parts.has('a')) break;
    const sub = join(dir, `${stamp}-${only}`);
    const r = await runPhase<EngineConfig, EngineResult>(
      'engine',
      { ...plan.engine, datasets: [small], rounds: 2, only },
      {
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${sub}`],
      },
    );
    summaryOf(`(a) ${only} path, measured rounds only`, newest(sub), r.profileWindows);
  }
  if (parts.has('c')) {
    const verifySub = join(dir, `${stamp}-verify`);
    const v = await runPhase<AuditBenchConfig, AuditBenchResult>(
      'audit',
      { ...plan.audit, rounds: 2, verifyOnly: true },
      {
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${verifySub}`],
      },
    );
    summaryOf('(c) AuditVerifier.verify, measured rounds only', newest(verifySub), v.profileWindows);
  }
  if (parts.has('b')) {
    const serverFile = join(dir, `${stamp}-http-server.cpuprofile`);
    const h = await runPhase<HttpConfig, HttpResult>('http', { ...plan.http, rounds: 2, serverProfile: serverFile });
    summaryOf(
      '(b) the server under POST /cases/:id/events',
      serverFile,
      h.events.map((x) => x.window),
    );
    summaryOf(
      '(b) the server under GET /cases/:id',
      serverFile,
      h.caseRead.map((x) => x.window),
    );
    summaryOf(
      '(b) the server under GET /health',
      serverFile,
      h.health.map((x) => x.window),
    );
  }
  if (parts.has('c')) {
    const auditServerFile = join(dir, `${stamp}-audit-server.cpuprofile`);
    const a = await runPhase<AuditBenchConfig, AuditBenchResult>('audit', { ...plan.audit, rounds: 1, exportRounds: 1, serverProfile: auditServerFile });
    // Windows: verify (another process), the pages, the export.
    summaryOf('(c) the server under filtered GET /audit pages', auditServerFile, [a.profileWindows[1]]);
    summaryOf('(c) the server during the CSV export', auditServerFile, [a.profileWindows[2]]);
  }
  if (parts.has('f')) {
    const listsServerFile = join(dir, `${stamp}-lists-server.cpuprofile`);
    const l = await runPhase<ListsConfig, ListsResult>('lists', { ...plan.lists, serverProfile: listsServerFile });
    summaryOf(`(f) the server under GET /cases list pages, ${plan.lists.sizes[0]} cases`, listsServerFile, l.profileWindows);
  }
  if (parts.has('e') && process.env.DATABASE_URL) {
    const env = { DATABASE_URL: process.env.DATABASE_URL };
    // (a) on PostgreSQL, one call at a time: the engine's side and the raw side, each alone.
    for (const only of ['engine', 'raw'] as const) {
      const sub = join(dir, `${stamp}-pg-${only}`);
      const r = await runPhase<PostgresConfig, PostgresResult>(
        'postgres',
        { ...plan.postgres, concurrency: [1], rounds: 2, http: plan.http, only },
        {
          nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${sub}`],
          env,
        },
      );
      summaryOf(`(e) PostgreSQL ${only} path, measured rounds only`, newest(sub), r.profileWindows);
    }
    const pgServerFile = join(dir, `${stamp}-pg-http-server.cpuprofile`);
    const ph = await runPhase<PostgresConfig, PostgresResult>(
      'postgres',
      {
        ...plan.postgres,
        http: { ...plan.http, rounds: 2, serverProfile: pgServerFile },
        only: 'http',
      },
      { env },
    );
    summaryOf(
      '(e) the server on PostgreSQL under POST /cases/:id/events',
      pgServerFile,
      ph.http!.events.map((x) => x.window),
    );
  }
  process.stdout.write(out.join('\n'));
  process.stdout.write(`\nProfiles and summaries are in ${dir}.\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const plan: Plan = JSON.parse(JSON.stringify(args.quick ? QUICK : FULL)) as Plan;
  if (args.growthCases) plan.engine.datasets[1].cases = args.growthCases;
  if (args.growthEntries) plan.engine.datasets[1].entries = args.growthEntries;
  if (args.auditEntries) plan.audit.entries = args.auditEntries;
  if (args.listCases) plan.lists.sizes = [plan.lists.sizes[0], args.listCases];
  if (args.profile) return profileRun(plan, args.only);

  const started = Date.now();
  const machine = describeMachine();
  const mode = args.quick ? 'quick' : 'full';
  process.stderr.write(`Compact Case Engine benchmark (${mode}) on ${machine.cpuModel}, ${machine.cores} cores, load ${machine.loadAverage.join(' ')}\n`);
  const figures: Figure[] = [];
  const phases: Record<string, unknown> = {};
  const failures: string[] = [];
  const phaseSeconds: Record<string, number> = {};
  const attempt = async <R>(name: string, run: () => Promise<R>, use: (r: R) => void) => {
    const t = Date.now();
    try {
      const r = await run();
      phaseSeconds[name] = (Date.now() - t) / 1000;
      phases[name] = r;
      use(r);
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
      process.stderr.write(`${(err as Error).message}\n`);
    }
  };

  if (args.only.has('a') || args.only.has('d')) {
    const config = { ...plan.engine, datasets: args.only.has('d') ? plan.engine.datasets : plan.engine.datasets.slice(0, 1) };
    await attempt(
      'engine',
      () => runPhase<EngineConfig, EngineResult>('engine', config),
      (r) => figures.push(...engineFigures(r, args.only)),
    );
  }
  if (args.only.has('b'))
    await attempt(
      'http',
      () => runPhase<HttpConfig, HttpResult>('http', plan.http),
      (r) => figures.push(...httpFigures(r)),
    );
  if (args.only.has('c'))
    await attempt(
      'audit',
      () => runPhase<AuditBenchConfig, AuditBenchResult>('audit', plan.audit),
      (r) => figures.push(...auditFigures(r)),
    );
  if (args.only.has('f'))
    await attempt(
      'lists',
      () => runPhase<ListsConfig, ListsResult>('lists', plan.lists, process.env.DATABASE_URL ? { env: { DATABASE_URL: process.env.DATABASE_URL } } : {}),
      (r) => figures.push(...listFigures(r)),
    );
  let postgres = 'skipped: DATABASE_URL is not set';
  if (args.only.has('e') && process.env.DATABASE_URL) {
    postgres = 'failed (see FAILED phases)';
    await attempt(
      'postgres',
      () => runPhase<PostgresConfig, PostgresResult>('postgres', { ...plan.postgres, http: plan.http }, { env: { DATABASE_URL: process.env.DATABASE_URL } }),
      (r) => {
        postgres = describePostgres(r.settings);
        figures.push(...postgresFigures(r));
      },
    );
  } else if (args.only.has('e')) {
    process.stderr.write('(e) PostgreSQL skipped: DATABASE_URL is not set\n');
  }

  const seconds = (Date.now() - started) / 1000;
  const goals = figures.filter((f) => f.goal).map((f) => ({ part: f.part, figure: f.name.trim(), goal: f.goal!.text, met: f.goal!.met }));
  const report = {
    mode,
    machine,
    loadAverageAtEnd: describeMachine().loadAverage,
    seconds,
    phaseSeconds,
    plan,
    figures,
    goals,
    postgres,
    failures,
    phases,
  };
  const results = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  copyFileSync(join(results, 'latest.json'), join(results, `latest-${mode}.json`));

  process.stdout.write(
    `\nCompact Case Engine benchmark, ${mode} mode: ${machine.cpuModel}, ${machine.cores} cores, ` +
      `${(machine.memoryBytes / 2 ** 30).toFixed(0)} GiB, Node ${machine.node}, ${machine.date}\n`,
  );
  process.stdout.write(
    `load average at start ${machine.loadAverage.join(' ')}, at end ${report.loadAverageAtEnd.join(' ')} (2 cores: above 2 means other work shared them)\n\n`,
  );
  process.stdout.write(table(figures) + '\n');
  for (const f of figures.filter((x) => x.note)) process.stdout.write(`note (${f.part}) ${f.name.trim()}: ${f.note}\n`);
  if (args.only.has('e')) process.stdout.write(`(e) PostgreSQL: ${postgres}\n`);
  const met = goals.filter((g) => g.met).length;
  const timing = Object.entries(phaseSeconds)
    .map(([k, v]) => `${k} ${v.toFixed(0)} s`)
    .join(', ');
  process.stdout.write(`\ngoals met: ${met} of ${goals.length}; ${seconds.toFixed(0)} s (${timing}); results in bench/results/latest.json\n`);
  if (failures.length) {
    process.stdout.write(`FAILED phases:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
    process.exitCode = 1;
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
