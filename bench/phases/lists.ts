import { addCalendarDays, compactDateOf } from '../../machines';
import { ComplianceTallyFolds } from '../../src/deadlines/compliance-tally-folds';
import { bootEngine, engineEnv } from '../lib/app';
import { cloneActivities, cloneActivitiesPg, startActivitiesOf } from '../lib/activity-clones';
import { activeOf, cloneActiveCases, closeBulk, openForBulk, type BenchCase, type CloneReopens } from '../lib/bulk';
import { BENCH_PASSWORD, Cast, PAIRS, openActiveCase, openClosedCaseWithReopenRequest, usernameOf } from '../lib/cast';
import { SequentialClient } from '../lib/http-client';
import { benchSchema, withPg } from '../lib/pg';
import { cloneActiveCasesPg } from '../lib/pg-bulk';
import { runPhase, tempDir } from '../lib/phase';
import { EngineServer, ENGINE_MAIN } from '../lib/server';
import { nowMs, percentile } from '../lib/stats';

export interface ListsConfig {
  /** Each size on a database of its own, the cases all active (clones of cases the engine brought there). */
  sizes: number[];
  /** Requests of each kind of page at each size, interleaved with GET /health. */
  requests: number;
  /** Deadlines written for each cloned case (at most 10): 5 gives the issue's 5M deadlines at 1M cases. */
  deadlinesPerCase: number;
  /** Write the server's CPU profile here (the first size on SQLite only), for `--profile`. */
  serverProfile?: string;
}

interface ListKind {
  /** The route and who asks, shared by the kinds that follow it: `GET /workload?limit=20 as TX compact office`. */
  route: string;
  kind: string;
  p50: number;
  p99: number;
  /** Items on the page asked for (a search that finds nothing shows 0); for a report, what `itemsAre` says. */
  items: number;
  itemsAre: string;
  /** Requests measured: fewer than `requests` for a kind that used up its time (KIND_BUDGET_MS). */
  requests: number;
}

interface ListsSize {
  engine: 'sqlite' | 'postgres';
  cases: number;
  seedSeconds: number;
  deadlines: number;
  kinds: ListKind[];
  health: { p50: number; p99: number };
  non200: number;
}

export interface ListsResult {
  sizes: ListsSize[];
  /** The rounds asked for (ListsConfig.requests). */
  requests: number;
  /** Each measured list request on the monotonic clock in µs, for cpuprofile-summary of the server's profile. */
  profileWindows: Array<[number, number]>;
}

