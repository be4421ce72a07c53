import { randomUUID } from 'node:crypto';
import type { QueryDeepPartialEntity } from 'typeorm';
import {
  ACTIVITY_STATUSES,
  CASE_MACHINE_VERSION,
  SUPERVISION_ACTIVITY_KINDS,
  SUPERVISION_ACTIVITY_MACHINE_VERSION,
  SUPERVISION_ACTIVITY_RULES,
  activityRecordOf,
  startCase,
} from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import type { Actor } from '../../machines/roles';
import { ROUTES, activityIn } from '../../machines/testing/activity-table';
import { CaseActivity } from '../../src/activities/case-activity.entity';
import { ActivityViews, type ActivityListRequest } from '../../src/activities/activity-views';
import type { SupervisionCase } from '../../src/cases/case.entity';
import { CaseRepository } from '../../src/cases/case.repository';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { MediumApp } from './support/medium-app';
import { seeded } from './support/seeded';

const STATES: readonly StateCode[] = ['OH', 'TX', 'CA'];
const CASES = 90;
const ACTIVITIES = 360;
const NOW = '2026-12-02T15:00:00Z';
const PAGE = 7;

/**
 * The list of activities across a state's cases (GET /activities), worked out by the database from
 * walks of each side's indexes, against its meaning worked out in memory over the same rows: every
 * state, side, kind, status, open or ended, and both orders, walked page by page. Some cases were
 * never sent to their receiving state, and carry action requests (as stored before the starts asked):
 * the receiving state must never see those.
 */
