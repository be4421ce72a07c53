import { randomUUID } from 'node:crypto';
import { Clock } from '../src/common/clock';
import { Deadline } from '../src/deadlines/deadline.entity';
import { deadlineRow } from './support/deadline-rows';
import { WORKLOAD_COUNTED_UP_TO } from '../src/deadlines/deadline.repository';
import { TO_REQUESTED } from './support/case-steps';
import { consoleOf } from './support/console-pages';
import { TestApp } from './support/test-app';

interface WorkloadLine {
  caseId: string;
  activityId: string | null;
  assigneeId: string | null;
  dueOn: string;
  overdue: boolean;
}

const DAY = 24 * 3_600_000;
const NOW = '2026-12-02T15:00:00Z';
const TODAY = '2026-12-02';
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The count a section's heading gives, e.g. "Overdue (2)". */
const countOf = (html: string, id: string): number => Number(html.match(new RegExp(`<h2 id="${id}-heading">[^<]*<span class="count">\\((\\d+)`))?.[1]);
/** The links of a section of the page, in order. */
const linksOf = (html: string, id: string): string[] => {
  const start = html.indexOf(`<h2 id="${id}-heading">`);
  const section = html.slice(start, html.indexOf('</section>', start));
  return [...section.matchAll(/<a href="(\/console\/(?:cases|activities)\/[^"]+)"/g)].map((m) => m[1]);
};

