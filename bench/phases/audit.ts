import type Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { AUDIT_CONFIG, type AuditConfig } from '../../src/audit/audit-config';
import { AuditEntry } from '../../src/audit/audit-entry.entity';
import { canonicalAuditBytes, GENESIS_HASH } from '../../src/audit/audit-hash';
import { csvRow } from '../../src/audit/audit-export';
import { AuditSigner } from '../../src/audit/audit-signer';
import { AuditVerifier } from '../../src/audit/audit-verifier.service';
import { AuditEntryView } from '../../src/audit/dto/audit-entry.view';
import { bootEngine, engineEnv } from '../lib/app';
import { appendHistory, closeBulk, openForBulk, type BenchCase } from '../lib/bulk';
import { BENCH_PASSWORD, Cast, PAIRS, STATES, usernameOf } from '../lib/cast';
import { engineConnection } from '../lib/dataset';
import { SequentialClient } from '../lib/http-client';
import { random, runPhase, tempDir } from '../lib/phase';
import { EngineServer, ENGINE_MAIN, memoryOf, resetPeakRss, RssSampler } from '../lib/server';
import { nowMs, percentile } from '../lib/stats';

export interface AuditBenchConfig {
  entries: number;
  rounds: number;
  pageRequests: number;
  exportRounds: number;
  /** Write the server's CPU profile here (page and export). */
  serverProfile?: string;
  /** Verify only (for a CPU profile of the verifier). */
  verifyOnly?: boolean;
  /** Also time the raw verifier (informational), once. */
  rawVerify?: boolean;
}

interface RateRun {
  entries: number;
  seconds: number;
  perSecond: number;
}

interface PageKind {
  kind: string;
  p50: number;
  p99: number;
  max: number;
  count: number;
}

interface ExportRun {
  seconds: number;
  rows: number;
  bytes: number;
  rowsPerSecond: number;
  rssBefore: number;
  /** VmHWM of the server after the export, with the mark reset just before it (kernel's own peak). */
  peakRss: number;
  /** Highest VmRSS seen by polling every 20 ms, for a cross-check. */
  maxSampledRss: number;
  peakMarkReset: boolean;
}

export interface AuditBenchResult {
  entries: number;
  seedSeconds: number;
  verify: RateRun[];
  rawSha256: RateRun[];
  rawVerify: RateRun[];
  page: { p50: number; p99: number; max: number; count: number; kinds: PageKind[]; non200: number };
  /** A filter that matches nothing (officers never reopen): the worst case of the keyset merge, apart from the goal. */
  pageNoMatch: PageKind;
  pageBaselineHealth: { p50: number; p99: number; count: number };
  exports: ExportRun[];
  rawCsv: RateRun[];
  /** The server's RSS right after it started and answered /health, before any audit request. */
  serverRssAtStart: number;
  /** The part of it that is pages of files: the node binary and its libraries. */
  serverFileRssAtStart: number;
  profileWindows: Array<[number, number]>;
}

interface Row {
  seq: number;
  occurred_at: string;
  actor_id: string | null;
  actor_username: string | null;
  actor_role: string | null;
  actor_state: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  case_id: string | null;
  primary_state: string | null;
  secondary_state: string | null;
  from_state: string | null;
  to_state: string | null;
  outcome: 'allowed' | 'denied' | 'error';
  reason: string | null;
  request_id: string | null;
  client_address: string | null;
  hash_format: number;
  prev_hash: string;
  hash: string;
}

/** A stored row as the engine's entity, the way TypeORM reads it back (UTC datetime text). */
function entryOf(r: Row): AuditEntry {
  return Object.assign(new AuditEntry(), {
    seq: r.seq,
    occurredAt: new Date(r.occurred_at.replace(' ', 'T') + 'Z'),
    actorId: r.actor_id,
    actorUsername: r.actor_username,
    actorRole: r.actor_role,
    actorState: r.actor_state,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    caseId: r.case_id,
    primaryState: r.primary_state,
    secondaryState: r.secondary_state,
    fromState: r.from_state,
    toState: r.to_state,
    outcome: r.outcome,
    reason: r.reason,
    requestId: r.request_id,
    clientAddress: r.client_address,
    hashFormat: r.hash_format,
    prevHash: r.prev_hash,
    hash: r.hash,
  });
}

