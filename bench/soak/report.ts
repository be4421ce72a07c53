import type { Attempt, Ms, SoakLog } from './client';
import type { WriteChecks } from './checks';

const WINDOW_MS = 5_000;

/** A fault as it was done, on the soak's clock. */
export interface Fault {
  kind: 'restart' | 'kill' | 'stop';
  label: string;
  start: Ms;
  /** When the database was down (stop), or the instance dead (kill). */
  down?: Ms;
  /** When the database took a connection again (watched every 20 ms, or pg_ctl's word if earlier), or the instance answered GET /health again. */
  returned: Ms;
  /** When pg_ctl said the database was back (it looks every 100 ms). */
  pgCtlReturned?: Ms;
  /** The instance killed and started again. */
  instance?: number;
}

interface FaultFigures extends Fault {
  /** From `returned` to the first successful answer after it (of that instance, for a kill); null: none came. */
  recoveryMs: number | null;
  /** The longest stretch without any successful answer from the fault's start to its recovery. */
  longestGapMs: number | null;
  /** For a kill: from the kill to the next success through the other instance. */
  othersFirstSuccessMs?: number | null;
  /** Requests that failed and ended after this fault began, before the next one did. */
  requestsFailed: number;
  /** Requests caught by the fault (a try of theirs that failed was under way during it), and how many of them still succeeded. */
  caught: number;
  caughtOk: number;
  /** From `returned` to the first success of a caught request: a retry with the same key getting through. */
  caughtRecoveryMs: number | null;
}

interface Window {
  from: Ms;
  to: Ms;
  attempts: number;
  attemptsOk: number;
  requests: number;
  requestsOk: number;
  faults: string[];
}

interface Goal {
  goal: string;
  measured: string;
  met: boolean;
}

export interface SoakReport {
  mode: string;
  date: string;
  seconds: number;
  workers: number;
  retryBudgetMs: number;
  windows: Window[];
  faults: FaultFigures[];
  totals: {
    attempts: number;
    attemptsOk: number;
    attemptsOkPercent: number;
    requests: number;
    requestsOk: number;
    requestsOkPercent: number;
    requestsRefused: number;
    requestsOutOfBudget: number;
    requestsToldToWaitPastBudget: number;
    /** Successes that were a stored answer sent again: an earlier try had done the work, its answer did not arrive. */
    replayedSuccesses: number;
    maxAttemptsOfARequest: number;
    slowestSuccessMs: number;
  };
  statuses: Record<string, number>;
  networkErrors: Record<string, number>;
  retryAfter: { with503: number; without503: number; with409: number; without409: number; with500: number };
  /** The refusals' messages, most frequent first, with their status. */
  refusals: Array<{ status: number; message: string; count: number }>;
  /** null: the database could not be checked (see the run's failures). */
  writes: WriteChecks | null;
  verify: { ok: boolean; checked?: number; problem?: string; status: number };
  serverLogLines: number[];
  /** The failures the servers logged as errors (the 500s' causes), by kind, most frequent first. */
  serverErrors: Array<{ kind: string; count: number }>;
  goals: Goal[];
}

const ok = (a: { status: number | null }) => a.status !== null && a.status < 300;
const pct = (n: number, of: number) => (of ? (100 * n) / of : 100);

function firstOkAfter(attempts: readonly Attempt[], at: Ms, instance?: number): Ms | null {
  let first: Ms | null = null;
  for (const a of attempts) if (ok(a) && a.end >= at && (instance === undefined || a.instance === instance) && (first === null || a.end < first)) first = a.end;
  return first;
}

/** The longest time between two successive successes (or the fault's start and the first) that overlaps [from, to]. */
function longestGap(attempts: readonly Attempt[], from: Ms, to: Ms): number {
  const ends = attempts.filter(ok).map((a) => a.end);
  ends.sort((a, b) => a - b);
  let longest = 0;
  let previous = from;
  for (const end of ends) {
    if (end <= from) continue;
    longest = Math.max(longest, end - previous);
    previous = end;
    if (end >= to) break;
  }
  return longest;
}