/** My work: the first page after sign-in, what falls due and what waits. */
describe('My work in the web console', () => {
  let t: TestApp;
  const { browser, signIn, signedIn, caseAfter } = consoleOf(() => t, 'Work Subject');
  const at = (instant: string) => {
    t.app.get(Clock).runFrom(new Date(instant));
    t.forgetSignIns();
  };
  const cases: Record<'late' | 'today' | 'week' | 'review', string> = { late: '', today: '', week: '', review: '' };

  beforeAll(async () => {
    t = await TestApp.start();
    // Ohio transmits to Texas; Texas has 45 calendar days to reply (rule 3.104).
    at(new Date(Date.parse(NOW) - 46 * DAY).toISOString());
    cases.late = (await caseAfter(TO_REQUESTED)).id;
    at(new Date(Date.parse(NOW) - 45 * DAY).toISOString());
    cases.today = (await caseAfter(TO_REQUESTED)).id;
    at(new Date(Date.parse(NOW) - 40 * DAY).toISOString());
    cases.week = (await caseAfter(TO_REQUESTED)).id;
    at(NOW);
    cases.review = (await caseAfter([['oh.field_officer', 'SUBMIT_TRANSFER_REQUEST']])).id;
  });
  afterAll(() => t.close());

  const workload = async (who: string): Promise<WorkloadLine[]> => (await (await t.as(who)).get('/workload?limit=100').expect(200)).body.items;
  const page = async (who: string) => (await (await signedIn(who)).get('/console/my-work').expect(200)).text;

  it('is where signing in lands, and where /console and / send a signed-in user', async () => {
    const agent = browser();
    expect(await signIn(agent, 'tx.compact_office')).toBe('/console/my-work');
    expect((await agent.get('/console').expect(303)).headers.location).toBe('/console/my-work');
    expect((await agent.get('/').expect(303)).headers.location).toBe('/console/my-work');
    const html = (await agent.get('/console/my-work').expect(200)).text;
    expect(html).toMatch(/<li><a href="\/console\/my-work" aria-current="page">My work<\/a><\/li>\s*<li><a href="\/console\/cases">Cases<\/a>/);
  });

  it('a mail link’s next still wins after sign-in', async () => {
    const agent = browser();
    const next = `/console/cases/${cases.late}`;
    expect(await signIn(agent, 'tx.compact_office', `/login?next=${encodeURIComponent(next)}`)).toBe(next);
  });

  it('gives a compact office the counts GET /workload answers, with the items it should: 46 days after transmission overdue, 45 due today', async () => {
    const items = await workload('tx.compact_office');
    const html = await page('tx.compact_office');
    const weekEnd = plusDays(TODAY, 7);
    const expected = {
      overdue: items.filter((i) => i.overdue),
      today: items.filter((i) => !i.overdue && i.dueOn === TODAY),
      week: items.filter((i) => !i.overdue && i.dueOn > TODAY && i.dueOn <= weekEnd),
      waiting: items.filter((i) => i.assigneeId === null),
    };
    for (const [id, list] of Object.entries(expected)) expect({ id, count: countOf(html, id) }).toEqual({ id, count: list.length });
    expect(html).toContain(`<strong>${expected.overdue.length}</strong> overdue`);
    const href = (i: WorkloadLine) => (i.activityId ? `/console/activities/${i.activityId}` : `/console/cases/${i.caseId}`);
    expect(linksOf(html, 'overdue')).toEqual(expected.overdue.map(href));
    expect(linksOf(html, 'overdue')).toContain(`/console/cases/${cases.late}`);
    expect(linksOf(html, 'today')).toEqual([`/console/cases/${cases.today}`]);
    expect(linksOf(html, 'week')).toEqual([`/console/cases/${cases.week}`]);
    expect(linksOf(html, 'waiting')).toEqual(expect.arrayContaining([`/console/cases/${cases.late}`, `/console/cases/${cases.today}`]));
    // The decisions Texas owes, the soonest due first, with the time left; each links to its case.
    expect(linksOf(html, 'decisions').slice(0, 3)).toEqual([cases.late, cases.today, cases.week].map((id) => `/console/cases/${id}`));
    expect(html).toMatch(/overdue by \d+ h/);
    expect(html).toMatch(/5 days left/);
    expect(html).toContain('No reopen request is pending.');
    expect(html).toContain('No action request waits for an answer.');
  });

  it("gives Ohio's compact office its review queue", async () => {
    const html = await page('oh.compact_office');
    expect(linksOf(html, 'review')).toEqual([`/console/cases/${cases.review}`]);
    expect(html).toContain('No decision waits.');
  });

  it('gives a field officer only their own deadlines, without the compact office’s sections', async () => {
    const items = await workload('tx.field_officer');
    const html = await page('tx.field_officer');
    expect(countOf(html, 'overdue')).toBe(items.filter((i) => i.overdue).length);
    expect(countOf(html, 'waiting')).toBe(items.length);
    expect(html).not.toContain(`/console/cases/${cases.late}"`);
    expect(html).not.toContain('id="review-heading"');
    expect(html).toContain('The open deadlines assigned to you.');
  });

  it('shows the first 50 lines of a part that holds more, the soonest due first, and counts all of it', async () => {
    // Sixty more of Texas's replies overdue, each in an activity of its own so that each line links elsewhere.
    const extra = Array.from({ length: 60 }, (_, i) =>
      deadlineRow({ id: randomUUID(), caseId: cases.late, activityId: randomUUID(), dueOn: plusDays(TODAY, -30 + (i % 20)) }),
    );
    await t.dataSource.getRepository(Deadline).insert(extra);
    const overdue: WorkloadLine[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: WorkloadLine[]; nextCursor: string | null } } = await (
        await t.as('tx.compact_office')
      )
        .get(`/workload?overdue=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      overdue.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(overdue.length).toBeGreaterThan(60);
    const html = await page('tx.compact_office');
    expect(countOf(html, 'overdue')).toBe(overdue.length);
    expect(html).toContain(`<strong>${overdue.length}</strong> overdue`);
    const href = (i: WorkloadLine) => (i.activityId ? `/console/activities/${i.activityId}` : `/console/cases/${i.caseId}`);
    expect(linksOf(html, 'overdue')).toEqual(overdue.slice(0, 50).map(href));
    expect(html).toContain(`The first 50 of ${overdue.length} are shown, the soonest due first.`);
    // Nobody was assigned them: they wait for the compact office too, and its part is counted whole as well.
    expect(countOf(html, 'waiting')).toBeGreaterThanOrEqual(60);
    expect(linksOf(html, 'waiting')).toHaveLength(50);
  });

  it('counts a part up to 1,000 and says there are more beyond, however many the state owes', async () => {
    const before = countOf(await page('tx.compact_office'), 'overdue');
    const more = Array.from({ length: WORKLOAD_COUNTED_UP_TO + 1 - before }, (_, i) =>
      deadlineRow({ id: randomUUID(), caseId: cases.late, activityId: randomUUID(), dueOn: plusDays(TODAY, -40 + (i % 9)) }),
    );
    await t.dataSource.getRepository(Deadline).insert(more);
    const html = await page('tx.compact_office');
    expect(html).toContain('<strong>1,000 or more</strong> overdue');
    expect(html).toMatch(/<h2 id="overdue-heading">Overdue <span class="count">\(1,000 or more\)<\/span>/);
    expect(html).toContain('The first 50 of 1,000 or more are shown, the soonest due first.');
    expect(linksOf(html, 'overdue')).toHaveLength(50);
  });

  it('tells an auditor and an administrator what they can do, without an error', async () => {
    const auditor = await page('tx.auditor');
    expect(auditor).toContain('keeps no workload');
    expect(auditor).toContain('<a href="/console/audit">');
    expect(auditor).not.toContain('id="overdue-heading"');
    const admin = await page('tx.state_admin');
    expect(admin).toContain('<a href="/console/users">');
  });
  it('shows a compact office the first 50 of a queue that holds more, the oldest or soonest due first, and links the whole of it', async () => {
    const waiting: string[] = [];
    for (let i = 0; i < 51; i++) waiting.push((await caseAfter([['oh.field_officer', 'SUBMIT_TRANSFER_REQUEST']])).id);
    const requested: string[] = [];
    for (let i = 0; i < 51; i++) requested.push((await caseAfter(TO_REQUESTED)).id);

    const ohio = await page('oh.compact_office');
    expect(ohio).toMatch(/<h2 id="review-heading">Submissions to review <span class="count">\(50 or more\)/);
    // The longest waiting first: the one submitted in the first test, then these in the order they were submitted.
    expect(linksOf(ohio, 'review')).toEqual([cases.review, ...waiting.slice(0, 49)].map((id) => `/console/cases/${id}`));
    const texas = await page('tx.compact_office');
    expect(texas).toMatch(/<h2 id="decisions-heading">Decisions you owe <span class="count">\(50 or more\)/);
    expect(linksOf(texas, 'decisions').slice(0, 3)).toEqual([cases.late, cases.today, cases.week].map((id) => `/console/cases/${id}`));
    expect(linksOf(texas, 'decisions')).toHaveLength(50);

    const queue = (await (await signedIn('oh.compact_office')).get('/console/queue').expect(200)).text;
    const all = '/console/cases?status=compact_office_review&amp;side=sending&amp;sort=waiting';
    expect(queue).toContain(`The 50 waiting longest are shown: <a href="${all}">all of them in the case list</a>.`);
    // The list it links holds them all, the oldest first, a page of the case list at a time.
    const list = (await (await signedIn('oh.compact_office')).get(all.replace(/&amp;/g, '&')).expect(200)).text;
    const listed = [...list.matchAll(/<a href="\/console\/cases\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(listed.slice(0, 50)).toEqual([cases.review, ...waiting.slice(0, 49)]);
    const received = (await (await signedIn('tx.compact_office')).get('/console/queue').expect(200)).text;
    expect(received).toContain(
      'More transfer requests wait than are shown: <a href="/console/cases?status=transfer_requested&amp;side=receiving&amp;sort=due">',
    );
    expect(requested.length).toBe(51);
  });
});
