import { randomUUID } from 'node:crypto';
import type { CaseStatus } from '../../machines';

/** One request of the load, and what became of it. */
export interface SentEvent {
  caseId: string;
  /** Its Idempotency-Key. */
  key: string;
  /** The server's id of the request (its X-Request-Id answer header), which the audit entry it wrote names; null without an answer. */
  requestId: string | null;
  username: string;
  body: Record<string, unknown>;
  server: string;
  /** null: no answer came (the server died, or refused the connection). */
  status: number | null;
  answer: any;
  replayed: boolean;
}

type Step = { by: string; body: Record<string, unknown> };

/** What may happen next to an Ohio→Texas case; two steps are two people racing to decide it. */
const NEXT: Record<CaseStatus, Step[]> = {
  draft: [{ by: 'oh.field_officer', body: { type: 'SUBMIT_TRANSFER_REQUEST' } }],
  compact_office_review: [
    { by: 'oh.compact_office', body: { type: 'TRANSMIT' } },
    { by: 'oh.compact_office', body: { type: 'SEND_BACK', reason: 'Sign the forms first' } },
  ],
  // The walk never asks for reporting instructions, nor waits the weeks the arrival limits take.
  reporting_instructions_requested: [],
  reporting_instructions_granted: [],
  reporting_instructions_denied: [],
  transfer_requested: [
    { by: 'tx.compact_office', body: { type: 'ACCEPT_TRANSFER' } },
    { by: 'tx.compact_office', body: { type: 'REJECT_TRANSFER', reason: 'No approved residence yet', rejectionKind: 'incomplete' } },
  ],
  rejected: [{ by: 'oh.field_officer', body: { type: 'SUBMIT_TRANSFER_REQUEST' } }],
  accepted: [{ by: 'oh.field_officer', body: { type: 'NOTICE_OF_DEPARTURE' } }],
  acceptance_withdrawn: [],
  departed: [{ by: 'tx.field_officer', body: { type: 'NOTICE_OF_ARRIVAL' } }],
  failed_to_arrive: [],
  active: [
    {
      by: 'tx.field_officer',
      body: { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'discharged', lastKnownAddress: '12 Elm St, Austin', lastKnownEmployment: 'None' },
    },
  ],
  closure_pending: [
    { by: 'oh.field_officer', body: { type: 'CONFIRM_CLOSURE' } },
    { by: 'oh.field_officer', body: { type: 'REJECT_CLOSURE', reason: 'Supervision is not finished' } },
  ],
  closed: [{ by: 'tx.compact_office', body: { type: 'REOPEN', reason: 'A new violation was reported' } }],
  withdrawn: [],
};

export interface LoadOptions {
  servers: string[];
  tokens: Record<string, string>;
  caseIds: string[];
  /** Steps each case takes at most (a step is one event, or two racing ones). */
  steps: number;
  /** Every how many steps a client sends the same request twice at once (the same key), as a retry racing itself. */
  duplicateEvery?: number;
  /** Where the requests are recorded as their answers come, for a test that acts in the middle of the load. */
  log?: SentEvent[];
}

/**
 * Walks every case along its lifecycle at once, as many users would: each step sends the next event
 * with the version last seen, and where two outcomes are possible, sends both at the same moment
 * through different servers. Every request carries an Idempotency-Key. Stops a case's walk when a
 * server no longer answers.
 */
export async function runLoad(o: LoadOptions): Promise<SentEvent[]> {
  const sent: SentEvent[] = o.log ?? [];
  let turn = 0;
  const nextServer = () => o.servers[turn++ % o.servers.length];
  await Promise.all(
    o.caseIds.map(async (caseId, index) => {
      for (let step = 0; step < o.steps; step++) {
        const seen = await readCase(nextServer(), o.tokens['oh.field_officer'], caseId);
        if (!seen || NEXT[seen.status as CaseStatus].length === 0) return;
        const steps = NEXT[seen.status as CaseStatus];
        const duplicate = o.duplicateEvery !== undefined && (step + index) % o.duplicateEvery === 0;
        const requests =
          steps.length > 1
            ? steps.map((s) => ({ ...s, key: randomUUID() }))
            : duplicate
              ? [0, 1].map(() => ({ ...steps[0], key: '' }))
              : [{ ...steps[0], key: randomUUID() }];
        const sharedKey = randomUUID();
        const results = await Promise.all(
          requests.map((r) => sendEvent(nextServer(), o.tokens[r.by], caseId, { ...r.body, expectedVersion: seen.version }, r.key || sharedKey, r.by)),
        );
        sent.push(...results);
        if (results.every((r) => r.status === null)) return;
      }
    }),
  );
  return sent;
}

async function readCase(server: string, token: string, caseId: string): Promise<{ status: string; version: number } | null> {
  try {
    const res = await fetch(`${server}/cases/${caseId}`, { headers: { Authorization: `Bearer ${token}` } });
    return res.ok ? ((await res.json()) as { status: string; version: number }) : null;
  } catch {
    return null;
  }
}

export async function sendEvent(
  server: string,
  token: string,
  caseId: string,
  body: Record<string, unknown>,
  key: string,
  username: string,
): Promise<SentEvent> {
  const sentEvent: SentEvent = { caseId, key, requestId: null, username, body, server, status: null, answer: null, replayed: false };
  try {
    const res = await fetch(`${server}/cases/${caseId}/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    sentEvent.requestId = res.headers.get('x-request-id');
    sentEvent.status = res.status;
    sentEvent.answer = text ? JSON.parse(text) : null;
    sentEvent.replayed = res.headers.get('idempotent-replayed') === 'true';
  } catch {
    // No answer: the connection was refused or cut. Whether it was applied is for the checks to find out.
  }
  return sentEvent;
}
