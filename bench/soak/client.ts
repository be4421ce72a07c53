import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { random, sleep } from '../lib/phase';
import type { SoakPeople } from './seed';

/** The client's rules: what a well-behaved client of the API does. */
export const RETRY_BUDGET_MS = 15_000;
const MIN_GAP_MS = 200;
/**
 * Each wait is lengthened by up to this share, at random: clients that failed together (a database
 * restart fails every request under way at once) would otherwise retry together, all in the same
 * instant of each second, and the first of them after a return would come up to a second late.
 */
const JITTER = 0.25;
const jitter = random(19);
/** An attempt with no answer by then is given up and retried, as a network error. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/** Milliseconds since the soak's clock started (monotonic). */
export type Ms = number;

/** One try of a request on one instance. */
export interface Attempt {
  request: number;
  instance: number;
  start: Ms;
  end: Ms;
  /** null: no answer (refused, cut, or timed out). */
  status: number | null;
  /** The Retry-After header as sent, if any. */
  retryAfter: string | null;
  /** For an attempt without an answer, why; for a refusal, the answer's message. */
  detail?: string;
  /** A stored answer sent again (Idempotent-Replayed): an earlier try had done the work. */
  replayed?: boolean;
}

export type RequestKind = 'open' | string;

/** One request as the user meant it: the same Idempotency-Key on every attempt until it is answered or given up. */
export interface SoakRequest {
  id: number;
  kind: RequestKind;
  worker: number;
  /** The offender number of the case it opens (a marker unique to this request), or the case it moves. */
  marker?: string;
  caseId?: string;
  key: string;
  start: Ms;
  end: Ms;
  attempts: number;
  /** The last answer's status, null when the last attempt had no answer. */
  status: number | null;
  ok: boolean;
  /**
   * Why it ended without success: a final refusal, the retry budget spent, or a Retry-After that
   * asked to wait past the budget (the client gives up then rather than after the wait).
   */
  failure?: 'refused' | 'budget' | 'wait past budget';
  /** For a success: the case as answered. */
  answered?: { id: string; version: number; status: string };
}

/**
 * The instances as a load balancer sees them: round robin over all, and a retry of a request whose
 * last try found no one listening goes to another instance. An instance started again elsewhere
 * (another port) is put back in its place.
 */
export class Balancer {
  private turn = 0;

  constructor(private readonly urls: string[]) {}

  set(instance: number, url: string): void {
    this.urls[instance] = url;
  }

  url(instance: number): string {
    return this.urls[instance];
  }

  pick(avoid?: number): number {
    let i = this.turn++ % this.urls.length;
    if (i === avoid && this.urls.length > 1) i = this.turn++ % this.urls.length;
    return i;
  }
}

/** Seconds or an HTTP date, as Retry-After allows; in milliseconds from now. */
function retryAfterMs(header: string | null): number {
  if (!header) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 0;
}

/** Whether a try's outcome is worth another try: no answer, a server failure, or "still in progress" with Retry-After. */
function retryable(status: number | null, retryAfter: string | null): boolean {
  return status === null || status >= 500 || (status === 409 && retryAfter !== null);
}

export interface SoakLog {
  attempts: Attempt[];
  requests: SoakRequest[];
}

/** What each worker says to the API, and how it retries; every try and every request is logged on the soak's clock. */
export class RetryingClient {
  private nextRequest = 0;

  constructor(
    private readonly balancer: Balancer,
    private readonly t0: number,
    readonly log: SoakLog,
  ) {}

  now(): Ms {
    return performance.now() - this.t0;
  }

