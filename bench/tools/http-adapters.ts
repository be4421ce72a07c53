/**
 * Express or Fastify, chosen by measurement: the load of part (b) against the engine's API
 * on each adapter (tools/adapter-server.ts), in the same run, rounds interleaved, and beside them the
 * engine's real server (dist/src/main.js: AppModule with the web console, on Express) as the
 * benchmark runs it. For each: POST /cases/:id/events and GET /health at 64 connections, requests
 * per second, p50 and p99, and the server's own CPU time per request (from /proc/<pid>/stat), which
 * the other work on a shared machine colours much less than a rate.
 *
 *   npm run bench -- --only b            # builds dist/ when stale; then:
 *   FASTIFY_ADAPTER=… node dist/bench/tools/http-adapters.js [--rounds 4] [--seconds 5] [--cases-per-connection 4]
 *     [--connections 64] [--server before=/elsewhere/dist/src/main.js] [--engine-only]   (another build's server beside them)
 *
 * (See adapter-server.ts for how to make @nestjs/platform-fastify available without adding it to the
 * engine's dependencies; without it, Fastify is left out and said so.) Each server has its own copy
 * of the same seeded database.
 */
import autocannon from 'autocannon';
import Database from '../../src/database/sqlite-driver';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootEngine, engineEnv } from '../lib/app';
import { ACTIVE, BENCH_PASSWORD, Cast, CLOSURE_NOTICE, CLOSURE_PENDING, CLOSURE_REJECTED, PAIRS, STATES, openActiveCase, usernameOf } from '../lib/cast';
import { sleep, tempDir } from '../lib/phase';
import { EngineServer, ENGINE_MAIN } from '../lib/server';
import { median } from '../lib/stats';

const ADAPTER_SERVER = join(__dirname, 'adapter-server.js');

interface Options {
  /** More servers to load the same way, e.g. an earlier build: `--server before=/elsewhere/dist/src/main.js`. */
  servers: Array<{ name: string; main: string }>;
  /** `--engine-only`: the engine's servers alone, without the API module on either adapter. */
  engineOnly: boolean;
  rounds: number;
  seconds: number;
  connections: number;
  casesPerConnection: number;
}

interface Run {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  cpuMsPerRequest: number;
}

/** The process's user + system CPU time in ms (Linux). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** One server under test, with its own database and its own view of where each case is. */
class Target {
  readonly status: Uint8Array;
  /** Answers other than 200 to the events, by status, with a sample body (there should be none). */
  readonly unexpected: Record<string, { count: number; sample: string }> = {};
  private tokens = new Map<string, string>();

  constructor(
    readonly name: string,
    readonly server: EngineServer,
    private readonly sqlitePath: string,
    private readonly cases: ReadonlyArray<{ id: string; pair: number }>,
  ) {
    this.status = new Uint8Array(cases.length).fill(ACTIVE);
  }

  async signIn(): Promise<void> {
    for (const state of STATES) this.tokens.set(state, await this.server.login(usernameOf(state, 'field_officer'), BENCH_PASSWORD));
  }

