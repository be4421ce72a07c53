import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PersistedCaseSnapshot } from '../../machines';
import { AUDIT_CONFIG, type AuditConfig } from '../../src/audit/audit-config';
import { AuditSigner } from '../../src/audit/audit-signer';
import { AuditVerifier } from '../../src/audit/audit-verifier.service';
import { CasesService } from '../../src/cases/cases.service';
import { bootEngine, engineEnv } from '../lib/app';
import type { BenchCase } from '../lib/bulk';
import { CaseCycle } from '../lib/case-cycle';
import { Cast, PAIRS, cycleStep, openActiveCase } from '../lib/cast';
import { benchSchema, connectPg, pgSettings, withPg, type PgSettings } from '../lib/pg';
import { appendHistoryPg, cloneActiveCasesPg } from '../lib/pg-bulk';
import { runPhase, tempDir } from '../lib/phase';
import { RawPgTransitions } from '../lib/raw-pg-transition';
import { timedWorkers, type EngineRun } from '../lib/timed-workers';
import type { HttpConfig, HttpResult } from './http';

export interface PostgresConfig {
  cases: number;
  entries: number;
  rounds: number;
  /** Length of one measured run, engine and raw alike. */
  seconds: number;
  warmupSeconds: number;
  /**
   * Calls in flight at once, each level measured apart. 1 is (a)'s and the goal's; PostgreSQL
   * admits concurrent writers, so a higher level shows what the chain head's row lock leaves of that.
   */
  concurrency: number[];
  http: HttpConfig;
  /** One side alone, for a CPU profile of it. */
  only?: 'engine' | 'raw' | 'lean' | 'http';
}

interface PostgresLevel {
  concurrency: number;
  /** The raw side alone, at (b)'s connections: the baseline of (b) on PostgreSQL. */
  rawOnly?: boolean;
  engine: EngineRun[];
  raw: EngineRun[];
  /** For information, at the first level only: the raw SQL unprepared (as TypeORM sends it), and the lean path. */
  unprepared: EngineRun[];
  lean: EngineRun[];
}

export interface PostgresResult {
  settings: PgSettings;
  cases: number;
  entriesBefore: number;
  seedSeconds: number;
  levels: PostgresLevel[];
  chainIntactAfter: boolean | null;
  http?: HttpResult;
  /** The measured spans, for cpuprofile-summary --windows. */
  profileWindows: Array<[number, number]>;
}