/**
 * The canonical bytes of up to `limit` entries, made once: the raw SHA-256 baseline hashes them in
 * every round (the rate of SHA-256 per entry does not depend on how many entries there are).
 */
function canonicalSample(db: Database.Database, limit: number): string[] {
  const rows = db.prepare('SELECT * FROM audit_entries ORDER BY seq LIMIT ?').all(limit) as Row[];
  return rows.map((r) => canonicalAuditBytes(entryOf(r)));
}

/** The ceiling of any verifier: SHA-256 (node:crypto) over the same canonical bytes, timed alone. */
function rawSha256(sample: readonly string[]): RateRun {
  // At least a second of hashing, so that one hiccup of a shared machine weighs little.
  const started = nowMs();
  let hashed = 0;
  do {
    for (const bytes of sample) createHash('sha256').update(bytes).digest('hex');
    hashed += sample.length;
  } while (nowMs() - started < 1000);
  const seconds = (nowMs() - started) / 1000;
  return { entries: hashed, seconds, perSecond: hashed / seconds };
}

/** What a verifier without TypeORM does: read with better-sqlite3, rebuild the bytes, hash, check the link. */
function rawVerify(db: Database.Database): RateRun {
  const started = nowMs();
  let prev = GENESIS_HASH;
  let n = 0;
  for (const row of db.prepare('SELECT * FROM audit_entries ORDER BY seq').iterate() as IterableIterator<Row>) {
    const e = entryOf(row);
    if (e.prevHash !== prev || createHash('sha256').update(canonicalAuditBytes(e)).digest('hex') !== e.hash) {
      throw new Error(`raw verify: entry ${e.seq} does not check`);
    }
    prev = e.hash;
    n++;
  }
  const seconds = (nowMs() - started) / 1000;
  return { entries: n, seconds, perSecond: n / seconds };
}

/** The same rows as CSV through the engine's own formatting, straight from better-sqlite3: an export without HTTP or TypeORM. */
function rawCsv(db: Database.Database): RateRun {
  const started = nowMs();
  let n = 0;
  const rows = db.prepare("SELECT * FROM audit_entries WHERE primary_state = 'OH' OR secondary_state = 'OH' ORDER BY seq").iterate() as IterableIterator<Row>;
  for (const row of rows) {
    // Formatted as the export would write it; the text itself is not kept.
    csvRow(AuditEntryView.of(entryOf(row)));
    n++;
  }
  const seconds = (nowMs() - started) / 1000;
  return { entries: n, seconds, perSecond: n / seconds };
}

