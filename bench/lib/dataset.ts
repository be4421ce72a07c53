import type { INestApplicationContext } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { PersistedCaseSnapshot } from '../../machines';
import { AUDIT_CONFIG, type AuditConfig } from '../../src/audit/audit-config';
import { AuditSigner } from '../../src/audit/audit-signer';
import { bootEngine, engineEnv } from './app';
import { appendHistory, closeBulk, cloneActiveCases, openForBulk, type BenchCase } from './bulk';
import { CaseCycle } from './case-cycle';
import { Cast, PAIRS, openActiveCase } from './cast';
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

/**
 * A fresh SQLite file with the app's schema, the bench's accounts, `cases` active cases (one per
 * pair brought there by the engine itself, the rest copies of those rows) and a history of about
 * `entries` audit entries, open in a Nest application context.
 */
export class EngineDataset {
  readonly raw: RawTransitions;
  private readonly cycle: CaseCycle;

  private constructor(
    readonly spec: DatasetSpec,
    readonly app: INestApplicationContext,
    readonly cast: Cast,
    readonly cases: BenchCase[],
    readonly seedSeconds: number,
    readonly entries: number,
  ) {
    const db = engineConnection(app);
    this.raw = new RawTransitions(db);
    const snapshot = db.prepare('SELECT snapshot FROM cases WHERE id = ?');
    this.cycle = new CaseCycle(cases, cast, (p) => JSON.parse((snapshot.get(cases[p].id) as { snapshot: string }).snapshot) as PersistedCaseSnapshot);
  }

  /** Where each case is in its endless cycle (ACTIVE or CLOSURE_PENDING). */
  get status(): Uint8Array {
    return this.cycle.status;
  }

  static async build(spec: DatasetSpec, dir: string, log: (s: string) => void): Promise<EngineDataset> {
    const started = Date.now();
    const env = engineEnv(dir);
    const app = await bootEngine(env);
    const cast = await Cast.create(app);
    const templates: BenchCase[] = [];
    for (let p = 0; p < PAIRS.length; p++) templates.push({ id: await openActiveCase(app, cast, PAIRS[p], p), pair: p });
    const bulk = openForBulk(join(dir, 'engine.sqlite'));
    const cases = [
      ...templates,
      ...cloneActiveCases(
        bulk,
        templates.map((t) => t.id),
        Math.max(0, spec.cases - templates.length),
        log,
      ),
    ];
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
    return this.cycle.rawStep(i);
  }

  flip(i: number): void {
    this.cycle.flip(i);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