  /** The part (b) load: each connection owns its cases, so every event is valid for its case. */
  eventRequest(o: Options): autocannon.Request {
    let slices = 0;
    const notice = JSON.stringify(CLOSURE_NOTICE);
    const rejected = JSON.stringify({ type: CLOSURE_REJECTED.type, reason: CLOSURE_REJECTED.reason });
    return {
      method: 'POST',
      owner: { cases: null as number[] | null, next: 0 },
      setupRequest: (req, context) => {
        const owner = req.owner as { cases: number[] | null; next: number };
        if (!owner.cases) {
          const s = slices++ % o.connections;
          owner.cases = Array.from({ length: o.casesPerConnection }, (_, k) => s * o.casesPerConnection + k);
        }
        const i = owner.cases[owner.next++ % owner.cases.length];
        context.caseIndex = i;
        const [sending, receiving] = PAIRS[this.cases[i].pair];
        const active = this.status[i] === ACTIVE;
        return {
          ...req,
          path: `/cases/${this.cases[i].id}/events`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${this.tokens.get(active ? receiving : sending)}` },
          body: active ? notice : rejected,
        };
      },
      onResponse: (code, body, context) => {
        const i = context.caseIndex as number;
        if (code === 200) this.status[i] = this.status[i] === ACTIVE ? CLOSURE_PENDING : ACTIVE;
        else (this.unexpected[code] ??= { count: 0, sample: body.slice(0, 300) }).count++;
      },
    };
  }

  async measure(kind: 'events' | 'health', o: Options): Promise<Run> {
    const cpu0 = cpuMsOf(this.server.pid);
    const r =
      kind === 'events'
        ? await autocannon({ url: this.server.url, connections: o.connections, duration: o.seconds, requests: [this.eventRequest(o)] })
        : await autocannon({ url: `${this.server.url}/health`, connections: o.connections, duration: o.seconds });
    if (kind === 'events') await this.resync();
    const cpu = cpuMsOf(this.server.pid) - cpu0;
    return { rps: r['2xx'] / r.duration, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, cpuMsPerRequest: cpu / Math.max(1, r.requests.total) };
  }

  /** Requests in flight when a run ends may or may not have been applied: read each case's status back. */
  private async resync(): Promise<void> {
    const db = new Database(this.sqlitePath, { readonly: true, fileMustExist: true });
    const head = db.prepare('SELECT last_seq FROM audit_chain_head WHERE id = 1');
    for (let last = -1; ; await sleep(150)) {
      const seq = (head.get() as { last_seq: number }).last_seq;
      if (seq === last) break;
      last = seq;
    }
    const read = db.prepare('SELECT status FROM cases WHERE id = ?');
    this.cases.forEach((c, i) => (this.status[i] = (read.get(c.id) as { status: string }).status === 'active' ? ACTIVE : CLOSURE_PENDING));
    db.close();
  }
}

function parse(argv: string[]): Options {
  const num = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const servers = argv
    .flatMap((a, i) => (a === '--server' ? [argv[i + 1]] : []))
    .map((spec) => {
      const [name, main] = spec.split('=');
      return { name: `${name} (${main})`, main };
    });
  return {
    servers,
    engineOnly: argv.includes('--engine-only'),
    rounds: num('--rounds', 4),
    seconds: num('--seconds', 5),
    connections: num('--connections', 64),
    casesPerConnection: num('--cases-per-connection', 4),
  };
}

function fastifyAvailable(): boolean {
  try {
    require.resolve(process.env.FASTIFY_ADAPTER ?? '@nestjs/platform-fastify');
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`[adapters] ${line}\n`);
  const seedDir = tempDir('adapters');
  const seedEnv = engineEnv(seedDir);
  const seeder = await bootEngine(seedEnv, { quiet: true });
  const cast = await Cast.create(seeder);
  const cases: Array<{ id: string; pair: number }> = [];
  for (let i = 0; i < o.connections * o.casesPerConnection; i++) {
    cases.push({ id: await openActiveCase(seeder, cast, PAIRS[i % PAIRS.length], i), pair: i % PAIRS.length });
  }
  await seeder.close();
  log(`${cases.length} active cases seeded`);

  const variants: Array<{ name: string; main: string; adapter?: string }> = [
    { name: 'express (engine server: AppModule with the console)', main: ENGINE_MAIN },
    ...o.servers,
  ];
  if (!o.engineOnly) variants.push({ name: 'express (API module)', main: ADAPTER_SERVER, adapter: 'express' });
  if (o.engineOnly) log('--engine-only: no API module on either adapter');
  else if (fastifyAvailable()) variants.push({ name: 'fastify (API module)', main: ADAPTER_SERVER, adapter: 'fastify' });
  else log('@nestjs/platform-fastify not found (set FASTIFY_ADAPTER, see adapter-server.ts): Fastify left out');

  const targets: Target[] = [];
  try {
    for (const [k, v] of variants.entries()) {
      const dir = tempDir(`adapters-${k}`);
      const env = engineEnv(dir, v.adapter ? { BENCH_ADAPTER: v.adapter } : {});
      // The same seeded database (closed, so its WAL is checkpointed) and the same signing key.
      copyFileSync(seedEnv.SQLITE_PATH, env.SQLITE_PATH);
      if (existsSync(seedEnv.AUDIT_SIGNING_KEY_FILE)) copyFileSync(seedEnv.AUDIT_SIGNING_KEY_FILE, env.AUDIT_SIGNING_KEY_FILE);
      const target = new Target(v.name, await EngineServer.start(env, dir, v.main), env.SQLITE_PATH, cases);
      targets.push(target);
      await target.signIn();
      // Warm-up: the JIT and the page cache, before anything counts.
      await target.measure('events', { ...o, seconds: 2 });
      await target.measure('health', { ...o, seconds: 1 });
      log(`${v.name}: up and warm (pid ${target.server.pid})`);
    }
    const runs = new Map(targets.map((t) => [t, { events: [] as Run[], health: [] as Run[] }]));
    for (let r = 0; r < o.rounds; r++) {
      // Interleaved, each round in another order, so that a burst of other work on the machine
      // does not fall on one adapter only.
      const order = targets.map((_, k) => targets[(k + r) % targets.length]);
      for (const t of order) {
        for (const kind of r % 2 === 0 ? (['events', 'health'] as const) : (['health', 'events'] as const)) {
          const run = await t.measure(kind, o);
          runs.get(t)![kind].push(run);
          log(
            `round ${r + 1}/${o.rounds} ${t.name} ${kind}: ${run.rps.toFixed(0)}/s p50 ${run.p50} ms p99 ${run.p99} ms, ${run.cpuMsPerRequest.toFixed(2)} ms CPU/request${run.non2xx ? `, ${run.non2xx} non-2xx` : ''}`,
          );
        }
      }
    }
    const lines = [
      `\n${o.connections} connections, ${cases.length} cases, ${o.rounds} rounds of ${o.seconds} s; medians over the rounds [min–max of the events/health ratio]`,
      'server                                                events/s  p50   p99    CPU ms/req | health/s  p50   p99   CPU ms/req | ratio',
    ];
    for (const t of targets) {
      const { events, health } = runs.get(t)!;
      const m = (xs: Run[], f: (r: Run) => number) => median(xs.map(f));
      const ratios = events.map((e, k) => e.rps / health[k].rps);
      lines.push(
        `${t.name.padEnd(52)}  ${m(events, (r) => r.rps)
          .toFixed(0)
          .padStart(7)}  ${m(events, (r) => r.p50)
          .toFixed(0)
          .padStart(4)}  ${m(events, (r) => r.p99)
          .toFixed(0)
          .padStart(5)}  ${m(events, (r) => r.cpuMsPerRequest)
          .toFixed(2)
          .padStart(9)} |` +
          ` ${m(health, (r) => r.rps)
            .toFixed(0)
            .padStart(8)}  ${m(health, (r) => r.p50)
            .toFixed(0)
            .padStart(4)}  ${m(health, (r) => r.p99)
            .toFixed(0)
            .padStart(4)}  ${m(health, (r) => r.cpuMsPerRequest)
            .toFixed(2)
            .padStart(9)}  |` +
          ` ${median(ratios).toFixed(2)} [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`,
      );
    }
    for (const t of targets) {
      for (const [code, u] of Object.entries(t.unexpected)) lines.push(`${t.name}: ${u.count} answers ${code} to events, e.g. ${u.sample}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    for (const t of targets) await t.server.stop();
  }
  process.exit(0);
}

void main();