export function faultFigures(log: SoakLog, faults: readonly Fault[]): FaultFigures[] {
  return faults.map((f, i) => {
    const first = firstOkAfter(log.attempts, f.returned, f.kind === 'kill' ? f.instance : undefined);
    const next = faults[i + 1]?.start ?? Infinity;
    const caughtIds = new Set(log.attempts.filter((a) => !ok(a) && a.end >= f.start && a.start <= f.returned).map((a) => a.request));
    const caught = log.requests.filter((r) => caughtIds.has(r.id));
    const caughtEnds = caught.filter((r) => r.ok && r.end >= f.returned).map((r) => r.end);
    const figures: FaultFigures = {
      ...f,
      recoveryMs: first === null ? null : first - f.returned,
      longestGapMs: first === null ? null : longestGap(log.attempts, f.start, first),
      requestsFailed: log.requests.filter((r) => !r.ok && r.end >= f.start && r.end < next).length,
      caught: caught.length,
      caughtOk: caught.filter((r) => r.ok).length,
      caughtRecoveryMs: caughtEnds.length ? Math.min(...caughtEnds) - f.returned : null,
    };
    if (f.kind === 'kill') {
      const other = firstOkAfter(
        log.attempts.filter((a) => a.instance !== f.instance),
        f.start,
      );
      figures.othersFirstSuccessMs = other === null ? null : other - f.start;
    }
    return figures;
  });
}

export function windows(log: SoakLog, faults: readonly Fault[], until: Ms): Window[] {
  const out: Window[] = [];
  for (let from = 0; from < until; from += WINDOW_MS) {
    // The last window ends with the load (and takes the requests that ended after it); the second
    // of load and wind-down after the last full window is part of it.
    const to = from + WINDOW_MS >= until - 1000 ? until : from + WINDOW_MS;
    const inside = (t: Ms) => t >= from && (t < to || to === until);
    const attempts = log.attempts.filter((a) => inside(a.end));
    const requests = log.requests.filter((r) => inside(r.end));
    out.push({
      from,
      to,
      attempts: attempts.length,
      attemptsOk: attempts.filter(ok).length,
      requests: requests.length,
      requestsOk: requests.filter((r) => r.ok).length,
      faults: faults.filter((f) => f.start < to && f.returned >= from).map((f) => f.label),
    });
    if (to === until) break;
  }
  return out;
}

