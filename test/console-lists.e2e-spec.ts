import { Clock } from '../src/common/clock';
import { TO_REQUESTED, type CaseStep } from './support/case-steps';
import { consoleOf, unescaped } from './support/console-pages';
import { TestApp } from './support/test-app';

interface ListedCase {
  id: string;
  caseNumber: string;
  offenderName: string;
  updatedAt: string;
  deadlines: Array<{ id: string; status: string; dueOn: string; rule: string }>;
  nextDue: { deadlineId: string; dueOn: string; rule: string; limit: string } | null;
}

const DAY = 24 * 3_600_000;
const NOW = '2026-12-02T15:00:00Z';
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * DAY).toISOString();

/** The case pages a list links to, in the order it shows them. */
const caseLinksOf = (html: string): string[] => [...html.matchAll(/<td><a href="\/console\/cases\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
/** A pager link of a list page ("Next page", "First page"), as its address reads. */
const pagerHrefOf = (html: string, label: string): string | null =>
  html.match(new RegExp(`<a class="button secondary" href="([^"]+)">${label}</a>`))?.[1]?.replace(/&amp;/g, '&') ?? null;
/** The line under the filters that says what is shown. */
const shownOf = (html: string): string =>
  unescaped(html.match(/<p class="shown" id="cases-shown">(.*?)<\/p>/s)?.[1] ?? '')
    .replace(/<[^>]+>/g, '')
    .trim();
/** The note that lists what the address held that the list does not know. */
const ignoredOf = (html: string): string | null => unescaped(html.match(/<p class="notice" role="status">([^<]*)<\/p>/)?.[1] ?? '') || null;

/** Searching, sorting and the saved filters of the case list, in the console and in the API's GET /cases. */
describe('Searching and sorting the case list', () => {
  let t: TestApp;
  const { signedIn } = consoleOf(() => t, 'Lists Subject');
  const at = (instant: string) => {
    t.app.get(Clock).runFrom(new Date(instant));
    t.forgetSignIns();
  };
  /** An Ohio-to-Texas case of `offenderName`, taken through `steps` at the clock's time. */
  const caseOf = async (offenderName: string, offenderId: string | undefined, steps: readonly CaseStep[] = []) => {
    const opened = await t.cases.open({ offenderName, offenderId, sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
    for (const [who, type, extra] of steps) await t.cases.applyEvent(opened.id, { type, ...extra }, t.actor(who), null);
    return opened;
  };
  const c = {} as Record<'alpha' | 'soon' | 'middle' | 'late' | 'texan', { id: string; caseNumber: string }>;
  const FILLERS = 50;

  beforeAll(async () => {
    t = await TestApp.start();
    // Transfer requests sent on different days: Texas's reply (rule 3.104, 45 days) falls due on different dates.
    at(daysBefore(10));
    c.late = await caseOf('Lists Bravo Late', 'OH-B-2002', TO_REQUESTED);
    at(daysBefore(40));
    c.soon = await caseOf('Lists Charlie Soon', undefined, TO_REQUESTED);
    at(daysBefore(20));
    c.middle = await caseOf('Lists Delta Middle', 'OH-D-4004', TO_REQUESTED);
    at(daysBefore(5));
    c.alpha = await caseOf('Lists Alpha McDoe', 'OH-A-5001');
    // Texas's own draft: the same name and offender number, never Ohio's to find.
    c.texan = await t.cases.open(
      { offenderName: 'Lists Alpha McDoe', offenderId: 'OH-A-5001', sendingState: 'TX', receivingState: 'OH' },
      t.actor('tx.field_officer'),
      null,
    );
    at(daysBefore(1));
    for (let i = 0; i < FILLERS; i++) await caseOf(`Lists Filler ${i}`, undefined);
    at(NOW);
  });
  afterAll(() => t.close());

  const api = async (who: string, query: Record<string, string | number>, status = 200) =>
    (await t.as(who)).get(`/cases?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`).expect(status);
  const found = async (who: string, query: Record<string, string | number>): Promise<ListedCase[]> => (await api(who, { limit: 200, ...query })).body.items;
  const idsOf = (items: readonly { id: string }[]) => items.map((i) => i.id);
  /** Every case of the list through its pages of `limit`, following nextCursor. */
  const walked = async (who: string, query: Record<string, string>, limit: number): Promise<ListedCase[]> => {
    const all: ListedCase[] = [];
    let cursor: string | null = null;
    do {
      const body: { items: ListedCase[]; nextCursor: string | null } = (await api(who, { ...query, limit, ...(cursor ? { cursor } : {}) })).body;
      expect(body.items.length).toBeLessThanOrEqual(limit);
      all.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return all;
  };

  describe('the search box q', () => {
    it("finds a case by a part of the offender's name, whatever its case", async () => {
      expect(idsOf(await found('oh.field_officer', { q: 'alpha mcdoe' }))).toEqual([c.alpha.id]);
      expect(idsOf(await found('oh.field_officer', { q: 'ALPHA' }))).toEqual([c.alpha.id]);
      expect(idsOf(await found('oh.field_officer', { q: '  mcDoe ' }))).toEqual([c.alpha.id]);
    });

    it('finds a case by its case number, whole or its start, whatever its case', async () => {
      expect(idsOf(await found('oh.field_officer', { q: c.middle.caseNumber }))).toEqual([c.middle.id]);
      expect(idsOf(await found('oh.field_officer', { q: c.middle.caseNumber.toLowerCase() }))).toEqual([c.middle.id]);
      expect(idsOf(await found('oh.field_officer', { q: c.middle.caseNumber.slice(0, -3).toLowerCase() }))).toEqual([c.middle.id]);
      // The start of the number, not any part of it: the tail alone finds nothing.
      expect(await found('oh.field_officer', { q: c.middle.caseNumber.slice(-6) })).toEqual([]);
    });

    it('finds a case by its offender number, whole or its start, whatever its case, and not by its tail', async () => {
      expect(idsOf(await found('oh.field_officer', { q: 'oh-d-4004' }))).toEqual([c.middle.id]);
      expect(idsOf(await found('oh.field_officer', { q: 'OH-B-2002' }))).toEqual([c.late.id]);
      expect(idsOf(await found('oh.field_officer', { q: 'OH-D-40' }))).toEqual([c.middle.id]);
      expect(await found('oh.field_officer', { q: 'D-4004' })).toEqual([]);
    });

    it("never finds another state's case, though it matches", async () => {
      expect(idsOf(await found('tx.field_officer', { q: 'oh-a-5001' }))).toEqual([c.texan.id]);
      expect(idsOf(await found('oh.field_officer', { q: 'oh-a-5001' }))).toEqual([c.alpha.id]);
      expect(idsOf(await found('oh.field_officer', { q: c.texan.caseNumber }))).toEqual([]);
      expect(await found('ca.field_officer', { q: 'Lists' })).toEqual([]);
    });

    it('takes wildcards as what they are, marks between words', async () => {
      expect((await found('oh.field_officer', { q: 'Lists' })).length).toBe(FILLERS + 4);
      expect(await found('oh.field_officer', { q: '%' })).toEqual([]);
      expect((await found('oh.field_officer', { q: 'Lists_Filler' })).length).toBe(FILLERS);
    });
  });

  describe('the order', () => {
    it('is the last change first by default, and with sort=updated', async () => {
      const byDefault = await found('oh.field_officer', {});
      expect(byDefault.length).toBe(FILLERS + 4);
      expect(byDefault.map((i) => i.updatedAt)).toEqual([...byDefault.map((i) => i.updatedAt)].sort().reverse());
      expect(idsOf(await found('oh.field_officer', { sort: 'updated' }))).toEqual(idsOf(byDefault));
      // Opened five days ago, Alpha changed after the three sent before it.
      expect(idsOf(byDefault).indexOf(c.alpha.id)).toBeLessThan(idsOf(byDefault).indexOf(c.late.id));
    });

    it('with sort=due, is the earliest open deadline first, by its Eastern due date, and the cases without one last, by id', async () => {
      const items = await found('oh.field_officer', { sort: 'due' });
      expect(items.length).toBe(FILLERS + 4);
      expect(idsOf(items.slice(0, 3))).toEqual([c.soon.id, c.middle.id, c.late.id]);
      const due = items.slice(0, 3).map((i) => i.nextDue!);
      expect(due.map((d) => d.dueOn)).toEqual([...due.map((d) => d.dueOn)].sort());
      expect(new Set(due.map((d) => d.dueOn)).size).toBe(3);
      // The next due date is the case's earliest open deadline, as the case's answer gives its deadlines.
      for (const item of items.slice(0, 3)) {
        const open = item.deadlines.filter((d) => d.status === 'open').sort((a, b) => a.dueOn.localeCompare(b.dueOn));
        expect(open.length).toBeGreaterThan(0);
        expect(item.nextDue).toEqual({ deadlineId: open[0].id, dueOn: open[0].dueOn, rule: open[0].rule, limit: expect.any(String) });
        expect(item.nextDue!.rule).toBe('3.104');
      }
      const rest = items.slice(3);
      expect(rest.every((i) => i.nextDue === null)).toBe(true);
      expect(idsOf(rest)).toEqual([...idsOf(rest)].sort());
      expect(idsOf(rest)).toContain(c.alpha.id);
    });

    it.each(['due', 'updated'])('pages through sort=%s with a small limit, giving every case once, in the order of one page', async (sort) => {
      const whole = idsOf(await found('oh.field_officer', { sort }));
      expect(whole.length).toBe(FILLERS + 4);
      const paged = idsOf(await walked('oh.field_officer', { sort }, 3));
      expect(paged).toEqual(whole);
      expect(idsOf(await walked('oh.field_officer', { sort, q: 'Lists' }, 2))).toEqual(idsOf(await found('oh.field_officer', { sort, q: 'Lists' })));
    });

    it('refuses a cursor of one order used with the other, naming the problem, and an unknown sort', async () => {
      const { nextCursor } = (await api('oh.field_officer', { sort: 'due', limit: 2 })).body;
      expect(nextCursor).toEqual(expect.any(String));
      const mixed = await api('oh.field_officer', { sort: 'updated', limit: 2, cursor: nextCursor }, 400);
      expect(mixed.body.message).toContain('cursor is of the list in the order sort=due, not sort=updated');
      const defaulted = await api('oh.field_officer', { limit: 2, cursor: nextCursor }, 400);
      expect(defaulted.body.message).toContain('not sort=updated');
      const unknown = await api('oh.field_officer', { sort: 'sideways' }, 400);
      expect(unknown.body.message).toContain('sort must be one of: updated, waiting, due');
    });
  });

  describe('the console list', () => {
    it('finds each kind of search from the one box, whose label and placeholder name the three', async () => {
      const agent = await signedIn('oh.field_officer');
      const empty = (await agent.get('/console/cases').expect(200)).text;
      expect(empty).toContain('Search by offender name, case number or offender number');
      expect(empty).toMatch(/placeholder="e\.g\. Doe, OH-2026-7KQ2, or A-1234567"/);
      expect(caseLinksOf(empty).length).toBe(50);
      for (const [q, id] of [
        ['mcdoe', c.alpha.id],
        // A name as it is being typed, and the start of an offender number.
        ['mcd', c.alpha.id],
        ['del mid', c.middle.id],
        [c.late.caseNumber.slice(0, -2).toLowerCase(), c.late.id],
        ['oh-d-4004', c.middle.id],
        ['OH-D-40', c.middle.id],
      ]) {
        const html = (await agent.get(`/console/cases?q=${encodeURIComponent(q)}`).expect(200)).text;
        expect({ q, links: caseLinksOf(html) }).toEqual({ q, links: [id] });
        expect(html).toContain(`value="${q}"`);
      }
      const hidden = (await agent.get(`/console/cases?q=${c.texan.caseNumber}`).expect(200)).text;
      expect(caseLinksOf(hidden)).toEqual([]);
      expect(hidden).toContain('No case matches.');
    });

    it('shows the next due date, Eastern, and its rule, sorted by it when asked, and says what is shown', async () => {
      const agent = await signedIn('oh.field_officer');
      const html = (await agent.get('/console/cases?sort=due&q=Lists').expect(200)).text;
      expect(caseLinksOf(html).slice(0, 3)).toEqual([c.soon.id, c.middle.id, c.late.id]);
      expect(html).toContain('<th scope="col">Next due (Eastern)</th>');
      const { nextDue } = (await found('oh.field_officer', { q: c.soon.caseNumber }))[0];
      const row = html.slice(html.indexOf(c.soon.id), html.indexOf('</tr>', html.indexOf(c.soon.id)));
      expect(row).toContain(`<span class="num">${nextDue!.dueOn}</span>`);
      expect(row).toContain('rule 3.104');
      // Alpha ties with the fillers (none has an open deadline), which fill the page in the order of their ids: asked for by its number, whose exact match comes first.
      const alone = (await agent.get(`/console/cases?sort=due&q=${c.alpha.caseNumber}`).expect(200)).text;
      expect(caseLinksOf(alone)[0]).toBe(c.alpha.id);
      const alphaRow = alone.slice(alone.indexOf(c.alpha.id), alone.indexOf('</tr>', alone.indexOf(c.alpha.id)));
      expect(alphaRow).toContain('none open');
      expect(shownOf(html)).toBe('Cases of OH, matching “Lists”, sorted by next due date. Clear filters');
      expect(html).toContain('<option value="due" selected>');
      // The default order shows the next due dates too.
      const byChange = (await agent.get('/console/cases?q=Charlie').expect(200)).text;
      expect(byChange).toContain(`<span class="num">${nextDue!.dueOn}</span>`);
      expect(shownOf(byChange)).toBe('Cases of OH, matching “Charlie”, sorted by last change. Clear filters');
    });

    it('keeps every filter in the pager links, so that the next page and the first are of the same list', async () => {
      const agent = await signedIn('oh.field_officer');
      const first = (await agent.get('/console/cases?q=Lists&status=draft&side=sending&sort=due').expect(200)).text;
      expect(shownOf(first)).toBe('Cases of OH, matching “Lists”, status draft, where OH is the sending state, sorted by next due date. Clear filters');
      const firstLinks = caseLinksOf(first);
      expect(firstLinks.length).toBe(50);
      const next = pagerHrefOf(first, 'Next page');
      expect(next).not.toBeNull();
      const nextParams = new URL(next!, 'http://console').searchParams;
      expect({ q: nextParams.get('q'), status: nextParams.get('status'), side: nextParams.get('side'), sort: nextParams.get('sort') }).toEqual({
        q: 'Lists',
        status: 'draft',
        side: 'sending',
        sort: 'due',
      });
      const second = (await agent.get(next!).expect(200)).text;
      const secondLinks = caseLinksOf(second);
      // The drafts are Alpha and the fillers, none of which has an open deadline.
      expect(secondLinks.length).toBe(FILLERS + 1 - 50);
      expect(firstLinks.filter((id) => secondLinks.includes(id))).toEqual([]);
      expect(pagerHrefOf(second, 'Next page')).toBeNull();
      expect(shownOf(second)).toBe(shownOf(first));
      expect(pagerHrefOf(second, 'First page')).toBe('/console/cases?q=Lists&status=draft&side=sending&sort=due');
      // The bookmarked address gives the same list again.
      expect(caseLinksOf((await agent.get(pagerHrefOf(second, 'First page')!).expect(200)).text)).toEqual(firstLinks);
    });

    it('offers to clear the filters once one is set', async () => {
      const agent = await signedIn('oh.field_officer');
      const plain = (await agent.get('/console/cases').expect(200)).text;
      expect(shownOf(plain)).toBe('Cases of OH, sorted by last change.');
      expect(plain).not.toContain('Clear filters');
      const filtered = (await agent.get('/console/cases?status=transfer_requested').expect(200)).text;
      expect(caseLinksOf(filtered).sort()).toEqual([c.soon.id, c.middle.id, c.late.id].sort());
      expect(filtered).toContain('<a href="/console/cases">Clear filters</a>');
    });

    it('opens a bookmark with values it does not know, leaving them out and saying which', async () => {
      const agent = await signedIn('oh.field_officer');
      const html = (await agent.get('/console/cases?q=Lists&status=nonsense&side=upside&sort=sideways').expect(200)).text;
      expect(ignoredOf(html)).toBe(
        'Left out of the address, as this list does not know them: status “nonsense” (not a status of a case); side “upside” (sending or receiving); sort “sideways” (updated, waiting or due).',
      );
      expect(shownOf(html)).toBe('Cases of OH, matching “Lists”, sorted by last change. Clear filters');
      expect(caseLinksOf(html).length).toBe(50);
      expect(pagerHrefOf(html, 'Next page')).not.toContain('nonsense');
      // A cursor of the other order, or none at all, gives the first page, and says so.
      const plain = (await agent.get('/console/cases').expect(200)).text;
      const { nextCursor } = (await api('oh.field_officer', { sort: 'due', limit: 2 })).body;
      for (const cursor of [nextCursor, 'not-a-cursor']) {
        const page = (await agent.get(`/console/cases?sort=updated&cursor=${cursor}`).expect(200)).text;
        expect(ignoredOf(page)).toContain('the page position (cursor), of another order or not one at all: this is the first page');
        expect(caseLinksOf(page)).toEqual(caseLinksOf(plain));
      }
      const clean = (await agent.get('/console/cases?q=Lists').expect(200)).text;
      expect(ignoredOf(clean)).toBeNull();
    });
  });
});
