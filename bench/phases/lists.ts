import { bootEngine, engineEnv } from '../lib/app';
import { cloneActiveCases, closeBulk, openForBulk, type BenchCase } from '../lib/bulk';
import { BENCH_PASSWORD, Cast, PAIRS, openActiveCase, usernameOf } from '../lib/cast';
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
  /** Write the server's CPU profile here (the first size on SQLite only), for `--profile`. */
  serverProfile?: string;
}

interface ListKind {
  kind: string;
  p50: number;
  p99: number;
  /** Items on the page asked for: a search that finds nothing shows 0. */
  items: number;
}

interface ListsSize {
  engine: 'sqlite' | 'postgres';
  cases: number;
  seedSeconds: number;
  kinds: ListKind[];
  health: { p50: number; p99: number };
  non200: number;
}

export interface ListsResult {
  sizes: ListsSize[];
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

/**
 * (f) Lists: GET /cases?limit=20 as Texas's officer (a third of the cases are Texas's), one request
 * at a time, in each kind the API and the console offer, at each size, beside GET /health; on
 * SQLite, and on PostgreSQL too when DATABASE_URL is set (in a schema of its own, dropped after).
 */
runPhase<ListsConfig, ListsResult>('lists', async (config, log) => {
  const result: ListsResult = { sizes: [], profileWindows: [] };
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
        await schema?.drop();
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
  await app.close();
  const count = Math.max(0, size - templates.length);
  let clones: BenchCase[];
  if (databaseUrl) {
    clones = await withPg(databaseUrl, async (db) => {
      const made = await cloneActiveCasesPg(db, templates, count, log, nameOf);
      await db.query('ANALYZE');
      return made;
    });
  } else {
    const bulk = openForBulk(env.SQLITE_PATH);
    clones = cloneActiveCases(bulk, templates, count, log, nameOf);
    bulk.exec('ANALYZE');
    closeBulk(bulk);
  }
  const seedSeconds = (Date.now() - started) / 1000;
  log(`${engine}: ${size} cases ready in ${seedSeconds.toFixed(1)} s`);

  const server = await EngineServer.start(env, dir, ENGINE_MAIN, config.serverProfile);
  try {
    const auth = { authorization: `Bearer ${await server.login(usernameOf('TX', 'field_officer'), BENCH_PASSWORD)}` };
    const client = new SequentialClient(server.url);
    const texan = clones.findIndex((c) => PAIRS[c.pair][0] === 'TX') + templates.length;
    const numberOf = (i: number) => `TX-2026-B${(i - templates.length).toString(36).toUpperCase().padStart(8, '0')}`;
    const first = JSON.parse((await client.get('/cases?limit=20', auth)).body) as { nextCursor: string };
    const firstDue = JSON.parse((await client.get('/cases?limit=20&sort=due', auth)).body) as { nextCursor: string };
    const kinds: Array<[string, string]> = [
      ['first page', ''],
      ['next page', `&cursor=${first.nextCursor}`],
      ['status=active', '&status=active'],
      ['status=closed (none)', '&status=closed'],
      ['side=sending', '&side=sending'],
      ['side=receiving', '&side=receiving'],
      ['sort=due', '&sort=due'],
      ['sort=due, next page', `&sort=due&cursor=${firstDue.nextCursor}`],
      ['q=<surname> (1 in 50)', `&q=${encodeURIComponent(LAST[7])}`],
      ['q=<first name and surname start>', `&q=${encodeURIComponent(`jos ${LAST[1].slice(0, 3)}`)}`],
      ['q=<case number>', `&q=${numberOf(texan)}`],
      ['q=<case number start>', `&q=${numberOf(texan).slice(0, -1)}`],
      ['q=<no match>', '&q=Xylophone'],
    ];
    const samples = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
    const items = new Map<string, number>();
    const health: number[] = [];
    let non200 = 0;
    for (let r = -2; r < config.requests; r++) {
      for (const [kind, query] of kinds) {
        const startedUs = nowMs() * 1000;
        const res = await client.get(`/cases?limit=20${query}`, auth);
        if (r >= 0) profileWindows.push([startedUs, nowMs() * 1000]);
        if (res.status !== 200) {
          non200++;
          if (non200 === 1) log(`GET /cases?limit=20${query} answered ${res.status}: ${res.body.slice(0, 300)}`);
        }
        // Two rounds of warm-up first.
        if (r >= 0) samples.get(kind)!.push(res.ms);
        else items.set(kind, (JSON.parse(res.body) as { items?: unknown[] }).items?.length ?? -1);
        const h = await client.get('/health');
        if (r >= 0) health.push(h.ms);
      }
    }
    client.close();
    const at: ListsSize = {
      engine,
      cases: size,
      seedSeconds,
      kinds: kinds.map(([kind]) => ({ kind, p50: percentile(samples.get(kind)!, 50), p99: percentile(samples.get(kind)!, 99), items: items.get(kind) ?? -1 })),
      health: { p50: percentile(health, 50), p99: percentile(health, 99) },
      non200,
    };
    log(`${engine}, ${size} cases: GET /health p50 ${at.health.p50.toFixed(2)} ms`);
    for (const k of at.kinds) log(`  ${k.kind}: p50 ${k.p50.toFixed(2)} ms, p99 ${k.p99.toFixed(2)} ms (${k.items} items)`);
    return at;
  } finally {
    await server.stop();
  }
}
