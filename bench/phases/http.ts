import autocannon from 'autocannon';
import Database from '../../src/database/sqlite-driver';
import { bootEngine, engineEnv } from '../lib/app';
import { ACTIVE, BENCH_PASSWORD, Cast, CLOSURE_NOTICE, CLOSURE_PENDING, CLOSURE_REJECTED, PAIRS, STATES, openActiveCase, usernameOf } from '../lib/cast';
import { settledStatuses } from '../lib/pg';
import { EngineServer, ENGINE_MAIN, memoryOf } from '../lib/server';
import { runPhase, sleep, tempDir } from '../lib/phase';
import { nowMs, percentile } from '../lib/stats';

export interface HttpConfig {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  casesPerConnection: number;
  /** postgres://… to run the same on PostgreSQL (phase e). */
  databaseUrl?: string;
  /** Suffix of the accounts' usernames, for a database that is not fresh. */
  tag?: string;
  /** Write the server's CPU profile of the measured rounds here. */
  serverProfile?: string;
}

interface LoadRun {
  requestsPerSecond: number;
  latencyP50: number;
  latencyP99: number;
  latencyMax: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** Monotonic clock in µs (as in a .cpuprofile) at the start and end of the run. */
  window: [number, number];
  /** The latencies apart: each connection's first answer, and the answers on connections already open. */
  byConnection: ByConnection;
}

/**
 * autocannon opens every connection at the start of a run, and each connection's first answer
 * includes its wait to be accepted. libuv (Node 20 and later) accepts one connection per turn of the
 * event loop, so on a server whose turns are long that wait adds up: the 64th waits 64 turns.
 * What a user with an open connection waits is the rest.
 */
interface ByConnection {
  openP50: number;
  openP99: number;
  firstP50: number;
  firstMax: number;
}

function latenciesByConnection(run: autocannon.Instance): () => ByConnection {
  const seen = new Set<object>();
  const first: number[] = [];
  const open: number[] = [];
  run.on('response', (client, _status, _bytes, ms) => {
    if (seen.has(client)) open.push(ms);
    else {
      seen.add(client);
      first.push(ms);
    }
  });
  return () => ({ openP50: percentile(open, 50), openP99: percentile(open, 99), firstP50: percentile(first, 50), firstMax: percentile(first, 100) });
}

/**
 * What (b) loads, each at the same connections, rounds interleaved: the engine's server (its events,
 * an authenticated case read, its health probe), and the baselines the project does not control, each
 * a server of its own: a bare NestJS app on the same adapter (tools/bare-nest-server.ts) and
 * node:http (tools/bare-node-server.ts).
 */
const SIDES = ['events', 'caseRead', 'health', 'bareGet', 'barePost', 'nodeGet'] as const;
type Side = (typeof SIDES)[number];
const ENGINE_SIDES: ReadonlySet<Side> = new Set(['events', 'caseRead', 'health']);

export interface HttpResult {
  connections: number;
  cases: number;
  seedSeconds: number;
  /** POST /cases/:id/events on the engine. */
  events: LoadRun[];
  /** GET /cases/:id on the engine, with the bearer token of an officer who sees the case. */
  caseRead: LoadRun[];
  /** GET /health on the engine. */
  health: LoadRun[];
  /** The bare NestJS app: GET /ping, and POST /events with a body checked by a class-validator DTO. */
  bareGet: LoadRun[];
  barePost: LoadRun[];
  /** node:http: GET /ping. */
  nodeGet: LoadRun[];
  /** Statuses other than 200 seen on the engine's event and case routes, with a sample body (should be none). */
  unexpected: Record<string, { count: number; sample: string }>;
  serverRss: { afterRuns: number; peak: number } | null;
  /** The engine's measured runs on the monotonic clock in µs, for cpuprofile-summary of the server's profile. */
  profileWindows: Array<[number, number]>;
}

function summary(r: autocannon.Result, window: [number, number], byConnection: ByConnection): LoadRun {
  return {
    window,
    byConnection,
    requestsPerSecond: r['2xx'] / r.duration,
    latencyP50: r.latency.p50,
    latencyP99: r.latency.p99,
    latencyMax: r.latency.max,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    seconds: r.duration,
  };
}

