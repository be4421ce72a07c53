import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Clock } from '../../src/common/clock';
import { deliveredMails, mailsDelivered } from '../support/outbox';
import { TestApp } from '../support/test-app';
import { startDemoInChromium, stopDemoInChromium } from './demo-in-chromium';
import { accessibilityViolations, focusOf, interactiveElementsOf, screenshot, widthsOf } from './browser';

const PASSWORD = 'demo password for the browser';
/**
 * The demo is told relative to the clock at seeding: a Wednesday at 10:00 Eastern, so that its
 * business days and its "due today" are the same at every run, whatever the day the suite runs on.
 */
const DEMO_NOW = '2026-12-02T15:00:00Z';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

// A browser and a whole app on two shared cores: pages take seconds, not milliseconds, under load.
jest.setTimeout(180_000);

/** A day's work in the console, in a real browser, on the demo data: each walk as its people take it. */
describe('a day of work in the web console, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ t, browser, base } = await startDemoInChromium(PASSWORD, (app) => app.app.get(Clock).runFrom(new Date(DEMO_NOW))));
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
  });
  afterAll(() => stopDemoInChromium({ t, browser }));

  async function freshPage(viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    return context.newPage();
  }

  /** Signs in on the sign-in page the browser is on, by its one button, whatever the button's exact words ("Sign in", or "Accept and sign in"). */
  async function signInHere(page: Page, username: string): Promise<void> {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/console\//);
  }

  async function signedIn(username: string, viewport = DESKTOP): Promise<Page> {
    const page = await freshPage(viewport);
    await page.goto(`${base}/login`);
    await signInHere(page, username);
    return page;
  }

  async function expectAccessible(page: Page, name: string, forReadme = false): Promise<void> {
    await screenshot(page, name, { forReadme });
    expect({ page: name, violations: await accessibilityViolations(page) }).toEqual({ page: name, violations: [] });
  }

  /** Opens a page of the main menu (a page's own links may share its words: My work links to the queue). */
  async function menu(page: Page, name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1 }).waitFor();
  }

  const pathOf = (page: Page) => new URL(page.url()).pathname;
  const banner = (page: Page) => page.getByRole('status').first().textContent();
  /** A section of My work, by its heading's words ("Overdue (3)"). */
  const section = (page: Page, heading: RegExp) => page.getByRole('region', { name: heading });
  /** The number a count of My work's summary gives ("3 overdue"). */
  async function countOf(page: Page, words: string): Promise<number> {
    const text = (await page.getByRole('list', { name: 'Counts' }).textContent()) ?? '';
    const count = text.match(new RegExp(`(\\d+)\\s*${words}`))?.[1];
    if (count === undefined) throw new Error(`My work counts nothing ${words}: ${text}`);
    return Number(count);
  }
  /** A case number's link ("OH-2026-…"): one to an item of a section, the case's or its activity's. */
  const ITEM = { name: /^[A-Z]{2}-\d{4}-/ };
  const itemLinks = (region: Locator) => region.getByRole('link', ITEM);
  const hrefsOf = (links: Locator) => links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  /** The form on the page whose button has these words. */
  const formOf = (page: Page, button: string) => page.locator('form').filter({ has: page.getByRole('button', { name: button, exact: true }) });

  it("a compact office's morning: My work's counts, the most urgent items worked from the top, a grave step confirmed", async () => {
    const page = await signedIn('tx.compact');
    expect(pathOf(page)).toBe('/console/my-work');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('My work');
    const overdue = section(page, /^Overdue/);
    const dueToday = section(page, /^Due today/);
    const overdueBefore = await countOf(page, 'overdue');
    // The demo gives Texas three overdue items and one due today: the counts are those of the lists.
    expect(overdueBefore).toBeGreaterThan(1);
    expect(await countOf(page, 'due today')).toBeGreaterThan(0);
    await expect(itemLinks(overdue).count()).resolves.toBe(overdueBefore);
    await expect(itemLinks(dueToday).count()).resolves.toBe(await countOf(page, 'due today'));
    await expectAccessible(page, 'my-work', true);

    // The longest overdue first (items due the same day come in no order the user relies on).
    const dues = await overdue.locator('tbody td.num').allTextContents();
    expect(dues.length).toBe(overdueBefore);
    expect([...dues].sort()).toEqual(dues);
    // Among them a progress report Ohio asked for, whose step needs no confirmation.
    const first = overdue.getByRole('row').filter({ hasText: 'Progress report' }).getByRole('link', ITEM).first();
    const firstHref = (await first.getAttribute('href'))!;
    await first.click();
    await page.waitForURL(`${base}${firstHref}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/^Progress report of case/);
    await expectAccessible(page, 'activity-page', true);
    await page.getByLabel(/^Summary of supervision/).fill('Attends the treatment program weekly; two clean tests this month.');
    await page.getByLabel(/^Compliance with the conditions/).selectOption('compliant');
    await page.getByRole('button', { name: 'Send the progress report' }).click();
    await page.waitForURL(`${base}${firstHref}`);
    await expect(banner(page)).resolves.toBe('The progress report is sent to the sending state.');
    await expectAccessible(page, 'activity-page-sent');

    await menu(page, 'My work');
    await expect(countOf(page, 'overdue')).resolves.toBe(overdueBefore - 1);
    await expect(itemLinks(overdue).count()).resolves.toBe(overdueBefore - 1);
    expect(await hrefsOf(itemLinks(overdue))).not.toContain(firstHref);

    // The most urgent decision: a transfer reply overdue, answered with a rejection, which asks first.
    const reply = overdue.getByRole('row').filter({ hasText: 'Transfer reply' }).getByRole('link', ITEM).first();
    const replyHref = (await reply.getAttribute('href'))!;
    await reply.click();
    await page.waitForURL(`${base}${replyHref}`);
    const rejection = formOf(page, 'Reject a transfer request');
    await rejection.getByLabel(/^Reason/).fill('The proposed residence in El Paso refused the offender.');
    await rejection.getByLabel(/^Rejected as/).selectOption('incomplete');
    await rejection.getByRole('button', { name: 'Reject a transfer request' }).click();
    await page.getByRole('heading', { name: 'Confirm: Reject a transfer request' }).waitFor();
    const consequence = page.getByRole('region', { name: 'What will happen' });
    await expect(consequence.textContent()).resolves.toContain('Reject the transfer request: the case ends as rejected, for both states.');
    await expect(consequence.textContent()).resolves.toContain('The proposed residence in El Paso refused the offender.');
    await expectAccessible(page, 'confirm-rejection');
    await page.getByRole('button', { name: 'Confirm: Reject a transfer request' }).click();
    await page.waitForURL(`${base}${replyHref}`);
    await expect(banner(page)).resolves.toBe('Done: reject a transfer request.');
    await expect(page.getByRole('region', { name: 'Facts' }).textContent()).resolves.toMatch(/Status\s*waiting for them: rejected/);
    await expectAccessible(page, 'case-rejected');

    await menu(page, 'My work');
    await expect(countOf(page, 'overdue')).resolves.toBe(overdueBefore - 2);
    await expect(itemLinks(overdue).count()).resolves.toBe(overdueBefore - 2);
    expect(await hrefsOf(itemLinks(overdue))).not.toContain(replyHref);
  });

  it('an officer opens a case and sends a transfer request; the compact office finds it in its review', async () => {
    const officer = await signedIn('oh.officer');
    await menu(officer, 'Cases');
    await officer.getByText('Open a case', { exact: true }).click();
    await officer.getByLabel(/^Offender name/).fill('Dakota Whitfield');
    await officer.getByLabel(/^Offender number/).fill('OH-DRC-100299');
    await officer.getByLabel(/^Receiving state/).selectOption('TX');
    await expectAccessible(officer, 'open-a-case');
    await officer.getByRole('button', { name: 'Open the case, in draft' }).click();
    await officer.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = officer.url();
    await expect(banner(officer)).resolves.toMatch(/^Case OH-\S+ is opened, in draft\.$/);
    await expect(officer.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/: Dakota Whitfield$/);
    await officer.getByRole('button', { name: 'Submit a transfer request' }).click();
    await officer.waitForURL(caseUrl);
    await expect(banner(officer)).resolves.toBe('Done: submit a transfer request.');
    await expect(officer.getByRole('region', { name: 'Facts' }).textContent()).resolves.toMatch(
      /Awaits transmission\s*the transfer request, in the review of OH's compact office/,
    );
    await expectAccessible(officer, 'case-submitted');

    const office = await signedIn('oh.compact');
    const review = section(office, /^Submissions to review/);
    const row = review.getByRole('row').filter({ hasText: 'Dakota Whitfield' });
    await expect(row.textContent()).resolves.toContain('transfer request');
    await expectAccessible(office, 'my-work-review');
    await row.getByRole('link').click();
    await office.waitForURL(caseUrl);
    await expect(office.getByRole('button', { name: 'Transmit to the receiving state' }).isVisible()).resolves.toBe(true);
  });

  it("a mail's link opens the page it names, after signing in from a signed-out browser", async () => {
    const officer = await signedIn('oh.officer');
    await menu(officer, 'Cases');
    await officer.getByLabel('Search').fill('Oakley Grant');
    await officer.getByRole('button', { name: 'Show' }).click();
    await officer.getByRole('link', { name: /^OH-/ }).first().click();
    await officer.waitForURL(/\/console\/cases\//);
    const caseUrl = officer.url();
    const before = deliveredMails(t.outboxDir).length;
    await officer.getByLabel(/Why should this case be reopened/).fill('New conviction in Texas; supervision there should resume.');
    await officer.getByRole('button', { name: 'Ask the compact office to reopen' }).click();
    await expect(banner(officer)).resolves.toMatch(/reopen request is sent/);

    const mail = (await mailsDelivered(t)).slice(before).find((m) => m.to.includes('tx.compact'));
    expect(mail?.subject).toMatch(/reopen/i);
    const link = mail!.body.match(/^The case: (https?:\/\/\S+)$/m)?.[1];
    expect(link).toBeDefined();
    const target = link!.replace(/^https?:\/\/[^/]+/, base);
    expect(target).toBe(caseUrl);

    const page = await freshPage();
    await page.goto(target);
    expect(pathOf(page)).toBe('/login');
    await expectAccessible(page, 'sign-in-from-mail');
    await signInHere(page, 'tx.compact');
    expect(page.url()).toBe(target);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(/: Oakley Grant$/);
    await expect(page.getByRole('link', { name: 'Decide in the queue' }).isVisible()).resolves.toBe(true);
  });

  it('takes a step with the keyboard alone, every control of the case page in reach and its focus visible', async () => {
    const page = await freshPage();
    await page.goto(`${base}/login`);
    const keyboard = page.keyboard;
    /** Presses Tab (or Shift+Tab) until the focused element is the one asked for, checking the focus is visible on each. */
    async function tabTo(found: (f: NonNullable<Awaited<ReturnType<typeof focusOf>>>) => boolean, most = 60, key = 'Tab') {
      for (let presses = 0; presses < most; presses++) {
        await keyboard.press(key);
        const focus = await focusOf(page);
        expect(focus && { element: focus.description, visible: focus.visible }).toEqual(focus && { element: focus.description, visible: true });
        if (focus && found(focus)) return;
      }
      throw new Error(`Nothing reached by ${key} in ${most} presses was the element asked for.`);
    }

    // The sign-in page focuses the username (or, above a notice to read first, Tab reaches it): type it,
    // then the password, and send the form with Enter, whatever its button's words.
    if ((await focusOf(page))?.name !== 'username') await tabTo((f) => f.name === 'username');
    await keyboard.type('oh.officer');
    await tabTo((f) => f.name === 'password');
    await keyboard.type(PASSWORD);
    await keyboard.press('Enter');
    await page.waitForURL(/\/console\/my-work$/);

    // Each item of the main menu is reached, then the cases are opened from it.
    const menuItems = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(menuItems).toEqual(expect.arrayContaining(['My work', 'Cases']));
    for (const item of menuItems) await tabTo((f) => f.tag === 'a' && f.text === item.trim());
    await tabTo((f) => f.tag === 'a' && f.text === 'My work', 60, 'Shift+Tab');
    await tabTo((f) => f.tag === 'a' && f.text === 'Cases');
    await keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases$/);
    await tabTo((f) => f.name === 'q');
    await keyboard.type('Avery Quinn');
    await keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases\?q=Avery/);
    await tabTo((f) => f.tag === 'a' && /^OH-/.test(f.text));
    await keyboard.press('Enter');
    await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    const caseUrl = page.url();

    // Every control of the case page, in its order: Tab reaches each, opening each closed disclosure it meets with Enter.
    const controls = await interactiveElementsOf(page);
    expect(controls.length).toBeGreaterThan(5);
    const reached = new Set<string>();
    for (let presses = 0; presses < 3 * controls.length + 20; presses++) {
      await keyboard.press('Tab');
      const focus = await focusOf(page);
      if (!focus) continue;
      expect({ element: focus.description, visible: focus.visible }).toEqual({ element: focus.description, visible: true });
      reached.add(focus.path);
      if (focus.tag === 'summary' && !focus.open) await keyboard.press('Enter');
    }
    // The controls a disclosure showed are counted too, once Tab has opened it.
    const all = await interactiveElementsOf(page);
    expect(all.length).toBeGreaterThanOrEqual(controls.length);
    expect(all.filter((c) => !reached.has(c.path)).map((c) => c.description)).toEqual([]);
    // The buttons of the case's forms: its steps, its activities to start, a reopen request.
    const buttons = all
      .filter((c) => c.tag === 'button' && /\/console\/cases\/[^/]+\/(events|activities|reopen-requests)$/.test(c.form ?? ''))
      .map((c) => c.text);
    expect(buttons).toEqual(expect.arrayContaining(['Submit a transfer request', 'Request reporting instructions']));

    // The step, taken from its button with Enter: back up the page to it.
    await tabTo((f) => f.tag === 'button' && f.text === 'Submit a transfer request', 3 * all.length + 20, 'Shift+Tab');
    await keyboard.press('Enter');
    await page.waitForURL(caseUrl);
    await expect(banner(page)).resolves.toBe('Done: submit a transfer request.');
    await expectAccessible(page, 'case-by-keyboard');
  });

  it('fits a 390 px wide phone on every console page: nothing scrolls sideways', async () => {
    const ids = await t.query<Array<{ id: string }>>("SELECT id FROM cases WHERE offender_name = 'Wren Halvorsen'");
    expect(ids).toHaveLength(1);
    const caseId = ids[0].id;
    const activityIds = await t.query<Array<{ id: string }>>('SELECT id FROM case_activities WHERE case_id = ?', [caseId]);
    expect(activityIds.length).toBeGreaterThan(0);
    const pages: Array<{ name: string; who: string | null; path: string }> = [
      { name: 'sign-in', who: null, path: '/login' },
      { name: 'forgot-password', who: null, path: '/forgot-password' },
      { name: 'my-work', who: 'tx.compact', path: '/console/my-work' },
      { name: 'cases', who: 'tx.compact', path: '/console/cases' },
      { name: 'case', who: 'tx.compact', path: `/console/cases/${caseId}` },
      { name: 'activity', who: 'tx.compact', path: `/console/activities/${activityIds[0].id}` },
      { name: 'queue', who: 'tx.compact', path: '/console/queue' },
      { name: 'audit', who: 'tx.auditor', path: '/console/audit' },
      { name: 'accounts', who: 'oh.admin', path: '/console/users' },
      // A case that does not exist: the console's own page says so.
      { name: 'not-found', who: 'tx.compact', path: '/console/cases/00000000-0000-4000-8000-000000000000' },
    ];
    const signedInAs = new Map<string | null, Page>();
    const overflowing: string[] = [];
    for (const { name, who, path } of pages) {
      let page = signedInAs.get(who);
      if (!page) {
        page = who ? await signedIn(who, PHONE) : await freshPage(PHONE);
        signedInAs.set(who, page);
      }
      const response = await page.goto(`${base}${path}`);
      expect({ name, status: response?.status() }).toEqual({ name, status: name === 'not-found' ? 404 : 200 });
      expect({ name, path: pathOf(page) }).toEqual({ name, path });
      await expectAccessible(page, `phone-${name}`);
      const { scrollWidth, innerWidth } = await widthsOf(page);
      expect(innerWidth).toBe(PHONE.width);
      if (scrollWidth > innerWidth) overflowing.push(`${name} (${scrollWidth} px wide)`);
    }
    expect(overflowing).toEqual([]);
  });
});