/** (b) on PostgreSQL: the HTTP phase itself, in a child of its own, on its own schema. */
function httpOnPostgres(config: HttpConfig, databaseUrl: string, resultFile: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'http.js'), JSON.stringify({ ...config, databaseUrl }), resultFile], {
      stdio: ['ignore', 'inherit', 'inherit'],
      // The engine's modules choose their column types by DATABASE_URL when first loaded.
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve(JSON.parse(readFileSync(resultFile, 'utf8')) as HttpResult)
        : reject(new Error(`(b) on PostgreSQL failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/**
 * (e) The same (a) and (b) on PostgreSQL, in schemas of the benchmark's own in the database of
 * DATABASE_URL (made empty at start, dropped at the end).
 */
runPhase<PostgresConfig, PostgresResult>('postgres', async (config, log) => {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) throw new Error('DATABASE_URL is not set');
  const settings = await pgSettings(baseUrl);
  log(
    `PostgreSQL ${settings.version} at ${settings.host}: fsync ${settings.fsync}, synchronous_commit ${settings.synchronousCommit}, full_page_writes ${settings.fullPageWrites}`,
  );
  const keep = process.env.BENCH_KEEP === '1';
  const dir = tempDir('pg');
  const levels: PostgresLevel[] = config.concurrency.map((concurrency) => ({ concurrency, engine: [], raw: [], unprepared: [], lean: [] }));
  // (b) on PostgreSQL is judged against raw prepared transitions at as many at once as it has connections.
  if (!config.only && !config.concurrency.includes(config.http.connections)) {
    levels.push({ concurrency: config.http.connections, rawOnly: true, engine: [], raw: [], unprepared: [], lean: [] });
  }
  let cases = 0;
  let entriesBefore = 0;
  let seedSeconds = 0;
  let chainIntactAfter: boolean | null = null;

  if (config.only !== 'http') {
    const schema = await benchSchema(baseUrl, 'engine');
    try {
      const started = Date.now();
      const app = await bootEngine(engineEnv(dir, { DATABASE_URL: schema.url }));
      const cast = await Cast.create(app);
      const templates: BenchCase[] = [];
      for (let p = 0; p < PAIRS.length; p++) templates.push({ id: await openActiveCase(app, cast, PAIRS[p], p), pair: p });
      const all = await withPg(schema.url, async (db) => {
        const clones = await cloneActiveCasesPg(
          db,
          templates.map((t) => t.id),
          Math.max(0, config.cases - templates.length),
          log,
        );
        const list = [...templates, ...clones];
        await appendHistoryPg(db, {
          count: config.entries,
          caseOf: (j) => list[(Math.imul(j, 2654435761) >>> 0) % list.length],
          cast,
          signer: app.get(AuditSigner),
          checkpointEvery: app.get<AuditConfig>(AUDIT_CONFIG).checkpointEvery,
          log,
        });
        return list;
      });
      const snapshots = await withPg(schema.url, async (db) =>
        (
          await db.query<{ snapshot: PersistedCaseSnapshot }>('SELECT snapshot FROM cases WHERE id = ANY($1::text[]) ORDER BY array_position($1::text[], id)', [
            templates.map((t) => t.id),
          ])
        ).rows.map((r) => r.snapshot),
      );
      const cycle = new CaseCycle(all, cast, (p) => snapshots[p]);
      cases = all.length;
      entriesBefore = await withPg(schema.url, async (db) =>
        Number((await db.query<{ last_seq: number }>('SELECT last_seq FROM audit_chain_head')).rows[0].last_seq),
      );
      seedSeconds = (Date.now() - started) / 1000;
      log(`${cases} cases, ${entriesBefore} audit entries, ready in ${seedSeconds.toFixed(1)} s`);

      const service = app.get(CasesService);
      const engineStep = (seed: number) => async (i: number) => {
        const c = all[i];
        const { event, actor } = cycleStep(cycle.status[i], PAIRS[c.pair], cast);
        await service.applyEvent(c.id, event, actor, { requestId: `bench-pg-${seed}-${i}`, clientAddress: '127.0.0.1' });
      };
      // One connection per raw worker, as the engine's pool gives each transaction its own.
      const clients = await Promise.all(Array.from({ length: Math.max(...levels.map((l) => l.concurrency)) }, () => connectPg(schema.url)));
      const raws = clients.map((db) => new RawPgTransitions(db));
      const unprepared = new RawPgTransitions(clients[0], false);
      const rawStep = async (i: number, w: number) => raws[w].run(cycle.rawStep(i));
      const unpreparedStep = async (i: number) => unprepared.run(cycle.rawStep(i));
      const leanStep = async (i: number, w: number) => {
        const c = all[i];
        const { event, actor } = cycleStep(cycle.status[i], PAIRS[c.pair], cast);
        await raws[w].runWithMachine(c.id, event, actor, PAIRS[c.pair]);
      };
      type Side = 'engine' | 'raw' | 'unprepared' | 'lean';
      const steps: Record<Side, (seed: number) => (i: number, w: number) => Promise<void>> = {
        engine: engineStep,
        raw: () => rawStep,
        unprepared: () => unpreparedStep,
        lean: () => leanStep,
      };
      // The informational sides run one call at a time only, beside (a)'s goal.
      const sidesOf = (level: PostgresLevel): Side[] =>
        config.only
          ? [config.only as Side]
          : level.rawOnly
            ? ['raw']
            : level === levels[0] && level.concurrency === 1
              ? ['engine', 'raw', 'unprepared', 'lean']
              : ['engine', 'raw'];

      for (const level of levels) {
        for (const side of sidesOf(level)) await timedWorkers(cycle, config.warmupSeconds, level.concurrency, 1, 1, steps[side](1));
      }
      for (let r = 0; r < config.rounds; r++) {
        for (const level of levels) {
          // Alternate the order, so that no side always follows the same other's writes.
          const sides = r % 2 === 0 ? sidesOf(level) : [...sidesOf(level)].reverse();
          for (const side of sides) {
            const seed = 100 * (r + 1) + sides.indexOf(side);
            level[side].push(await timedWorkers(cycle, config.seconds, level.concurrency, seed, 1, steps[side](seed)));
          }
          const show = (side: Side) => (level[side].length ? `${side} ${level[side].at(-1)!.perSecond.toFixed(0)}/s` : null);
          log(
            `round ${r + 1}/${config.rounds}, ${level.concurrency} at once: ${(['engine', 'raw', 'unprepared', 'lean'] as const).map(show).filter(Boolean).join(', ')}`,
          );
        }
      }
      for (const db of clients) await db.end();
      if (!config.only) {
        // The raw baseline wrote into the same chain as the engine: what both appended must still verify.
        const verdict = await app.get(AuditVerifier).verify({ from: entriesBefore + 1 });
        if (!verdict.ok) log(`the chain is BROKEN: ${JSON.stringify(verdict)}`);
        chainIntactAfter = verdict.ok;
      }
      await app.close();
    } finally {
      if (!keep) await schema.drop();
    }
  }

  let http: HttpResult | undefined;
  if (!config.only || config.only === 'http') {
    const schema = await benchSchema(baseUrl, 'http');
    try {
      http = await httpOnPostgres(config.http, schema.url, join(dir, 'http.json'));
    } finally {
      if (!keep) await schema.drop();
    }
  }
  return {
    settings,
    cases,
    entriesBefore,
    seedSeconds,
    levels,
    chainIntactAfter,
    http,
    profileWindows: levels.flatMap((l) => [...l.engine, ...l.raw, ...l.unprepared, ...l.lean].map((run) => run.window)),
  };
});