  async send(worker: number, kind: RequestKind, path: string, token: string, body: unknown, about: { marker?: string; caseId?: string }): Promise<SoakRequest> {
    const request: SoakRequest = {
      id: this.nextRequest++,
      kind,
      worker,
      ...about,
      key: randomUUID(),
      start: this.now(),
      end: 0,
      attempts: 0,
      status: null,
      ok: false,
    };
    const payload = JSON.stringify(body);
    let avoid: number | undefined;
    for (;;) {
      const instance = this.balancer.pick(avoid);
      const attempt: Attempt = { request: request.id, instance, start: this.now(), end: 0, status: null, retryAfter: null };
      request.attempts++;
      let answer: unknown = null;
      try {
        const res = await fetch(`${this.balancer.url(instance)}${path}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': request.key },
          body: payload,
          signal: AbortSignal.timeout(Math.floor(Math.min(ATTEMPT_TIMEOUT_MS, Math.max(1, RETRY_BUDGET_MS - (this.now() - request.start))))),
        });
        const text = await res.text();
        attempt.status = res.status;
        attempt.retryAfter = res.headers.get('retry-after');
        if (res.headers.get('idempotent-replayed') === 'true') attempt.replayed = true;
        try {
          answer = text ? JSON.parse(text) : null;
        } catch {
          answer = text;
        }
        if (res.status >= 300) attempt.detail = String((answer as { message?: unknown } | null)?.message ?? text).slice(0, 200);
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause;
        attempt.detail = (err as Error).name === 'TimeoutError' ? 'timeout' : (cause?.code ?? (err as Error).message);
      }
      attempt.end = this.now();
      this.log.attempts.push(attempt);
      request.status = attempt.status;
      if (attempt.status !== null && attempt.status < 300) {
        const view = answer as { id: string; version: number; status: string };
        request.ok = true;
        request.answered = { id: view.id, version: view.version, status: view.status };
        break;
      }
      if (!retryable(attempt.status, attempt.retryAfter)) {
        request.failure = 'refused';
        break;
      }
      const wait = Math.max(MIN_GAP_MS, retryAfterMs(attempt.retryAfter)) * (1 + JITTER * jitter());
      if (this.now() + wait - request.start > RETRY_BUDGET_MS) {
        request.failure = wait > MIN_GAP_MS ? 'wait past budget' : 'budget';
        break;
      }
      avoid = attempt.status === null ? instance : undefined;
      await sleep(wait);
    }
    request.end = this.now();
    this.log.requests.push(request);
    return request;
  }
}

/** The walk of each case, Ohio to Texas and closed: each event once, so each is recognisable in the history. */
const WALK: ReadonlyArray<{ by: keyof Omit<SoakPeople, 'password' | 'ohAuditor'>; body: Record<string, unknown> }> = [
  { by: 'ohOfficer', body: { type: 'SUBMIT_TRANSFER_REQUEST' } },
  { by: 'ohOffice', body: { type: 'TRANSMIT' } },
  { by: 'txOffice', body: { type: 'ACCEPT_TRANSFER' } },
  { by: 'ohOfficer', body: { type: 'NOTICE_OF_DEPARTURE' } },
  { by: 'txOfficer', body: { type: 'NOTICE_OF_ARRIVAL' } },
  {
    by: 'txOfficer',
    body: { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'discharged', lastKnownAddress: '12 Elm St, Austin', lastKnownEmployment: 'None' },
  },
  { by: 'ohOfficer', body: { type: 'CONFIRM_CLOSURE' } },
];

/** The case events the walk sends, by their audit action. */
export const WALK_EVENTS: readonly string[] = WALK.map((s) => String(s.body.type));

/**
 * One worker: opens a case (its offender number a marker of its own), walks it to closed with the
 * version last answered, then the next case, until `until()`. A request that fails ends its case's walk:
 * the worker cannot know where the case is, and starts a new one.
 */
export async function worker(
  client: RetryingClient,
  w: number,
  tag: string,
  tokens: Record<keyof Omit<SoakPeople, 'password'>, string>,
  until: () => Ms,
): Promise<void> {
  for (let n = 0; client.now() < until(); n++) {
    const marker = `SOAK-${tag}-${w}-${n}`;
    const opened = await client.send(
      w,
      'open',
      '/cases',
      tokens.ohOfficer,
      { offenderName: `Soak Offender ${w} ${n}`, offenderId: marker, sendingState: 'OH', receivingState: 'TX' },
      { marker },
    );
    if (!opened.answered) continue;
    let version = opened.answered.version;
    const caseId = opened.answered.id;
    for (const step of WALK) {
      if (client.now() >= until()) return;
      const sent = await client.send(
        w,
        String(step.body.type),
        `/cases/${caseId}/events`,
        tokens[step.by],
        { ...step.body, expectedVersion: version },
        { caseId },
      );
      if (!sent.answered) break;
      version = sent.answered.version;
    }
  }
}