export function tallies(log: SoakLog): Pick<SoakReport, 'statuses' | 'networkErrors' | 'retryAfter' | 'refusals'> {
  const statuses: Record<string, number> = {};
  const networkErrors: Record<string, number> = {};
  const retryAfter = { with503: 0, without503: 0, with409: 0, without409: 0, with500: 0 };
  const refusals = new Map<string, { status: number; message: string; count: number }>();
  for (const a of log.attempts) {
    const key = a.status === null ? 'no answer' : String(a.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    if (a.status === null) networkErrors[a.detail ?? '?'] = (networkErrors[a.detail ?? '?'] ?? 0) + 1;
    if (a.status === 503) retryAfter[a.retryAfter ? 'with503' : 'without503']++;
    if (a.status === 409) retryAfter[a.retryAfter ? 'with409' : 'without409']++;
    if (a.status === 500 && a.retryAfter) retryAfter.with500++;
    if (a.status !== null && a.status >= 300) {
      // Numbers (seconds to wait, ids) vary; the sentence is what tells refusals apart.
      const message = (a.detail ?? '').replace(/\d+/g, 'N');
      const k = `${a.status} ${message}`;
      const entry = refusals.get(k) ?? { status: a.status, message, count: 0 };
      entry.count++;
      refusals.set(k, entry);
    }
  }
  return { statuses, networkErrors, retryAfter, refusals: [...refusals.values()].sort((x, y) => y.count - x.count) };
}

export function totals(log: SoakLog): SoakReport['totals'] {
  const attemptsOk = log.attempts.filter(ok).length;
  const requestsOk = log.requests.filter((r) => r.ok).length;
  return {
    attempts: log.attempts.length,
    attemptsOk,
    attemptsOkPercent: pct(attemptsOk, log.attempts.length),
    requests: log.requests.length,
    requestsOk,
    requestsOkPercent: pct(requestsOk, log.requests.length),
    requestsRefused: log.requests.filter((r) => r.failure === 'refused').length,
    requestsOutOfBudget: log.requests.filter((r) => r.failure === 'budget').length,
    requestsToldToWaitPastBudget: log.requests.filter((r) => r.failure === 'wait past budget').length,
    replayedSuccesses: log.attempts.filter((a) => ok(a) && a.replayed).length,
    maxAttemptsOfARequest: Math.max(0, ...log.requests.map((r) => r.attempts)),
    slowestSuccessMs: Math.max(0, ...log.requests.filter((r) => r.ok).map((r) => r.end - r.start)),
  };
}

export function goals(r: Omit<SoakReport, 'goals'>): Goal[] {
  const w = r.writes;
  const lost = w ? w.opensLost.length + w.eventsLost.length : NaN;
  const duplicated = w ? w.opensDuplicated.length + w.eventsDuplicated.length : NaN;
  const shown = (n: number) => (Number.isNaN(n) ? 'not checked' : String(n));
  const list: Goal[] = [
    {
      goal: `>= 99.9 % of requests succeed within the ${r.retryBudgetMs / 1000} s retry budget`,
      measured: `${r.totals.requestsOkPercent.toFixed(2)} % (${r.totals.requests - r.totals.requestsOk} of ${r.totals.requests} failed)`,
      met: r.totals.requestsOkPercent >= 99.9,
    },
    { goal: '0 lost writes (acknowledged, not in the database)', measured: shown(lost), met: lost === 0 },
    { goal: '0 duplicated writes (one request applied twice)', measured: shown(duplicated), met: duplicated === 0 },
  ];
  for (const f of r.faults.filter((x) => x.kind !== 'kill')) {
    list.push({
      goal: `first success within 1 s of the database's return (${f.label})`,
      measured: f.recoveryMs === null ? 'no success after it' : `${(f.recoveryMs / 1000).toFixed(2)} s`,
      met: f.recoveryMs !== null && f.recoveryMs <= 1000,
    });
  }
  list.push({
    goal: 'the audit chain verifies intact (GET /audit/verify)',
    measured: r.verify.ok
      ? `intact, ${r.verify.checked} entries`
      : `${r.verify.status === 0 ? 'NOT verified' : 'NOT intact'}: ${r.verify.problem ?? `status ${r.verify.status}`}`,
    met: r.verify.ok,
  });
  return list;
}

const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? '-' : `${(ms / 1000).toFixed(2)} s`);

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => (c === 0 || c === row.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The report as printed at the end of a run. */
export function text(r: SoakReport): string {
  const out: string[] = [];
  out.push(`Soak (${r.mode}), ${r.date}: ${r.seconds.toFixed(0)} s of load, ${r.workers} workers, 2 instances, retry budget ${r.retryBudgetMs / 1000} s`);
  out.push('');
  out.push('Per 5-second window (attempts: every try; requests: after retries, by when they ended):');
  out.push(
    pad([
      ['window', 'attempts', 'ok', 'requests', 'ok', 'faults'],
      ...r.windows.map((w) => [
        `${(w.from / 1000).toFixed(0)}-${w.to - w.from === WINDOW_MS ? (w.to / 1000).toFixed(0) : (w.to / 1000).toFixed(1)} s`,
        String(w.attempts),
        String(w.attemptsOk),
        String(w.requests),
        String(w.requestsOk),
        w.faults.join(', '),
      ]),
    ]),
  );
  out.push('');
  out.push('Faults (times since the load started):');
  for (const f of r.faults) {
    const down = f.down === undefined ? '' : `, down at ${s(f.down)}`;
    const back = f.kind === 'kill' ? 'instance answered again' : 'database took a connection again';
    const recovery = f.kind === 'kill' ? 'first success through it' : 'first success';
    const other = f.kind === 'kill' ? `; the other instance's first success after the kill: ${s(f.othersFirstSuccessMs)} after it` : '';
    out.push(
      `  ${f.label}: from ${s(f.start)}${down}, ${back} at ${s(f.returned)}${f.pgCtlReturned === undefined ? '' : ` (pg_ctl returned at ${s(f.pgCtlReturned)})`}` +
        `; ${recovery} ${s(f.recoveryMs)} after that` +
        `; longest stretch without a success ${s(f.longestGapMs)}${other}; ${f.requestsFailed} requests failed around it`,
    );
    out.push(
      `    ${f.caught} requests caught by it (a try under way during it failed): ${f.caughtOk} succeeded on a retry with the same key, ` +
        `the first ${s(f.caughtRecoveryMs)} after the return`,
    );
  }
  const t = r.totals;
  out.push('');
  out.push(
    `Attempts: ${t.attempts}, ${t.attemptsOk} succeeded (${t.attemptsOkPercent.toFixed(2)} %). ` +
      `Requests: ${t.requests}, ${t.requestsOk} succeeded within the budget (${t.requestsOkPercent.toFixed(3)} %), ` +
      `${t.requestsOutOfBudget} gave up when the budget ran out, ${t.requestsToldToWaitPastBudget} when Retry-After asked to wait past it, ` +
      `${t.requestsRefused} refused for good. ` +
      `Most attempts for one request: ${t.maxAttemptsOfARequest}; slowest success ${s(t.slowestSuccessMs)}; ` +
      `${t.replayedSuccesses} successes were the stored answer of an earlier try (Idempotent-Replayed).`,
  );
  const statusList = Object.entries(r.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  out.push(`Statuses of the attempts: ${statusList}`);
  const net = Object.entries(r.networkErrors)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  out.push(`Attempts without an answer: ${net || 'none'}`);
  const ra = r.retryAfter;
  out.push(
    `Retry-After: on ${ra.with503} of ${ra.with503 + ra.without503} 503s, on ${ra.with409} of ${ra.with409 + ra.without409} 409s` +
      (ra.with500 ? `, on ${ra.with500} 500s` : ''),
  );
  if (r.refusals.length) {
    out.push('Refusals, most frequent first:');
    for (const x of r.refusals.slice(0, 6)) out.push(`  ${x.count} × ${x.status} ${x.message}`);
  }
  const w = r.writes;
  out.push('');
  if (!w) out.push('Writes: NOT checked (the database could not be read)');
  else {
    out.push(
      `Writes: ${w.opensAcknowledged} cases opened and ${w.eventsAcknowledged} events acknowledged; ` +
        `lost ${w.opensLost.length} cases, ${w.eventsLost.length} events; duplicated ${w.opensDuplicated.length} cases, ${w.eventsDuplicated.length} events. ` +
        `Not acknowledged but done all the same: ${w.opensUnacknowledgedApplied} cases, ${w.eventsUnacknowledgedApplied} events. ` +
        `History of the soak's cases: ${w.historyDenied} denied, ${w.historyErrors} error entries.`,
    );
    for (const x of w.opensLost.slice(0, 5)) out.push(`  lost case: ${x}`);
    for (const x of w.eventsLost.slice(0, 5)) out.push(`  lost event: ${x.event} of ${x.caseId}`);
    for (const x of w.opensDuplicated.slice(0, 5)) out.push(`  duplicated: ${x.marker} opened ${x.cases} cases`);
    for (const x of w.eventsDuplicated.slice(0, 5)) out.push(`  duplicated: ${x.event} applied ${x.times} times to ${x.caseId}`);
  }
  const notOk = r.verify.status === 0 ? `NOT verified: ${r.verify.problem}` : `NOT intact: ${JSON.stringify(r.verify)}`;
  out.push(`Audit chain: ${r.verify.ok ? `intact (${r.verify.checked} entries checked)` : notOk}`);
  out.push(`Server log lines (warn and above) per instance: ${r.serverLogLines.join(', ')}`);
  for (const e of r.serverErrors) out.push(`  ${e.count} × logged as an error: ${e.kind}`);
  out.push('');
  out.push('Goals:');
  for (const g of r.goals) out.push(`  ${g.met ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.measured}`);
  out.push(`${r.goals.filter((g) => g.met).length} of ${r.goals.length} goals met`);
  return out.join('\n') + '\n';
}
