import { settledStatuses, withPg } from '../lib/pg';
import { WALK_EVENTS, type SoakRequest } from './client';

/** What the database holds against what the client was told: acknowledged writes missing, or applied twice. */
export interface WriteChecks {
  opensAcknowledged: number;
  /** Markers of acknowledged openings whose case is not there (or is another id than answered). */
  opensLost: string[];
  /** Markers that opened more than one case. */
  opensDuplicated: Array<{ marker: string; cases: number }>;
  /** Openings the client gave up on (or that were refused) whose case is there all the same: done, though unacknowledged. */
  opensUnacknowledgedApplied: number;
  eventsAcknowledged: number;
  /** Acknowledged events with no allowed entry of that event in their case's history, or a case whose version is behind the last answer. */
  eventsLost: Array<{ caseId: string; event: string }>;
  /** Events applied more than once to one case (the walk sends each event once per case). */
  eventsDuplicated: Array<{ caseId: string; event: string; times: number }>;
  eventsUnacknowledgedApplied: number;
  /** Refused and failed attempts the history recorded on the soak's cases (for information). */
  historyDenied: number;
  historyErrors: number;
}

/**
 * Waits until the servers have finished what they had read (bench/lib/pg.ts settledStatuses), then
 * compares every request's outcome with the cases and the audit entries in the database.
 */
export async function checkWrites(url: string, tag: string, requests: readonly SoakRequest[]): Promise<WriteChecks> {
  const opens = requests.filter((r) => r.kind === 'open');
  const events = requests.filter((r) => r.kind !== 'open');
  const caseIds = [...new Set(opens.flatMap((r) => (r.answered ? [r.answered.id] : [])))];
  await settledStatuses(url, caseIds);
  return withPg(url, async (db) => {
    const rows = (
      await db.query<{ offender_id: string; id: string; version: number }>('SELECT offender_id, id, version FROM cases WHERE offender_id LIKE $1', [
        `SOAK-${tag}-%`,
      ])
    ).rows;
    const byMarker = new Map<string, string[]>();
    const versionOf = new Map<string, number>();
    for (const r of rows) {
      byMarker.set(r.offender_id, [...(byMarker.get(r.offender_id) ?? []), r.id]);
      versionOf.set(r.id, Number(r.version));
    }
    const allCases = rows.map((r) => r.id);
    const history = (
      await db.query<{ case_id: string; action: string; outcome: string; n: string }>(
        'SELECT case_id, action, outcome, count(*) AS n FROM audit_entries WHERE case_id = ANY($1::text[]) GROUP BY case_id, action, outcome',
        [allCases],
      )
    ).rows;
    const allowed = new Map<string, number>();
    let historyDenied = 0;
    let historyErrors = 0;
    for (const h of history) {
      const n = Number(h.n);
      if (h.outcome === 'allowed') allowed.set(`${h.case_id} ${h.action}`, n);
      else if (h.outcome === 'denied') historyDenied += n;
      else historyErrors += n;
    }

    const acknowledgedOpens = opens.filter((r) => r.ok);
    const acknowledgedEvents = events.filter((r) => r.ok);
    const lastAnswered = new Map<string, number>();
    for (const r of acknowledgedEvents) lastAnswered.set(r.caseId!, Math.max(lastAnswered.get(r.caseId!) ?? 0, r.answered!.version));
    const eventsLost = acknowledgedEvents.filter((r) => !allowed.get(`${r.caseId} ${r.kind}`)).map((r) => ({ caseId: r.caseId!, event: r.kind }));
    for (const [caseId, version] of lastAnswered) {
      if ((versionOf.get(caseId) ?? 0) < version) eventsLost.push({ caseId, event: `version ${version} answered, ${versionOf.get(caseId) ?? 'none'} stored` });
    }
    const eventsDuplicated = [...allowed]
      .filter(([k, n]) => n > 1 && WALK_EVENTS.includes(k.split(' ')[1]))
      .map(([k, times]) => ({ caseId: k.split(' ')[0], event: k.split(' ')[1], times }));
    return {
      opensAcknowledged: acknowledgedOpens.length,
      opensLost: acknowledgedOpens.filter((r) => !(byMarker.get(r.marker!) ?? []).includes(r.answered!.id)).map((r) => r.marker!),
      opensDuplicated: [...byMarker].filter(([, ids]) => ids.length > 1).map(([marker, ids]) => ({ marker, cases: ids.length })),
      opensUnacknowledgedApplied: opens.filter((r) => !r.ok && byMarker.has(r.marker!)).length,
      eventsAcknowledged: acknowledgedEvents.length,
      eventsLost,
      eventsDuplicated,
      eventsUnacknowledgedApplied: events.filter((r) => !r.ok && allowed.get(`${r.caseId} ${r.kind}`)).length,
      historyDenied,
      historyErrors,
    };
  });
}
