import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { StateCode } from '../../machines/jurisdiction';
import { ActivitiesService } from '../../src/activities/activities.service';
import type Database from '../../src/database/sqlite-driver';
import { activeOf, sqliteTime, type BenchCase } from './bulk';
import type { Cast } from './cast';
import type { PgClient } from './pg';

/**
 * The activities of an active case of the benchmark, started by the engine as people would: a
 * progress report asked for, a violation reported, a warrant issued on it, and a message from each
 * side (one of them answered). Their ids, for the clones to copy.
 */
export async function startActivitiesOf(app: INestApplicationContext, cast: Cast, caseId: string, [sending, receiving]: readonly [StateCode, StateCode]) {
  const activities = app.get(ActivitiesService);
  const meta = { requestId: `bench-seed-activities-${caseId}`, clientAddress: '127.0.0.1' };
  const started = async (who: ReturnType<Cast['actor']>, body: { kind: string } & Record<string, unknown>) =>
    (await activities.start(caseId, body, who, meta)).id;
  const report = await started(cast.actor(receiving, 'field_officer'), {
    kind: 'violation_report',
    violationKind: 'absconding',
    discoveredOn: '2026-01-05',
    description: 'Not at the approved residence.',
  });
  const answered = await started(cast.actor(sending, 'compact_office'), { kind: 'action_request', subject: 'Address', message: 'Is the address current?' });
  await activities.move(answered, { type: 'REPLY', message: 'It is.' }, cast.actor(receiving, 'compact_office'), meta);
  return [
    await started(cast.actor(sending, 'compact_office'), { kind: 'progress_report' }),
    report,
    await started(cast.actor(sending, 'compact_office'), { kind: 'warrant', issuedOn: '2026-01-06', reason: 'Absconded.', violationReportId: report }),
    answered,
    await started(cast.actor(receiving, 'compact_office'), { kind: 'action_request', subject: 'Visit', message: 'Home visit done.' }),
  ];
}

/** When clone `i`'s activity last changed: spread over the year before `now`, an hour apart at most. */
const changedAt = (i: number, now: number): Date => new Date(now - ((i * 104_729) % (365 * 24)) * 3_600_000 - 1_800_000);

/** Which template activity clone `i` copies, of its pair's: the kinds in turn. */
const templateOf = (i: number, perPair: readonly (readonly string[])[], pair: number) => perPair[pair][i % perPair[pair].length];

/**
 * One activity for each active clone: a copy of one of its pair's template activities (startActivitiesOf,
 * the kinds in turn), of its own id and case, started a day before its last change. The copies get no
 * deadlines: the lists read those of the page only, and most of them have ended.
 */
export function cloneActivities(
  db: Database.Database,
  clones: readonly BenchCase[],
  perPair: readonly (readonly string[])[],
  log: (s: string) => void,
): number {
  const started = Date.now();
  const now = Date.now();
  const rows = new Map(perPair.flat().map((id) => [id, db.prepare('SELECT * FROM case_activities WHERE id = ?').get(id) as Record<string, unknown>]));
  const columns = Object.keys(rows.values().next().value!);
  const insert = db.prepare(`INSERT INTO case_activities (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`);
  const active = activeOf(clones);
  db.transaction(() => {
    for (const [i, clone] of active.entries()) {
      const at = changedAt(i, now);
      insert.run({
        ...rows.get(templateOf(i, perPair, clone.pair)),
        id: randomUUID(),
        case_id: clone.id,
        created_at: sqliteTime(new Date(at.getTime() - 24 * 3_600_000)),
        updated_at: sqliteTime(at),
      });
    }
  })();
  log(`  ${active.length} activities cloned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return active.length;
}

const BATCH = 5_000;

/** PostgreSQL's side of cloneActivities: the same copies, a batch of rows per INSERT … SELECT from arrays. */
export async function cloneActivitiesPg(
  db: PgClient,
  clones: readonly BenchCase[],
  perPair: readonly (readonly string[])[],
  log: (s: string) => void,
): Promise<number> {
  const started = Date.now();
  const now = Date.now();
  const columns = (
    await db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'case_activities' ORDER BY ordinal_position`,
    )
  ).rows.map((r) => r.column_name);
  const own: Record<string, string> = { id: 'n.id', case_id: 'n.case_id', created_at: `n.updated_at - interval '1 day'`, updated_at: 'n.updated_at' };
  const active = activeOf(clones);
  for (let from = 0; from < active.length; from += BATCH) {
    const ids: string[] = [],
      cases: string[] = [],
      sources: string[] = [],
      times: string[] = [];
    for (let i = from; i < Math.min(active.length, from + BATCH); i++) {
      ids.push(randomUUID());
      cases.push(active[i].id);
      sources.push(templateOf(i, perPair, active[i].pair));
      times.push(changedAt(i, now).toISOString());
    }
    await db.query(
      `INSERT INTO case_activities (${columns.map((c) => `"${c}"`).join(', ')})
       SELECT ${columns.map((c) => own[c] ?? `t."${c}"`).join(', ')}
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS n(id, case_id, source, updated_at)
       JOIN case_activities t ON t.id = n.source`,
      [ids, cases, sources, times],
    );
  }
  log(`  ${active.length} activities cloned in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return active.length;
}