runPhase<AuditBenchConfig, AuditBenchResult>('audit', async (config, log) => {
  const dir = tempDir('audit');
  const env = engineEnv(dir);
  const started = Date.now();
  const app = await bootEngine(env);
  const cast = await Cast.create(app);
  // About ten entries per case, every pair of states involving Ohio: Ohio's auditor sees all of them.
  const caseCount = Math.max(100, Math.round(config.entries / 10));
  const cases: BenchCase[] = Array.from({ length: caseCount }, (_, i) => ({ id: randomUUID(), pair: i % PAIRS.length }));
  const bulk = openForBulk(env.SQLITE_PATH);
  const have = (bulk.prepare('SELECT last_seq FROM audit_chain_head WHERE id = 1').get() as { last_seq: number }).last_seq;
  appendHistory(bulk, {
    count: config.entries - have,
    // A scattered mapping: which case an entry belongs to says nothing about its action or outcome.
    caseOf: (j) => cases[(Math.imul(j, 2654435761) >>> 0) % caseCount],
    cast,
    signer: app.get(AuditSigner),
    checkpointEvery: app.get<AuditConfig>(AUDIT_CONFIG).checkpointEvery,
    log,
  });
  closeBulk(bulk);
  const seedSeconds = (Date.now() - started) / 1000;
  log(`${config.entries} audit entries ready in ${seedSeconds.toFixed(1)} s`);

  const db = engineConnection(app);
  const verifier = app.get(AuditVerifier);
  const result: AuditBenchResult = {
    entries: config.entries,
    seedSeconds,
    verify: [],
    rawSha256: [],
    rawVerify: [],
    exports: [],
    rawCsv: [],
    profileWindows: [],
    serverRssAtStart: NaN,
    serverFileRssAtStart: NaN,
    page: { p50: NaN, p99: NaN, max: NaN, count: 0, kinds: [], non200: 0 },
    pageNoMatch: { kind: 'no match', p50: NaN, p99: NaN, max: NaN, count: 0 },
    pageBaselineHealth: { p50: NaN, p99: NaN, count: 0 },
  };
  const sample = config.verifyOnly ? [] : canonicalSample(db, 200_000);
  for (let r = 0; r < config.rounds; r++) {
    const t0 = nowMs();
    const verdict = await verifier.verify({});
    const t1 = nowMs();
    if (!verdict.ok) throw new Error(`the synthetic history does not verify: ${JSON.stringify(verdict)}`);
    result.verify.push({ entries: verdict.checked, seconds: (t1 - t0) / 1000, perSecond: verdict.checked / ((t1 - t0) / 1000) });
    result.profileWindows.push([t0 * 1000, t1 * 1000]);
    if (!config.verifyOnly) {
      result.rawSha256.push(rawSha256(sample));
      // Informational, and as slow as a verify: once is enough.
      if (r === 0 && config.rawVerify !== false) result.rawVerify.push(rawVerify(db));
    }
    log(
      `round ${r + 1}/${config.rounds}: verify ${result.verify.at(-1)!.perSecond.toFixed(0)}/s, raw SHA-256 ` +
        `${result.rawSha256.at(-1)?.perSecond.toFixed(0) ?? '-'}/s, raw verify ${result.rawVerify.at(-1)?.perSecond.toFixed(0) ?? '-'}/s`,
    );
  }
  await app.close();
  if (config.verifyOnly) return result;

  const server = await EngineServer.start(env, dir, ENGINE_MAIN, config.serverProfile);
  try {
    const atStart = memoryOf(server.pid);
    result.serverRssAtStart = atStart?.rss ?? NaN;
    result.serverFileRssAtStart = atStart?.fileBacked ?? NaN;
    const auth = { authorization: `Bearer ${await server.login(usernameOf('OH', 'auditor'), BENCH_PASSWORD)}` };
    const client = new SequentialClient(server.url);
    const pick = random(7);
    const officers = STATES.map((s) => usernameOf(s, 'field_officer'));
    const first = Date.now() - config.entries * 1000;
    const kinds: Array<[string, () => string]> = [
      ['case', () => `caseId=${cases[Math.floor(pick() * caseCount)].id}`],
      ['actor', () => `actor=${officers[Math.floor(pick() * officers.length)]}&cursor=${Math.floor(pick() * config.entries)}`],
      ['action', () => `action=REJECT_CLOSURE&cursor=${Math.floor(pick() * config.entries)}`],
      ['denied', () => `outcome=denied&cursor=${Math.floor(pick() * config.entries)}`],
      [
        'hour',
        () => {
          const from = new Date(first + Math.floor(pick() * config.entries) * 1000);
          return `from=${from.toISOString()}&to=${new Date(from.getTime() + 3_600_000).toISOString()}`;
        },
      ],
    ];
    for (let w = 0; w < 10; w++) await client.get(`/audit?${kinds[w % kinds.length][1]()}`, auth);
    const samples: Array<{ kind: string; ms: number }> = [];
    const healthMs: number[] = [];
    const t0 = nowMs();
    for (let k = 0; k < config.pageRequests; k++) {
      const [kind, query] = kinds[k % kinds.length];
      const res = await client.get(`/audit?${query()}&limit=100`, auth);
      if (res.status !== 200) {
        result.page.non200++;
        if (result.page.non200 === 1) log(`GET /audit answered ${res.status}: ${res.body.slice(0, 300)}`);
      }
      samples.push({ kind, ms: res.ms });
      healthMs.push((await client.get('/health')).ms);
    }
    result.profileWindows.push([t0 * 1000, nowMs() * 1000]);
    const all = samples.map((s) => s.ms);
    result.page = {
      ...result.page,
      p50: percentile(all, 50),
      p99: percentile(all, 99),
      max: Math.max(...all),
      count: all.length,
      kinds: kinds.map(([kind]) => {
        const ms = samples.filter((s) => s.kind === kind).map((s) => s.ms);
        return { kind, p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms), count: ms.length };
      }),
    };
    result.pageBaselineHealth = { p50: percentile(healthMs, 50), p99: percentile(healthMs, 99), count: healthMs.length };
    const none: number[] = [];
    for (let k = 0; k < 5; k++) none.push((await client.get(`/audit?action=REOPEN&actor=${officers[k % officers.length]}&limit=100`, auth)).ms);
    result.pageNoMatch = { kind: 'no match', p50: percentile(none, 50), p99: percentile(none, 99), max: Math.max(...none), count: none.length };
    log(`page with a filter that matches nothing: p50 ${result.pageNoMatch.p50.toFixed(1)} ms, max ${result.pageNoMatch.max.toFixed(1)} ms`);
    log(`page: p50 ${result.page.p50.toFixed(1)} ms, p99 ${result.page.p99.toFixed(1)} ms; health p99 ${result.pageBaselineHealth.p99.toFixed(1)} ms`);
    for (const k of result.page.kinds) log(`  ${k.kind}: p50 ${k.p50.toFixed(1)} ms, p99 ${k.p99.toFixed(1)} ms, max ${k.max.toFixed(1)} ms`);

    client.close();
    for (let r = 0; r < config.exportRounds; r++) {
      // A connection of its own: a kept-alive one may have been closed by the server while idle.
      const exporter = new SequentialClient(server.url);
      const before = memoryOf(server.pid);
      const reset = resetPeakRss(server.pid);
      const sampler = new RssSampler(server.pid);
      let rows = 0;
      const e0 = nowMs();
      const res = await exporter.get('/audit/export?format=csv', auth, (chunk) => {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
      });
      const e1 = nowMs();
      exporter.close();
      result.profileWindows.push([e0 * 1000, e1 * 1000]);
      const maxSampledRss = sampler.stop();
      const after = memoryOf(server.pid);
      if (res.status !== 200) throw new Error(`export answered ${res.status}`);
      const seconds = (e1 - e0) / 1000;
      result.exports.push({
        seconds,
        rows: rows - 1,
        bytes: res.bytes,
        rowsPerSecond: (rows - 1) / seconds,
        rssBefore: before?.rss ?? NaN,
        peakRss: after?.peakRss ?? NaN,
        maxSampledRss,
        peakMarkReset: reset,
      });
      const x = result.exports.at(-1)!;
      log(
        `export ${r + 1}/${config.exportRounds}: ${x.rows} rows in ${seconds.toFixed(1)} s (${x.rowsPerSecond.toFixed(0)}/s), ` +
          `server RSS ${(x.rssBefore / 2 ** 20).toFixed(0)} MB before, peak ${(x.peakRss / 2 ** 20).toFixed(0)} MB`,
      );
    }
    // The same rows and CSV without HTTP or TypeORM, once (it is steady), while the server is idle.
    const raw = openForBulk(env.SQLITE_PATH);
    result.rawCsv.push(rawCsv(raw));
    raw.close();
    log(`raw CSV ${result.rawCsv[0].perSecond.toFixed(0)} rows/s`);
  } finally {
    await server.stop();
  }
  return result;
});
