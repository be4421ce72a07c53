import type { INestApplicationContext } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { decideCaseEvent, type PersistedCaseSnapshot } from '../../machines';
import { AUDIT_CONFIG, type AuditConfig } from '../../src/audit/audit-config';
import { AuditSigner } from '../../src/audit/audit-signer';
import { bootEngine, engineEnv } from './app';
import { appendHistory, closeBulk, cloneActiveCases, openForBulk, type BenchCase } from './bulk';
import { ACTIVE, CLOSURE_NOTICE, CLOSURE_PENDING, CLOSURE_REJECTED, Cast, PAIRS, openActiveCase } from './cast';
import { RawTransitions, type RawStep } from './raw-transition';

export interface DatasetSpec {
  name: string;
  cases: number;
  entries: number;
}

/** The better-sqlite3 handle under TypeORM: the engine's own connection, with the app's pragmas. */
export function engineConnection(app: INestApplicationContext): Database.Database {
  return (app.get(DataSource).driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
}

/** What the raw baseline writes for each pair of states: the machine's own snapshots, made once. */
interface PairSnapshots {
  pending: { json: string; closureReason: string | null };
  active: { json: string; closureReason: string | null };
}

/**
 * A fresh SQLite file with the app's schema, the bench's accounts, `cases` active cases (one per
 * pair brought there by the engine itself, the rest copies of those rows) and a history of about
 * `entries` audit entries, open in a Nest application context.
 */
export class EngineDataset {
  /** Where each case is in its endless cycle (ACTIVE or CLOSURE_PENDING). */
  readonly status: Uint8Array;
  readonly raw: RawTransitions;
  private readonly snapshots: PairSnapshots[];

  private constructor(
    readonly spec: DatasetSpec,
    readonly app: INestApplicationContext,
    readonly cast: Cast,
    readonly cases: BenchCase[],
    readonly seedSeconds: number,
    readonly entries: number,
  ) {
    this.status = new Uint8Array(cases.length).fill(ACTIVE);
    const db = engineConnection(app);
    this.raw = new RawTransitions(db);
    this.snapshots = PAIRS.map((pair, p) => {
      const template = cases[p];
      const row = db.prepare('SELECT snapshot FROM cases WHERE id = ?').get(template.id) as { snapshot: string };
      const noticed = decideCaseEvent(JSON.parse(row.snapshot) as PersistedCaseSnapshot, CLOSURE_NOTICE, cast.actor(pair[1], 'field_officer'));
      if (!noticed.allowed) throw new Error(`template case ${template.id}: ${noticed.message}`);
      const rejected = decideCaseEvent(noticed.snapshot, CLOSURE_REJECTED, cast.actor(pair[0], 'field_officer'));
      if (!rejected.allowed) throw new Error(`template case ${template.id}: ${rejected.message}`);
      return {
        pending: { json: JSON.stringify(noticed.snapshot), closureReason: noticed.closureReason },
        active: { json: JSON.stringify(rejected.snapshot), closureReason: rejected.closureReason },
      };
    });
  }

  static async build(spec: DatasetSpec, dir: string, log: (s: string) => void): Promise<EngineDataset> {
    const started = Date.now();
    const env = engineEnv(dir);
    const app = await bootEngine(env);
    const cast = await Cast.create(app);
    const templates: BenchCase[] = [];
    for (let p = 0; p < PAIRS.length; p++) templates.push({ id: await openActiveCase(app, cast, PAIRS[p], p), pair: p });
    const bulk = openForBulk(join(dir, 'engine.sqlite'));
    const cases = [...templates, ...cloneActiveCases(bulk, templates.map((t) => t.id), Math.max(0, spec.cases - templates.length), log)];
    const have = (bulk.prepare('SELECT last_seq FROM audit_chain_head WHERE id = 1').get() as { last_seq: number }).last_seq;
    const { lastSeq } = appendHistory(bulk, {
      count: Math.max(0, spec.entries - have),
      caseOf: (j) => cases[(Math.imul(j, 2654435761) >>> 0) % cases.length],
      cast,
      signer: app.get(AuditSigner),
      checkpointEvery: app.get<AuditConfig>(AUDIT_CONFIG).checkpointEvery,
      // Measured slower than keeping them (the inserts, not the indexes, are most of the cost).
      rebuildIndexes: process.env.BENCH_REBUILD_INDEXES === '1',
      log,
    });
    closeBulk(bulk);
    const seconds = (Date.now() - started) / 1000;
    log(`dataset ${spec.name}: ${cases.length} cases, ${lastSeq} audit entries, ready in ${seconds.toFixed(1)} s`);
    return new EngineDataset(spec, app, cast, cases, seconds, lastSeq);
  }

  /** The raw baseline's version of the next step of case `i`. */
  rawStep(i: number): RawStep {
    const c = this.cases[i];
    const pair = PAIRS[c.pair];
    const active = this.status[i] === ACTIVE;
    const next = active ? this.snapshots[c.pair].pending : this.snapshots[c.pair].active;
    return {
      caseId: c.id,
      action: active ? CLOSURE_NOTICE.type : CLOSURE_REJECTED.type,
      fromStatus: active ? 'active' : 'closure_pending',
      toStatus: active ? 'closure_pending' : 'active',
      snapshotJson: next.json,
      closureReason: next.closureReason,
      reason: active ? `closure reason: ${CLOSURE_NOTICE.closureReason}` : (CLOSURE_REJECTED.reason ?? null),
      actor: active ? this.cast.actor(pair[1], 'field_officer') : this.cast.actor(pair[0], 'field_officer'),
      states: pair,
    };
  }

  flip(i: number): void {
    this.status[i] = this.status[i] === ACTIVE ? CLOSURE_PENDING : ACTIVE;
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
