import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CasesService } from '../../src/cases/cases.service';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { AUDIT_HASH_FORMAT, auditHash } from '../../src/audit/audit-hash';
import { bootEngine, engineEnv } from '../lib/app';
import { ACTIVE, CLOSURE_PENDING, Cast, cycleStep, PAIRS, openActiveCase } from '../lib/cast';
import { random, runPhase, tempDir } from '../lib/phase';
import { nowMs } from '../lib/stats';
import type { EngineConfig } from './engine';
import type { HttpConfig, HttpResult } from './http';

/** The part of the pg package's Client used here (the app ships no types for pg). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  end(): Promise<void>;
}

export interface PostgresConfig {
  engine: EngineConfig;
  http: HttpConfig;
}

export interface PostgresResult {
  supported: boolean;
  reason?: string;
  /** Transitions per second per round, engine and raw pg. */
  engine?: number[];
  raw?: number[];
  http?: HttpResult;
}

/**
 * (e) The same (a) and (b) on PostgreSQL, on the database of DATABASE_URL (a throwaway one: the
 * benchmark adds accounts, cases and audit entries to it). The engine refuses DATABASE_URL until
 * its PostgreSQL support is built; that refusal is reported as "not supported yet", not a failure.
 */
runPhase<PostgresConfig, PostgresResult>('postgres', async (config, log) => {
  const url = process.env.DATABASE_URL;
  if (!url) return { supported: false, reason: 'DATABASE_URL is not set' };
  const dir = tempDir('pg');
  let app;
  try {
    app = await bootEngine(engineEnv(dir, { DATABASE_URL: url }), { quiet: true });
  } catch (err) {
    return { supported: false, reason: (err as Error).message.split('\n')[0] };
  }
  const tag = randomBytes(3).toString('hex');
  const cast = await Cast.create(app, tag);
  const count = config.engine.datasets[0]?.cases ?? 200;
  const cases: Array<{ id: string; pair: number }> = [];
  for (let i = 0; i < count; i++) cases.push({ id: await openActiveCase(app, cast, PAIRS[i % PAIRS.length], i), pair: i % PAIRS.length });
  const status = new Uint8Array(count).fill(ACTIVE);
  const service = app.get(CasesService);

  const { Client } = require('pg') as { Client: new (options: { connectionString: string }) => PgClient };
  const pg = new Client({ connectionString: url });
  await pg.connect();
  const rawStep = async (i: number) => {
    const c = cases[i];
    const { event, actor } = cycleStep(status[i], PAIRS[c.pair], cast);
    const active = status[i] === ACTIVE;
    await pg.query('BEGIN');
    const row = (await pg.query('SELECT * FROM "cases" WHERE "id" = $1', [c.id])).rows[0] as { version: number; snapshot: unknown };
    const now = new Date();
    const snapshot = { ...(row.snapshot as object), value: active ? 'closure_pending' : 'active' };
    const changed = await pg.query(
      'UPDATE "cases" SET "status" = $1, "snapshot" = $2, "closure_reason" = $3, "machine_version" = 1, "version" = $4, "updated_at" = $5 WHERE "id" = $6 AND "version" = $7',
      [active ? 'closure_pending' : 'active', JSON.stringify(snapshot), active ? 'discharged' : null, row.version + 1, now, c.id, row.version],
    );
    if (changed.rowCount !== 1) throw new Error('raw pg: the conditional UPDATE missed');
    const head = (await pg.query('SELECT "last_seq", "last_hash" FROM "audit_chain_head" WHERE "id" = 1 FOR UPDATE')).rows[0] as { last_seq: number; last_hash: string };
    const e = Object.assign(new AuditEntry(), {
      seq: Number(head.last_seq) + 1, occurredAt: now, actorId: actor.id, actorUsername: actor.username, actorRole: actor.role,
      actorState: actor.state, action: event.type, entityType: 'case', entityId: c.id, caseId: c.id, primaryState: PAIRS[c.pair][0],
      secondaryState: PAIRS[c.pair][1], fromState: active ? 'active' : 'closure_pending', toState: active ? 'closure_pending' : 'active',
      outcome: 'allowed' as const, reason: null, requestId: 'raw-pg', clientAddress: '127.0.0.1', hashFormat: AUDIT_HASH_FORMAT, prevHash: head.last_hash,
    });
    e.hash = auditHash(e);
    await pg.query(
      `INSERT INTO "audit_entries" ("seq", "occurred_at", "actor_id", "actor_username", "actor_role", "actor_state", "action", "entity_type",
        "entity_id", "case_id", "primary_state", "secondary_state", "from_state", "to_state", "outcome", "reason", "request_id",
        "client_address", "hash_format", "prev_hash", "hash") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)`,
      [e.seq, e.occurredAt, e.actorId, e.actorUsername, e.actorRole, e.actorState, e.action, e.entityType, e.entityId, e.caseId,
        e.primaryState, e.secondaryState, e.fromState, e.toState, e.outcome, e.reason, e.requestId, e.clientAddress, e.hashFormat, e.prevHash, e.hash],
    );
    await pg.query('UPDATE "audit_chain_head" SET "last_seq" = $1, "last_hash" = $2 WHERE "id" = 1', [e.seq, e.hash]);
    await pg.query('COMMIT');
  };
  const timed = async (seconds: number, step: (i: number) => Promise<void>, seed: number) => {
    const next = random(seed);
    let done = 0;
    const start = nowMs();
    while (nowMs() - start < seconds * 1000) {
      const i = Math.floor(next() * count);
      await step(i);
      status[i] = status[i] === ACTIVE ? CLOSURE_PENDING : ACTIVE;
      done++;
    }
    return done / ((nowMs() - start) / 1000);
  };
  const engineStep = async (i: number) => {
    const c = cases[i];
    const { event, actor } = cycleStep(status[i], PAIRS[c.pair], cast);
    await service.applyEvent(c.id, event, actor, { requestId: `bench-pg-${i}`, clientAddress: '127.0.0.1' });
  };
  const engine: number[] = [];
  const raw: number[] = [];
  await timed(config.engine.warmupSeconds, engineStep, 1);
  for (let r = 0; r < config.engine.rounds; r++) {
    engine.push(await timed(config.engine.seconds, engineStep, 10 + r));
    raw.push(await timed(config.engine.seconds, rawStep, 20 + r));
    log(`round ${r + 1}/${config.engine.rounds}: engine ${engine.at(-1)!.toFixed(0)}/s, raw pg ${raw.at(-1)!.toFixed(0)}/s`);
  }
  await pg.end();
  await app.close();

  // (b) on PostgreSQL: the HTTP phase itself, in a child with the same DATABASE_URL.
  const resultFile = join(dir, 'http.json');
  const http = await new Promise<HttpResult | undefined>((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, 'http.js'), JSON.stringify({ ...config.http, databaseUrl: url, tag: `${tag}h` }), resultFile], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => resolve(code === 0 ? (JSON.parse(readFileSync(resultFile, 'utf8')) as HttpResult) : undefined));
  });
  return { supported: true, engine, raw, http };
});
