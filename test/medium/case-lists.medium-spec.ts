import { randomUUID } from 'node:crypto';
import { addCalendarDays, CASE_MACHINE_VERSION, startCase, type CompactDate, type DeadlineStatus } from '../../machines';
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
import { deadlineRow } from '../support/deadline-rows';
import { onPostgres } from '../support/test-database';
import { CaseSearchWords1796050000000 as PostgresCaseSearchWords } from '../../src/database/migrations/postgres/1796050000000-CaseSearchWords';
import { CaseSearchWords1796050000000 as SqliteCaseSearchWords } from '../../src/database/migrations/sqlite/1796050000000-CaseSearchWords';

const STATES: readonly StateCode[] = ['OH', 'TX', 'CA'];
const NAMES = ['Ana Ruiz', "Bo O'Neil", 'Cy Park', 'ana-maria Stone', 'Dee 100% Lopez', 'Ed_Under Wood', 'José Núñez', 'ZOË Ångström-Ruiz', 'Anaïs Orr'];
// Stored as the row says; what the list shows of a case does not depend on it.
const CASE_STATUSES_SEEN = ['draft', 'transfer_requested', 'active', 'closed'] as const;
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
      const { snapshot } = startCase({ sendingState, receivingState });
      const status = pick(CASE_STATUSES_SEEN);
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
    deadlines = cases.flatMap((c) =>
      Array.from({ length: Math.floor(random() * 4) }, () => {
        const status = pick(STATUSES);
        // Due dates over a few weeks: many shared, so that the cases tie on them.
        const dueOn = addCalendarDays('2026-12-01', Math.floor(random() * 20));
        return deadlineRow({
          id: randomUUID(),
          caseId: c.id,
          dueOn,
          status,
          activityId: random() < 0.3 ? randomUUID() : null,
          rule: pick(['3.104', '4.112', '3.103']),
          responsibleState: c.receivingState,
          endedAt: status === 'open' ? null : new Date(NOW),
          createdAt: new Date(NOW),
        });
      }),
    );
    await m.get(UnitOfWork).run(async (tx) => {
      for (const c of cases) await caseRows.insert(tx, c);
      await m.get(DeadlineRepository).insert(tx, deadlines);
    });
  });
  afterAll(() => m.close());

  const nextDueOf = (c: SupervisionCase): Deadline | null =>
    deadlines.filter((d) => d.caseId === c.id && d.status === 'open').sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id))[0] ?? null;
  // The search's meaning, hand-written: lower case and no accents; words are runs of letters and
  // digits; a number is one word without its -./_ marks. Every piece of q between white space must be
  // the start of a phrase of the name's words (its last word a prefix), or the start of a number.
  const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const wordsOf = (text: string) =>
    folded(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const numberOf = (text: string) => wordsOf(text.replace(/[-./_]/g, ''));
  const phraseIn = (phrase: string[], words: string[]) =>
    phrase.length > 0 && words.some((_, at) => phrase.every((w, i) => (i === phrase.length - 1 ? (words[at + i] ?? '').startsWith(w) : words[at + i] === w)));
  const pieceMatches = (c: SupervisionCase, piece: string) =>
    phraseIn(wordsOf(piece), wordsOf(c.offenderName)) || [c.caseNumber, c.offenderId].some((n) => n !== null && phraseIn(numberOf(piece), numberOf(n)));
  const matches = (c: SupervisionCase, q: string) => {
    const pieces = q.split(/\s+/).filter((p) => wordsOf(p).length > 0);
    return pieces.length > 0 && pieces.every((p) => pieceMatches(c, p));
  };
  /** The case whose number is q itself comes before the other matches. */
  const isExact = (c: SupervisionCase, q: string) => [c.caseNumber, c.offenderId].some((n) => n?.toLowerCase() === q.trim().toLowerCase());
  type Filter = { q?: string; side?: 'sending' | 'receiving'; status?: (typeof CASE_STATUSES_SEEN)[number] };
  /** The list the rules mean: the state's visible cases on the side asked, of the status, searched, in the order asked. */
  const meant = (state: StateCode, sort: 'updated' | 'waiting' | 'due', f: Filter = {}): string[] => {
    const keyOf = (c: SupervisionCase) => nextDueOf(c)?.dueOn ?? NO_DUE_DATE;
    const sending = (c: SupervisionCase) => c.sendingState === state;
    const receiving = (c: SupervisionCase) => c.receivingState === state && c.transmittedAt !== null;
    const q = f.q?.trim() || undefined;
    return cases
      .filter((c) => (f.side === 'sending' ? sending(c) : f.side === 'receiving' ? receiving(c) : sending(c) || receiving(c)))
      .filter((c) => !f.status || c.status === f.status)
      .filter((c) => !q || matches(c, q))
      .sort(
        (a, b) =>
          (q ? Number(isExact(b, q)) - Number(isExact(a, q)) : 0) ||
          (sort === 'due'
            ? keyOf(a).localeCompare(keyOf(b)) || a.id.localeCompare(b.id)
            : sort === 'waiting'
              ? a.updatedAt.getTime() - b.updatedAt.getTime() || a.id.localeCompare(b.id)
              : b.updatedAt.getTime() - a.updatedAt.getTime() || b.id.localeCompare(a.id)),
      )
      .map((c) => c.id);
  };
  const walked = async (username: string, sort: 'updated' | 'waiting' | 'due', f: Filter, limit: number): Promise<CaseListItemView[]> => {
    const actor = await m.actor(username);
    const all: CaseListItemView[] = [];
    let cursor: string | undefined;
    do {
      const page = await m.get(CasesService).list({ sort, ...f, cursor, limit }, actor);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      if (page.nextCursor) expect(page.items).toHaveLength(limit);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  };

  /** Searches of each kind: name words and their starts, accents and case, numbers whole and started, and text that is query syntax elsewhere. */
  const searchesFor = (state: StateCode): string[] => [
    'ana',
    'ANA-M',
    `${state}-2026-000000`,
    `${state}-2026-00000012`,
    `${state.toLowerCase()}-n7`,
    `${state.toLowerCase()}-n1`,
    '100%',
    'ed_',
    "o'neil",
    'jose',
    'NUNEZ',
    'núñ',
    'angs',
    'zoe ruiz',
    'ruiz ana',
    'nobody',
    '"ana',
    'ana*',
    'ana OR cy',
    'NEAR(ana cy)',
    'ana -ruiz',
    'ruiz:ana',
    '*',
    '-',
    "'",
  ];

  // A search walks each side in the list's order: the engine's windows (250 rows, then 4000 more)
  // read these sides to their end; narrower ones stop before the page is sure, some of the time or
  // nearly always, go on from there, and then the full-text index serves the page. Each way must give
  // the same pages.
  const WINDOWS = [
    [250, 4000],
    [40, 40],
    [4, 8],
  ] as const;
  const bySortAndWindow = (['updated', 'waiting', 'due'] as const).flatMap((sort) => WINDOWS.map(([rows, onRows]) => [sort, rows, onRows] as const));
  let fullTextPages: jest.SpyInstance;
  beforeEach(() => {
    fullTextPages = jest.spyOn(CaseRepository.prototype as unknown as { fullTextPage: () => Promise<unknown> }, 'fullTextPage');
  });
  afterEach(() => {
    fullTextPages.mockRestore();
    m.get(CaseRepository).searchWalk = { rows: WINDOWS[0][0], onRows: WINDOWS[0][1] };
  });
  const walkingRows = (rows: number, onRows: number) => {
    m.get(CaseRepository).searchWalk = { rows, onRows };
  };
  const expectFullTextPages = (rows: number) => {
    if (rows === WINDOWS[0][0]) expect(fullTextPages).not.toHaveBeenCalled();
    if (rows === WINDOWS[WINDOWS.length - 1][0]) expect(fullTextPages).toHaveBeenCalled();
  };

  it.each(bySortAndWindow)(
    'walks sort=%s page by page, for every state and search, each case once in its place (a search walks %i rows a side, then %i)',
    async (sort, rows, onRows) => {
      walkingRows(rows, onRows);
      let listed = 0;
      for (const state of STATES) {
        for (const q of [undefined, ...searchesFor(state)]) {
          const expected = meant(state, sort, { q });
          // Folded accents, name words in any order and marks typed as text each find someone.
          if (q && ['jose', 'NUNEZ', 'núñ', 'angs', 'zoe ruiz', 'ruiz ana', 'ana -ruiz', '"ana', 'ana*'].includes(q))
            expect({ q, found: expected.length > 0 }).toEqual({ q, found: true });
          const items = await walked(`${state.toLowerCase()}.compact_office`, sort, { q }, 7);
          expect({ state, q, ids: items.map((i) => i.id) }).toEqual({ state, q, ids: expected });
          listed += items.length;
        }
      }
      expect(listed).toBeGreaterThan(CASES);
      expectFullTextPages(rows);
    },
  );

  it.each(bySortAndWindow)(
    'walks sort=%s page by page with each side and status, searched or not, every page as the filters mean (a search walks %i rows a side, then %i)',
    async (sort, rows, onRows) => {
      walkingRows(rows, onRows);
      let listed = 0;
      for (const state of STATES) {
        for (const side of [undefined, 'sending', 'receiving'] as const) {
          for (const status of [undefined, ...CASE_STATUSES_SEEN]) {
            for (const q of [undefined, 'ana', `${state}-2026-000001`, `${state.toLowerCase()}-n1`]) {
              const f: Filter = { q, side, status };
              const expected = meant(state, sort, f);
              const items = await walked(`${state.toLowerCase()}.compact_office`, sort, f, 4);
              expect({ state, f, ids: items.map((i) => i.id) }).toEqual({ state, f, ids: expected });
              listed += items.length;
            }
          }
        }
      }
      expect(listed).toBeGreaterThan(CASES);
      expectFullTextPages(rows);
    },
  );

  it("fills every case's words from its name and numbers when the migration CaseSearchWords comes up: the same pages as before it went down", async () => {
    const searches = ['ana', 'núñ', "o'neil", 'zoe ruiz', 'OH-N1', 'OH-2026-0000001'];
    const pages = async () => {
      const all: string[][] = [];
      for (const q of searches) all.push((await walked('oh.compact_office', 'updated', { q }, 7)).map((i) => i.id));
      return all;
    };
    const before = await pages();
    expect(before.map((ids) => ids.length > 0)).toEqual(searches.map(() => true));
    expect(before).toEqual(searches.map((q) => meant('OH', 'updated', { q })));
    const runner = m.dataSource.createQueryRunner();
    try {
      const migration = onPostgres ? new PostgresCaseSearchWords() : new SqliteCaseSearchWords();
      await migration.down(runner);
      expect((await runner.getTable('cases'))!.columns.map((c) => c.name)).not.toContain('search_name');
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await pages()).toEqual(before);
  });

  it('puts the cases whose offender number is the search first, then those whose number starts with it, across pages', async () => {
    const items = await walked('oh.compact_office', 'updated', { q: 'OH-N1' }, 3);
    const numbers = items.map((i) => i.offenderId);
    const whole = numbers.filter((n) => n === 'OH-N1').length;
    expect(whole).toBeGreaterThan(0);
    expect(numbers.length).toBeGreaterThan(whole + 3);
    expect(numbers.slice(0, whole)).toEqual(Array(whole).fill('OH-N1'));
    expect(numbers.slice(whole).every((n) => n?.startsWith('OH-N1') && n !== 'OH-N1')).toBe(true);
  });

  it('gives each case its earliest open deadline as nextDue, and none when none is open', async () => {
    const items = await walked('oh.compact_office', 'due', {}, 50);
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