runPhase<HttpConfig, HttpResult>('http', async (config, log) => {
  const dir = tempDir('http');
  const env = engineEnv(dir, config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {});

  // Seed through the engine's own services: accounts, then cases brought to `active` step by step.
  const started = Date.now();
  const seeder = await bootEngine(env);
  const cast = await Cast.create(seeder, config.tag);
  const caseCount = config.connections * config.casesPerConnection;
  const cases: Array<{ id: string; pair: number }> = [];
  for (let i = 0; i < caseCount; i++) cases.push({ id: await openActiveCase(seeder, cast, PAIRS[i % PAIRS.length], i), pair: i % PAIRS.length });
  await seeder.close();
  const seedSeconds = (Date.now() - started) / 1000;
  log(`${caseCount} active cases seeded through CasesService in ${seedSeconds.toFixed(1)} s`);

  const server = await EngineServer.start(env, dir, ENGINE_MAIN, config.serverProfile);
  const bare: EngineServer[] = [];
  try {
    log(`server up (pid ${server.pid}, port ${server.port})`);
    // Started after the engine's, and idle while another side is measured.
    const bareNest = await EngineServer.bare('nest', dir);
    bare.push(bareNest);
    const bareNode = await EngineServer.bare('node', dir);
    bare.push(bareNode);
    log(`bare NestJS up (pid ${bareNest.pid}), node:http up (pid ${bareNode.pid})`);
    const tokens = new Map<string, string>();
    for (const state of STATES) tokens.set(state, await server.login(usernameOf(state, 'field_officer', config.tag), BENCH_PASSWORD));

    const status = new Uint8Array(caseCount).fill(ACTIVE);
    // When a run ends, requests still in flight may or may not have been applied: read where each
    // case really is from the database (read-only, beside the server) before the next run.
    const resync = async () => {
      if (config.databaseUrl) {
        const statuses = await settledStatuses(
          config.databaseUrl,
          cases.map((c) => c.id),
        );
        cases.forEach((c, i) => (status[i] = statuses.get(c.id) === 'active' ? ACTIVE : CLOSURE_PENDING));
        return;
      }
      const db = new Database(env.SQLITE_PATH, { readonly: true, fileMustExist: true });
      // The server goes on with requests it had already read when autocannon hung up: wait until
      // the history stops growing.
      const head = db.prepare('SELECT last_seq FROM audit_chain_head WHERE id = 1');
      let last = -1;
      for (;;) {
        const seq = (head.get() as { last_seq: number }).last_seq;
        if (seq === last) break;
        last = seq;
        await sleep(150);
      }
      const read = db.prepare('SELECT status FROM cases WHERE id = ?');
      cases.forEach((c, i) => {
        status[i] = (read.get(c.id) as { status: string }).status === 'active' ? ACTIVE : CLOSURE_PENDING;
      });
      db.close();
    };
    const unexpected: HttpResult['unexpected'] = {};
    const bodies = {
      notice: JSON.stringify(CLOSURE_NOTICE),
      rejected: JSON.stringify({ type: CLOSURE_REJECTED.type, reason: CLOSURE_REJECTED.reason }),
    };
    let slices = 0;

    const eventRequest: autocannon.Request = {
      method: 'POST',
      // Per connection: autocannon deep-copies the request definitions for each connection, so this
      // object is the connection's own and outlives the context, which autocannon resets after
      // every request. It holds the cases this connection owns, so no two requests in flight touch
      // the same case, and each event is valid for the case's status.
      owner: { cases: null as number[] | null, next: 0 },
      setupRequest: (req, context) => {
        const owner = req.owner as { cases: number[] | null; next: number };
        if (!owner.cases) {
          const s = slices++ % config.connections;
          owner.cases = Array.from({ length: config.casesPerConnection }, (_, k) => s * config.casesPerConnection + k);
        }
        const i = owner.cases[owner.next++ % owner.cases.length];
        context.caseIndex = i;
        const c = cases[i];
        const [sending, receiving] = PAIRS[c.pair];
        const active = status[i] === ACTIVE;
        return {
          ...req,
          path: `/cases/${c.id}/events`,
          headers: {
            ...req.headers,
            'content-type': 'application/json',
            authorization: `Bearer ${tokens.get(active ? receiving : sending)}`,
          },
          body: active ? bodies.notice : bodies.rejected,
        };
      },
      onResponse: (code, body, context) => {
        const i = context.caseIndex as number;
        if (code === 200) {
          status[i] = status[i] === ACTIVE ? CLOSURE_PENDING : ACTIVE;
        } else {
          const entry = (unexpected[`POST /cases/:id/events ${code}`] ??= { count: 0, sample: body.slice(0, 300) });
          entry.count++;
        }
      },
    };
    // The case read: each connection reads its own slice of the cases in turn, as the events do,
    // with the token of the receiving state's officer, who sees every one of these cases.
    let readSlices = 0;
    const caseReadRequest: autocannon.Request = {
      method: 'GET',
      owner: { cases: null as number[] | null, next: 0 },
      setupRequest: (req) => {
        const owner = req.owner as { cases: number[] | null; next: number };
        if (!owner.cases) {
          const s = readSlices++ % config.connections;
          owner.cases = Array.from({ length: config.casesPerConnection }, (_, k) => s * config.casesPerConnection + k);
        }
        const c = cases[owner.cases[owner.next++ % owner.cases.length]];
        return { ...req, path: `/cases/${c.id}`, headers: { ...req.headers, authorization: `Bearer ${tokens.get(PAIRS[c.pair][1])}` } };
      },
      onResponse: (code, body) => {
        if (code !== 200) {
          const entry = (unexpected[`GET /cases/:id ${code}`] ??= { count: 0, sample: body.slice(0, 300) });
          entry.count++;
        }
      },
    };
    // The same size of body as the closure notice of the events.
    const barePostBody = bodies.notice;
    const load: Record<Side, (seconds: number) => autocannon.Instance> = {
      events: (seconds) => autocannon({ url: server.url, connections: config.connections, duration: seconds, requests: [eventRequest] }),
      caseRead: (seconds) => autocannon({ url: server.url, connections: config.connections, duration: seconds, requests: [caseReadRequest] }),
      health: (seconds) => autocannon({ url: `${server.url}/health`, connections: config.connections, duration: seconds }),
      bareGet: (seconds) => autocannon({ url: `${bareNest.url}/ping`, connections: config.connections, duration: seconds }),
      barePost: (seconds) =>
        autocannon({
          url: `${bareNest.url}/events`,
          connections: config.connections,
          duration: seconds,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: barePostBody,
        }),
      nodeGet: (seconds) => autocannon({ url: `${bareNode.url}/ping`, connections: config.connections, duration: seconds }),
    };

    for (const side of SIDES) {
      await load[side](config.warmupSeconds);
      if (side === 'events') await resync();
    }
    for (const k of Object.keys(unexpected)) delete unexpected[k];
    const runs = Object.fromEntries(SIDES.map((side) => [side, [] as LoadRun[]])) as Record<Side, LoadRun[]>;
    for (let r = 0; r < config.rounds; r++) {
      // Alternate the order, so that no side always follows the same other.
      const order = r % 2 === 0 ? SIDES : [...SIDES].reverse();
      for (const side of order) {
        const t0 = nowMs();
        const run = load[side](config.seconds);
        const byConnection = latenciesByConnection(run);
        const result = await run;
        if (side === 'events') await resync();
        runs[side].push(summary(result, [t0 * 1000, t0 * 1000 + config.seconds * 1e6], byConnection()));
      }
      const show = (side: Side) => {
        const x = runs[side].at(-1)!;
        return `${side} ${x.requestsPerSecond.toFixed(0)}/s p99 ${x.latencyP99} ms${x.non2xx ? ` (non-2xx ${x.non2xx})` : ''}`;
      };
      log(`round ${r + 1}/${config.rounds}: ${SIDES.map(show).join('; ')}`);
    }
    log('runs done');
    const mem = memoryOf(server.pid);
    return {
      connections: config.connections,
      cases: caseCount,
      seedSeconds,
      ...runs,
      unexpected,
      serverRss: mem ? { afterRuns: mem.rss, peak: mem.peakRss } : null,
      profileWindows: SIDES.filter((side) => ENGINE_SIDES.has(side)).flatMap((side) => runs[side].map((x) => x.window)),
    };
  } finally {
    for (const b of bare) await b.stop();
    await server.stop();
  }
});