const FIRST = ['Ann', 'José', 'Mary', 'Luis', 'Zoë', 'Omar', 'Lena', 'Ravi', 'Ines', 'Tom'];
// Fifty surnames: a search by one of them matches a fiftieth of the cases.
const LAST = Array.from(
  { length: 50 },
  (_, i) => `${['Smith', 'Núñez', 'Okafor', 'Berg', 'Kowalski'][i % 5]}${i < 5 ? '' : String.fromCharCode(97 + Math.floor(i / 5))}`,
);
const nameOf = (i: number) => `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;

/** One kind of request measured: its name, its path and query, and how many items its answer holds. */
interface Kind {
  kind: string;
  path: string;
  count?: (body: string) => number;
}

/** Kinds of one route, asked with one user's token. */
interface Route {
  route: string;
  auth: Record<string, string>;
  /** What `count` counts, when not the items of a page. */
  itemsAre?: string;
  kinds: Kind[];
}

/**
 * A kind stops being asked once its measured requests have taken this long (after three at least):
 * at 1M cases a compliance report takes seconds, and twenty of each would be most of the run.
 */
const KIND_BUDGET_MS = 30_000;
const FEWEST_REQUESTS = 3;

/** One clone in this many is a closed case with a reopen request (CloneReopens): 20,000 at a million cases, 2,000 of them pending. */
const CLOSED_EVERY = 50;

const pageItems = (body: string) => (JSON.parse(body) as { items?: unknown[] }).items?.length ?? -1;

/**
 * (f) Lists: GET /cases?limit=20 as Texas's officer (a third of the cases are Texas's), one request
 * at a time, in each kind the API and the console offer, at each size, beside GET /health; then the
 * lists over the cases' deadlines (workloads as that officer and as Texas's compact office, the
 * compliance report of a year and the deadlines behind it), the activities across the state's cases
 * (one an active case, copies of those the engine started), the compact office's queue of reopen
 * requests, and the console's first pages for that office. On SQLite, and on PostgreSQL too when DATABASE_URL is set (in a schema of its own,
 * dropped after).
 */
runPhase<ListsConfig, ListsResult>('lists', async (config, log) => {
  const result: ListsResult = { sizes: [], requests: config.requests, profileWindows: [] };
  const baseUrl = process.env.DATABASE_URL;
  // Each engine is given its database in the environment of its own boot and server, SQLite's none.
  delete process.env.DATABASE_URL;
  const engines = baseUrl && !config.serverProfile ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);
  for (const engine of engines)
    for (const size of config.serverProfile ? config.sizes.slice(0, 1) : config.sizes) {
      const schema = engine === 'postgres' ? await benchSchema(baseUrl!, 'lists') : null;
      try {
        result.sizes.push(await measured(engine, size, schema?.url, config, log, result.profileWindows));
      } finally {
        // BENCH_KEEP=1 leaves the schema behind for a look at its plans, as it leaves the files.
        if (process.env.BENCH_KEEP !== '1') await schema?.drop();
      }
    }
  return result;
});

async function measured(
  engine: 'sqlite' | 'postgres',
  size: number,
  databaseUrl: string | undefined,
  config: ListsConfig,
  log: (line: string) => void,
  profileWindows: Array<[number, number]>,
): Promise<ListsSize> {
  const dir = tempDir('lists');
  const env = engineEnv(dir, databaseUrl ? { DATABASE_URL: databaseUrl } : {});
  const started = Date.now();
  const app = await bootEngine(env, { quiet: true });
  const cast = await Cast.create(app);
  const templates: string[] = [];
  for (let p = 0; p < PAIRS.length; p++) templates.push(await openActiveCase(app, cast, PAIRS[p], p));
  // The reopen requests' templates: per pair, a closed case whose request is pending and one whose request was denied.
  const closedTemplates: CloneReopens['templates'][number][] = [];
  for (let p = 0; p < PAIRS.length; p++) {
    const n = PAIRS.length * (2 + 2 * p);
    closedTemplates.push({
      pending: await openClosedCaseWithReopenRequest(app, cast, PAIRS[p], n, false),
      denied: await openClosedCaseWithReopenRequest(app, cast, PAIRS[p], n + 1, true),
    });
  }
  // The activities' templates: per pair, those of its active case, one of which each active clone copies.
  const activityTemplates: string[][] = [];
  for (let p = 0; p < PAIRS.length; p++) activityTemplates.push(await startActivitiesOf(app, cast, templates[p], PAIRS[p]));
  await app.close();
  const made = templates.length + 2 * closedTemplates.length;
  const count = Math.max(0, size - made);
  const deadlinesOf = { deadlinesPerCase: config.deadlinesPerCase, cast };
  const reopens = { every: CLOSED_EVERY, templates: closedTemplates };
  let clones: BenchCase[];
  if (databaseUrl) {
    clones = await withPg(databaseUrl, async (db) => {
      const cloned = await cloneActiveCasesPg(db, templates, count, log, nameOf, deadlinesOf, reopens);
      await cloneActivitiesPg(db, cloned, activityTemplates, log);
      await db.query('ANALYZE');
      return cloned;
    });
  } else {
    const bulk = openForBulk(env.SQLITE_PATH);
    clones = cloneActiveCases(bulk, templates, count, log, nameOf, deadlinesOf, reopens);
    cloneActivities(bulk, clones, activityTemplates, log);
    bulk.exec('ANALYZE');
    closeBulk(bulk);
  }
  // The deadlines' triggers appended a change of the compliance counts for each: folded once, as a
  // running server keeps them, so that the reports measured read the tallies (here, not at the boot, to count them).
  const folding = await bootEngine({ ...env, COMPLIANCE_FOLD_EVERY_SECONDS: '0' }, { quiet: true });
  const foldStarted = Date.now();
  const folded = await folding.get(ComplianceTallyFolds).fold();
  await folding.close();
  // bootEngine leaves its environment in the process's: the server measured folds as any does.
  delete process.env.COMPLIANCE_FOLD_EVERY_SECONDS;
  log(`  ${folded} compliance changes folded in ${((Date.now() - foldStarted) / 1000).toFixed(1)} s`);
  const seedSeconds = (Date.now() - started) / 1000;
  const deadlines = activeOf(clones).length * config.deadlinesPerCase;
  log(`${engine}: ${size} cases and ${deadlines} deadlines ready in ${seedSeconds.toFixed(1)} s`);

  const server = await EngineServer.start(env, dir, ENGINE_MAIN, config.serverProfile);
  try {
    const officer = { authorization: `Bearer ${await server.login(usernameOf('TX', 'field_officer'), BENCH_PASSWORD)}` };
    const office = { authorization: `Bearer ${await server.login(usernameOf('TX', 'compact_office'), BENCH_PASSWORD)}` };
    const officeConsole = { cookie: await server.consoleLogin(usernameOf('TX', 'compact_office'), BENCH_PASSWORD) };
    const client = new SequentialClient(server.url);
    const cursorOf = async (path: string, auth: Record<string, string>) =>
      encodeURIComponent((JSON.parse((await client.get(path, auth)).body) as { nextCursor: string | null }).nextCursor ?? '');
    const texan = clones.findIndex((c) => PAIRS[c.pair][0] === 'TX');
    const numberOf = (i: number) => `TX-2026-B${i.toString(36).toUpperCase().padStart(8, '0')}`;
    const cases = '/cases?limit=20';
    const workload = '/workload?limit=20';
    const activities = '/activities?limit=20';
    // A year of due dates up to today, Eastern, as a commissioner would ask for it.
    const today = compactDateOf(new Date());
    const year = `from=${addCalendarDays(today, -365)}&to=${today}`;
    const routes: Route[] = [
      {
        route: 'GET /cases?limit=20 as TX field officer',
        auth: officer,
        kinds: [
          ['first page', ''],
          ['next page', `&cursor=${await cursorOf(cases, officer)}`],
          ['status=active', '&status=active'],
          ['status=closed (one case in 50)', '&status=closed'],
          ['status=draft (none)', '&status=draft'],
          ['side=sending', '&side=sending'],
          ['side=receiving', '&side=receiving'],
          ['sort=due', '&sort=due'],
          ['sort=due, next page', `&sort=due&cursor=${await cursorOf(`${cases}&sort=due`, officer)}`],
          ['q=<surname> (1 in 50)', `&q=${encodeURIComponent(LAST[7])}`],
          ['q=<first name and surname start>', `&q=${encodeURIComponent(`jos ${LAST[1].slice(0, 3)}`)}`],
          ['q=<case number>', `&q=${numberOf(texan)}`],
          ['q=<case number start>', `&q=${numberOf(texan).slice(0, -1)}`],
          ['q=<no match>', '&q=Xylophone'],
        ].map(([kind, query]) => ({ kind, path: `${cases}${query}` })),
      },
      {
        route: 'GET /workload?limit=20 as TX field officer',
        auth: officer,
        kinds: [
          { kind: 'own (first page)', path: workload },
          { kind: 'own, next page', path: `${workload}&cursor=${await cursorOf(workload, officer)}` },
        ],
      },
      {
        route: 'GET /workload?limit=20 as TX compact office',
        auth: office,
        kinds: [
          { kind: "the state's (first page)", path: workload },
          { kind: 'assignee=none', path: `${workload}&assignee=none` },
          { kind: 'overdue=true', path: `${workload}&overdue=true` },
          // A limit in calendar days, and one in business days: a business day's count of days left walks the calendar.
          { kind: 'rule=TREP (calendar days)', path: `${workload}&rule=TREP` },
          { kind: 'rule=CCN (business days)', path: `${workload}&rule=CCN` },
          { kind: "the state's, next page", path: `${workload}&cursor=${await cursorOf(workload, office)}` },
        ],
      },
      {
        route: 'GET /activities?limit=20 as TX compact office',
        auth: office,
        kinds: [
          { kind: 'every activity (first page)', path: activities },
          { kind: 'every activity, next page', path: `${activities}&cursor=${await cursorOf(activities, office)}` },
          { kind: 'side=receiving', path: `${activities}&side=receiving` },
          { kind: 'kind=violation_report&status=reported', path: `${activities}&kind=violation_report&status=reported` },
          { kind: 'kind=warrant&open=true', path: `${activities}&kind=warrant&open=true` },
          // Every kind's open statuses: a walk of each, on each side.
          { kind: 'open=true', path: `${activities}&open=true` },
          { kind: 'sort=waiting', path: `${activities}&sort=waiting` },
        ],
      },
      {
        route: 'GET /compliance, a year, as TX compact office',
        auth: office,
        itemsAre: 'TX deadlines due',
        kinds: [
          { kind: 'report (JSON)', path: `/compliance?${year}`, count: dueInReport },
          { kind: 'format=csv', path: `/compliance?${year}&format=csv`, count: dueInCsv },
        ],
      },
      {
        route: 'GET /compliance/deadlines?limit=20, a year, as TX compact office',
        auth: office,
        kinds: [
          { kind: 'measure=transfer_reply', path: `/compliance/deadlines?measure=transfer_reply&${year}&limit=20` },
          { kind: 'measure=transfer_reply&outcome=late', path: `/compliance/deadlines?measure=transfer_reply&outcome=late&${year}&limit=20` },
        ],
      },
      {
        route: 'GET /reopen-requests?limit=20 as TX compact office',
        auth: office,
        kinds: [
          { kind: 'the review queue (status=pending)', path: '/reopen-requests?limit=20&status=pending' },
          { kind: 'status=denied', path: '/reopen-requests?limit=20&status=denied' },
          { kind: 'every status, both sides', path: '/reopen-requests?limit=20' },
          { kind: 'every status, next page', path: `/reopen-requests?limit=20&cursor=${await cursorOf('/reopen-requests?limit=20', office)}` },
        ],
      },
      {
        // The pages a compact office opens first: each part of My work and of the queue reads its first 50.
        route: 'the console as TX compact office',
        auth: officeConsole,
        itemsAre: 'table rows',
        kinds: [
          { kind: 'My work (/console/my-work)', path: '/console/my-work', count: tableRows },
          { kind: 'the queue (/console/queue)', path: '/console/queue', count: tableRows },
          { kind: 'the cases (/console/cases)', path: '/console/cases', count: tableRows },
          { kind: 'the activities (/console/activities)', path: '/console/activities', count: tableRows },
        ],
      },
    ];
    const all = routes.flatMap((r) => r.kinds.map((k) => ({ ...k, route: r })));
    const samples = all.map((): number[] => []);
    const items = all.map(() => -1);
    const health: number[] = [];
    let non200 = 0;
    for (let r = -2; r < config.requests; r++) {
      for (const [k, { path, route, count }] of all.entries()) {
        if (samples[k].length >= FEWEST_REQUESTS && samples[k].reduce((a, b) => a + b, 0) > KIND_BUDGET_MS) continue;
        const startedUs = nowMs() * 1000;
        const res = await client.get(path, route.auth);
        if (r >= 0) profileWindows.push([startedUs, nowMs() * 1000]);
        if (res.status !== 200) {
          non200++;
          if (non200 === 1) log(`GET ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
        }
        // Two rounds of warm-up first.
        if (r >= 0) samples[k].push(res.ms);
        else if (res.status === 200) items[k] = (count ?? pageItems)(res.body);
        const h = await client.get('/health');
        if (r >= 0) health.push(h.ms);
      }
    }
    client.close();
    const at: ListsSize = {
      engine,
      cases: size,
      seedSeconds,
      deadlines,
      kinds: all.map(({ kind, route }, k) => ({
        route: route.route,
        kind,
        p50: percentile(samples[k], 50),
        p99: percentile(samples[k], 99),
        items: items[k],
        itemsAre: route.itemsAre ?? 'items',
        requests: samples[k].length,
      })),
      health: { p50: percentile(health, 50), p99: percentile(health, 99) },
      non200,
    };
    log(`${engine}, ${size} cases, ${deadlines} deadlines: GET /health p50 ${at.health.p50.toFixed(2)} ms; ${non200} answers not 200`);
    for (const k of at.kinds)
      log(`  ${k.route}: ${k.kind}: p50 ${k.p50.toFixed(2)} ms, p99 ${k.p99.toFixed(2)} ms of ${k.requests} (${k.items} ${k.itemsAre})`);
    return at;
  } finally {
    await server.stop();
  }
}

/** The rows of a console page's tables (their bodies'), for what it shows. */
function tableRows(body: string): number {
  return (body.match(/<tbody>[\s\S]*?<\/tbody>/g) ?? []).reduce((n, table) => n + (table.match(/<tr\b/g)?.length ?? 0), 0);
}

/** The deadlines the state owed over the whole range, every measure (cancelled ones left out, as the report does). */
function dueInReport(body: string): number {
  const report = JSON.parse(body) as { overall: { measures: { state: { due: number } }[] } };
  return report.overall.measures.reduce((n, m) => n + m.state.due, 0);
}

/** The same from the CSV: the whole range's lines, by the header's column names. */
function dueInCsv(body: string): number {
  const [header, ...lines] = body
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const [period, due] = ['period', 'due'].map((c) => header.indexOf(c));
  return lines.filter((cells) => cells[period].startsWith('from ')).reduce((n, cells) => n + Number(cells[due]), 0);
}