describe('the list of activities, against its meaning', () => {
  let m: MediumApp;
  let cases: SupervisionCase[];
  let activities: CaseActivity[];

  beforeAll(async () => {
    m = await MediumApp.start();
    m.time.to(NOW);
    const random = seeded(31);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const caseRows = m.get(CaseRepository);
    cases = Array.from({ length: CASES }, (_, i) => {
      const sendingState = pick(STATES);
      const receivingState = pick(STATES.filter((s) => s !== sendingState));
      const sent = random() < 0.8;
      return caseRows.create({
        id: randomUUID(),
        caseNumber: `${sendingState}-2026-${String(i).padStart(8, '0')}`,
        offenderName: `Person ${i}`,
        offenderId: null,
        sendingState,
        receivingState,
        status: sent ? 'active' : 'withdrawn',
        closureReason: null,
        transmittedAt: sent ? new Date(NOW) : null,
        supervisionEndsOn: null,
        plannedReleaseDate: null,
        sendingAssigneeId: null,
        receivingAssigneeId: null,
        snapshot: startCase({ sendingState, receivingState }).snapshot,
        machineVersion: CASE_MACHINE_VERSION,
        version: 1,
        createdBy: randomUUID(),
        createdAt: new Date(Date.parse(NOW) - i * 60_000),
        updatedAt: new Date(NOW),
      });
    });
    const snapshots = new Map(ROUTES.map((r) => [r, activityIn(r)]));
    activities = Array.from({ length: ACTIVITIES }, () => {
      const c = pick(cases);
      const route = c.transmittedAt ? pick(ROUTES) : pick(ROUTES.filter((r) => r.kind === 'action_request'));
      // Few instants, so that many activities share one and the pages break ties by id.
      const updatedAt = new Date(Date.parse(NOW) - Math.floor(random() * 30) * 3_600_000);
      return Object.assign(new CaseActivity(), {
        id: randomUUID(),
        caseId: c.id,
        kind: route.kind,
        sendingState: c.sendingState,
        receivingState: c.receivingState,
        status: route.status,
        linkedActivityId: null,
        snapshot: snapshots.get(route)!,
        machineVersion: SUPERVISION_ACTIVITY_MACHINE_VERSION,
        version: 1,
        startedBy: randomUUID(),
        startedByUsername: 'someone',
        startedBySide: route.startedBy,
        createdAt: new Date(updatedAt.getTime() - 86_400_000),
        updatedAt,
      });
    });
    await m.get(UnitOfWork).run(async (tx) => {
      for (const c of cases) await caseRows.insert(tx, c);
    });
    await m.dataSource.getRepository(CaseActivity).insert(activities as QueryDeepPartialEntity<CaseActivity>[]);
  });
  afterAll(() => m.close());

  const actorOf = (state: StateCode): Actor => ({ id: randomUUID(), username: `${state.toLowerCase()}.compact_office`, role: 'compact_office', state });

  /** The filter's meaning: which activities, in which order. */
  function meant(state: StateCode, request: ActivityListRequest): string[] {
    const caseOf = new Map(cases.map((c) => [c.id, c]));
    const direction = request.sort === 'waiting' ? 1 : -1;
    return activities
      .filter((a) => {
        const c = caseOf.get(a.caseId)!;
        const sending = c.sendingState === state;
        const receiving = c.receivingState === state && c.transmittedAt !== null;
        const final = (SUPERVISION_ACTIVITY_RULES[a.kind].finals as readonly string[]).includes(a.status);
        return (
          (request.side === 'sending' ? sending : request.side === 'receiving' ? receiving : sending || receiving) &&
          (!request.kind || a.kind === request.kind) &&
          (request.status === undefined || a.status === request.status) &&
          (request.open === undefined || request.open !== final)
        );
      })
      .sort((a, b) => direction * (a.updatedAt.getTime() - b.updatedAt.getTime() || (a.id < b.id ? -1 : 1)))
      .map((a) => a.id);
  }

  async function listed(state: StateCode, request: ActivityListRequest): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await m.get(ActivityViews).list({ ...request, cursor, limit: PAGE }, actorOf(state));
      expect(page.items.length).toBeLessThanOrEqual(PAGE);
      ids.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  const FILTERS: ActivityListRequest[] = [
    {},
    { open: true },
    { open: false },
    ...ACTIVITY_STATUSES.map((status) => ({ status })),
    ...SUPERVISION_ACTIVITY_KINDS.flatMap((kind): ActivityListRequest[] => [
      { kind },
      { kind, open: true },
      ...(SUPERVISION_ACTIVITY_RULES[kind].statuses as readonly string[]).map((status) => ({ kind, status })),
    ]),
  ];
  const SIDES = [undefined, 'sending', 'receiving'] as const;
  const cells = STATES.flatMap((state) => SIDES.flatMap((side) => (['updated', 'waiting'] as const).map((sort) => [state, side, sort] as const)));

  test.each(cells)('%s, side %s, sort %s: every filter pages its activities in order, each once', async (state, side, sort) => {
    let seen = 0;
    for (const filter of FILTERS) {
      const request = { ...filter, side, sort };
      const want = meant(state, request);
      expect({ filter, ids: await listed(state, request) }).toEqual({ filter, ids: want });
      seen += want.length;
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('never shows a receiving state the action requests of a case it was never sent', async () => {
    const unsent = activities.filter((a) => cases.find((c) => c.id === a.caseId)!.transmittedAt === null);
    expect(unsent.length).toBeGreaterThan(0);
    for (const state of STATES) {
      const shown = new Set(await listed(state, {}));
      const hidden = unsent.filter((a) => a.receivingState === state);
      expect(hidden.length).toBeGreaterThan(0);
      expect(hidden.filter((a) => shown.has(a.id))).toEqual([]);
      expect(unsent.filter((a) => a.sendingState === state).every((a) => shown.has(a.id))).toBe(true);
    }
  });

  it("leaves them out of the compact office's open action requests too, which lists the others addressed to it", async () => {
    const sentTo = (a: CaseActivity) => (activityRecordOf(a.snapshot).startedBySide === 'sending' ? a.receivingState : a.sendingState);
    const open = activities.filter((a) => a.kind === 'action_request' && a.status === 'open');
    const unsent = new Set(cases.filter((c) => c.transmittedAt === null).map((c) => c.id));
    expect(open.filter((a) => unsent.has(a.caseId) && sentTo(a) === a.receivingState).length).toBeGreaterThan(0);
    for (const state of STATES) {
      const listed = (await m.get(ActivityViews).openActionRequestsTo(actorOf(state))).map((r) => r.id).sort();
      const meant = open.filter((a) => sentTo(a) === state && !(unsent.has(a.caseId) && state === a.receivingState)).map((a) => a.id);
      expect(meant.length).toBeGreaterThan(0);
      expect(listed).toEqual(meant.sort());
    }
  });

  it('an open filter with a final status names nothing', async () => {
    const page = await m.get(ActivityViews).list({ kind: 'warrant', status: 'retaken', open: true }, actorOf('OH'));
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});
