import { randomUUID } from 'node:crypto';
import type { QueryDeepPartialEntity } from 'typeorm';
import { REOPEN_REQUEST_MACHINE_VERSION, type PersistedReopenRequestSnapshot, type ReopenRequestStatus } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { encodeCaseCursor } from '../../src/cases/case-cursor';
import { ReopenRequest } from '../../src/reopen-requests/reopen-request.entity';
import { ReopenRequestRepository, type ReopenRequestQuery } from '../../src/reopen-requests/reopen-request.repository';
import { MediumApp } from './support/medium-app';
import { seeded } from './support/seeded';

const STATES: readonly StateCode[] = ['OH', 'TX', 'CA'];
const STATUSES: readonly ReopenRequestStatus[] = ['pending', 'approved', 'denied', 'withdrawn'];
const ROWS = 240;

/**
 * The pages of reopen requests (a compact office's queue: those its state receives; everyone else's:
 * those of both sides), worked out by the database from a walk of each side's index, against their
 * meaning worked out in memory over the same rows: every state, side, status and page.
 */
describe('the reopen request queues, against their meaning', () => {
  let m: MediumApp;
  let rows: ReopenRequest[];

  beforeAll(async () => {
    m = await MediumApp.start();
    const random = seeded(23);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    rows = Array.from({ length: ROWS }, () => {
      const sendingState = pick(STATES);
      const receivingState = pick(STATES.filter((s) => s !== sendingState));
      // Few instants, so that many requests share one and the pages break ties by id.
      const createdAt = new Date(Date.UTC(2026, 10, 1 + Math.floor(random() * 12), 15));
      return Object.assign(new ReopenRequest(), {
        id: randomUUID(),
        caseId: randomUUID(),
        sendingState,
        receivingState,
        status: pick(STATUSES),
        reason: 'New information',
        requestedBy: randomUUID(),
        requestedByUsername: `${receivingState.toLowerCase()}.field_officer`,
        decidedBy: null,
        decidedByUsername: null,
        decisionReason: null,
        snapshot: {} as PersistedReopenRequestSnapshot,
        machineVersion: REOPEN_REQUEST_MACHINE_VERSION,
        version: 1,
        createdAt,
        updatedAt: createdAt,
        decidedAt: null,
      });
    });
    await m.dataSource.getRepository(ReopenRequest).insert(rows as QueryDeepPartialEntity<ReopenRequest>[]);
  });
  afterAll(() => m.close());

  it('pages each state, side and status oldest first, showing each request once', async () => {
    let walked = 0;
    for (const state of STATES)
      for (const receivingOnly of [true, false])
        for (const status of [undefined, ...STATUSES]) {
          const meant = rows
            .filter((r) => r.receivingState === state || (!receivingOnly && r.sendingState === state))
            .filter((r) => !status || r.status === status)
            .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
            .map((r) => r.id);
          const listed: string[] = [];
          let cursor: string | undefined;
          do {
            const query: ReopenRequestQuery = { state, receivingOnly, status, cursor, limit: 7 };
            const page = await m.get(ReopenRequestRepository).page(query);
            const shown = page.slice(0, 7);
            listed.push(...shown.map((r) => r.id));
            const last = shown[shown.length - 1];
            cursor = page.length > 7 && last ? encodeCaseCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : undefined;
          } while (cursor);
          expect({ state, receivingOnly, status, listed }).toEqual({ state, receivingOnly, status, listed: meant });
          walked += listed.length;
        }
    expect(walked).toBeGreaterThan(0);
  });
});
