import { randomUUID } from 'node:crypto';
import { addCalendarDays, CASE_MACHINE_VERSION, endOfCompactDay, startCase, startOfCompactDay, type CompactDate, type DeadlineStatus } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { SupervisionCase } from '../../src/cases/case.entity';
import { CaseRepository } from '../../src/cases/case.repository';
import { CasesService } from '../../src/cases/cases.service';
import type { CaseListItemView } from '../../src/cases/dto/case.view';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { Deadline } from '../../src/deadlines/deadline.entity';
import { DeadlineRepository } from '../../src/deadlines/deadline.repository';
import { MediumApp } from './support/medium-app';
import { seeded } from './support/seeded';

const STATES: readonly StateCode[] = ['OH', 'TX', 'CA'];
const NAMES = ['Ana Ruiz', "Bo O'Neil", 'Cy Park', 'ana-maria Stone', 'Dee 100% Lopez', 'Ed_Under Wood'];
const STATUSES: readonly DeadlineStatus[] = ['open', 'open', 'met', 'cancelled'];
const CASES = 150;
const NOW = '2026-12-02T15:00:00Z';
const NO_DUE_DATE = '9999-12-31';

/**
 * The case list's search and its two orders, worked out by the database, against their meaning
 * worked out in memory over the same rows: every state, search and order, walked page by page.
 */
describe('the case list, against its meaning', () => {
  let m: MediumApp;
  let cases: SupervisionCase[];
  let deadlines: Deadline[];

  beforeAll(async () => {
    m = await MediumApp.start();
    m.time.to(NOW);
    const random = seeded(9);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const caseRows = m.get(CaseRepository);
    cases = Array.from({ length: CASES }, (_, i) => {
      const sendingState = pick(STATES);
      const receivingState = pick(STATES.filter((s) => s !== sendingState));
      const { status, snapshot } = startCase({ sendingState, receivingState });
      // Many cases changed at one instant, so that the pages break ties by id.
      const updatedAt = new Date(Date.parse(NOW) - Math.floor(random() * 40) * 3_600_000);
      return caseRows.create({
        id: randomUUID(),
        caseNumber: `${sendingState}-2026-${String(i).padStart(8, '0')}`,
        offenderName: `${pick(NAMES)} ${i}`,
        offenderId: random() < 0.5 ? `${sendingState}-N${i % 30}` : null,
        sendingState,
        receivingState,
        status,
        closureReason: null,
        transmittedAt: random() < 0.6 ? new Date(NOW) : null,
        supervisionEndsOn: null,
        plannedReleaseDate: null,
        sendingAssigneeId: null,
        receivingAssigneeId: null,
        snapshot,
        machineVersion: CASE_MACHINE_VERSION,
        version: 1,
        createdBy: randomUUID(),
        createdAt: new Date(Date.parse(NOW) - i * 60_000),
        updatedAt,
      });
    });
    const deadlineRows = m.get(DeadlineRepository);
    deadlines = cases.flatMap((c) =>
      Array.from({ length: Math.floor(random() * 4) }, () => {
        const status = pick(STATUSES);
        // Due dates over a few weeks: many shared, so that the cases tie on them.
        const dueOn = addCalendarDays('2026-12-01', Math.floor(random() * 20));
        return deadlineRows.create({
          id: randomUUID(),
          caseId: c.id,
          activityId: random() < 0.3 ? randomUUID() : null,
          limit: 'TREP',
          ruleVersion: 'TREP@2000-01-01',
          rule: pick(['3.104', '4.112', '3.103']),
          limitDays: 45,
          limitUnit: 'calendar',
          measure: null,
          responsibleSide: 'receiving',
          responsibleState: c.receivingState,
          assigneeId: null,
          startedBy: 'SUBMIT_TRANSFER_REQUEST',
          transmittedAt: null,
          receivedAt: null,
          startOn: addCalendarDays(dueOn, -45),
          startedAt: startOfCompactDay(addCalendarDays(dueOn, -45)),
          dueOn,
          dueAt: endOfCompactDay(dueOn),
          status,
          endedAt: status === 'open' ? null : new Date(NOW),
          endedBy: null,
          onTime: null,
          nextNoticeAt: null,
          createdAt: new Date(NOW),
        });
      }),
    );
    await m.get(UnitOfWork).run(async (tx) => {
      for (const c of cases) await caseRows.insert(tx, c);
      await deadlineRows.insert(tx, deadlines);
    });
  });
  afterAll(() => m.close());

  const nextDueOf = (c: SupervisionCase): Deadline | null =>
    deadlines.filter((d) => d.caseId === c.id && d.status === 'open').sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id))[0] ?? null;
  const matches = (c: SupervisionCase, q: string) => {
    const typed = q.trim().toLowerCase();
    return c.offenderName.toLowerCase().includes(typed) || c.caseNumber.toLowerCase().startsWith(typed) || c.offenderId?.toLowerCase() === typed;
  };
  /** The list the rules mean: the state's visible cases, searched, in the order asked. */
  const meant = (state: StateCode, sort: 'updated' | 'due', q?: string): string[] => {
    const keyOf = (c: SupervisionCase) => nextDueOf(c)?.dueOn ?? NO_DUE_DATE;
    return cases
      .filter((c) => c.sendingState === state || (c.receivingState === state && c.transmittedAt))
      .filter((c) => !q || matches(c, q))
      .sort((a, b) =>
        sort === 'due'
          ? keyOf(a).localeCompare(keyOf(b)) || a.id.localeCompare(b.id)
          : b.updatedAt.getTime() - a.updatedAt.getTime() || b.id.localeCompare(a.id),
      )
      .map((c) => c.id);
  };
  const walked = async (username: string, sort: 'updated' | 'due', q: string | undefined, limit: number): Promise<CaseListItemView[]> => {
    const actor = await m.actor(username);
    const all: CaseListItemView[] = [];
    let cursor: string | undefined;
    do {
      const page = await m.get(CasesService).list({ sort, q, cursor, limit }, actor);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  };

  it.each(['updated', 'due'] as const)('walks sort=%s page by page, for every state and search, each case once in its place', async (sort) => {
    let listed = 0;
    for (const state of STATES) {
      for (const q of [undefined, 'ana', 'ANA-M', `${state}-2026-000000`, `${state.toLowerCase()}-n7`, '100%', 'ed_', "o'neil", 'nobody']) {
        const expected = meant(state, sort, q);
        const items = await walked(`${state.toLowerCase()}.compact_office`, sort, q, 7);
        expect({ state, q, ids: items.map((i) => i.id) }).toEqual({ state, q, ids: expected });
        listed += items.length;
      }
    }
    expect(listed).toBeGreaterThan(CASES);
  });

  it('gives each case its earliest open deadline as nextDue, and none when none is open', async () => {
    const items = await walked('oh.compact_office', 'due', undefined, 50);
    const withDue = items.filter((i) => i.nextDue);
    expect(withDue.length).toBeGreaterThan(0);
    expect(items.length).toBeGreaterThan(withDue.length);
    for (const item of items) {
      const d = nextDueOf(cases.find((c) => c.id === item.id)!);
      expect({ id: item.id, nextDue: item.nextDue }).toEqual({
        id: item.id,
        nextDue: d && { deadlineId: d.id, dueOn: d.dueOn as CompactDate, rule: d.rule, limit: d.limit },
      });
    }
  });
});
