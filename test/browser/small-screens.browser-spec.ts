import type { Browser, Page } from 'playwright-core';
import { TestApp } from '../support/test-app';
import { signInOn, startDemoInChromium, stopDemoInChromium } from './demo-in-chromium';
import { accessibilityViolations, screenshot } from './browser';

const PASSWORD = 'demo password for the browser';

// A browser and a whole app on two shared cores: pages take seconds, not milliseconds, under load.
jest.setTimeout(300_000);

type Viewport = { width: number; height: number };

/** What a page looks like at one width: whether it scrolls sideways, and where Sign out is. */
interface Fit {
  page: string;
  scrollWidth: number;
  innerWidth: number;
  signOut: 'none' | 'hidden' | 'outside' | 'inside';
}

/** The console on a phone: every page fits the screen's width, with the menu and Sign out in reach. */
describe('the web console on small screens', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, browser, base } = await startDemoInChromium(PASSWORD));
  });
  afterAll(() => stopDemoInChromium({ t, browser }));

  async function fitOf(page: Page, name: string): Promise<Fit> {
    await expect(page.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    // A string, as this project's TypeScript knows no DOM: the browser evaluates it.
    const { scrollWidth, innerWidth } = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })',
    );
    const button = page.getByRole('button', { name: 'Sign out' });
    let signOut: Fit['signOut'] = 'none';
    if ((await button.count()) > 0) {
      const box = await button.boundingBox();
      if (!box || !(await button.isVisible())) signOut = 'hidden';
      else signOut = box.x >= 0 && box.x + box.width <= innerWidth ? 'inside' : 'outside';
    }
    return { page: name, scrollWidth, innerWidth, signOut };
  }

  /**
   * Walks every console page as the user who sees it, at one screen size, and gives each page's fit;
   * `each` runs on every page as it is shown (the accessibility check, a screenshot).
   */
  async function walk(viewport: Viewport, each: (page: Page, name: string) => Promise<void>): Promise<Fit[]> {
    const fits: Fit[] = [];
    const visit = async (page: Page, name: string) => {
      fits.push(await fitOf(page, name));
      await each(page, name);
    };
    const signedIn = async (username: string): Promise<Page> => {
      const page = await (await browser.newContext({ viewport })).newPage();
      await signInOn(page, base, username, PASSWORD);
      return page;
    };

    const visitor = await (await browser.newContext({ viewport })).newPage();
    await visitor.goto(`${base}/login`);
    await visit(visitor, 'sign-in');
    await visitor.goto(`${base}/forgot-password`);
    await visit(visitor, 'forgot-password');
    await visitor.goto(`${base}/reset-password?token=a-token-from-a-mail`);
    await visit(visitor, 'reset-password');
    await visitor.context().close();

    const officer = await signedIn('oh.officer');
    await visit(officer, 'my-work');
    await officer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases', exact: true }).click();
    await visit(officer, 'cases');
    // A closed case with a reopen request, history and an activity of Texas's compact office.
    await officer.goto(`${base}/console/cases?q=${encodeURIComponent('Indigo Shaw')}`);
    await officer.getByRole('link', { name: /^OH-/ }).first().click();
    await officer.waitForURL(/\/console\/cases\/[0-9a-f-]+$/);
    const caseUrl = officer.url();
    await visit(officer, 'case');
    await officer.locator('table.activities').getByRole('link', { name: 'action request' }).first().click();
    await officer.waitForURL(/\/console\/activities\//);
    await visit(officer, 'activity');
    // Withdrawing a draft asks to confirm first; the test stops at the question.
    await officer.goto(`${base}/console/cases?q=${encodeURIComponent('Avery Quinn')}`);
    await officer.getByRole('link', { name: /^OH-/ }).first().click();
    await officer.waitForURL(/\/console\/cases\/[0-9a-f-]+$/);
    const withdraw = officer.locator('form.action').filter({ has: officer.getByRole('button', { name: 'Withdraw a case', exact: true }) });
    await withdraw.locator('textarea').fill('Offender chose to remain in Ohio, as his family is in Dayton.');
    await withdraw.getByRole('button', { name: 'Withdraw a case', exact: true }).click();
    await expect(officer.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Confirm: Withdraw a case');
    await visit(officer, 'confirm-step');
    await officer.goto(`${base}/console/cases/not-a-case`);
    await visit(officer, 'error');
    await officer.context().close();

    const compact = await signedIn('tx.compact');
    await compact.goto(`${base}/console/queue`);
    await visit(compact, 'queue');
    await compact.context().close();

    const auditor = await signedIn('oh.auditor');
    await auditor.goto(`${base}/console/audit?caseId=${caseUrl.split('/').pop()}`);
    await expect(auditor.getByRole('row').count()).resolves.toBeGreaterThan(1);
    await visit(auditor, 'audit');
    await auditor.context().close();

    const admin = await signedIn('oh.admin');
    await admin.goto(`${base}/console/users`);
    await visit(admin, 'accounts');
    await admin.context().close();
    return fits;
  }

  const PAGES = ['sign-in', 'forgot-password', 'reset-password', 'my-work', 'cases', 'case', 'activity', 'confirm-step', 'error', 'queue', 'audit', 'accounts'];
  const SIGNED_OUT = ['sign-in', 'forgot-password', 'reset-password'];

  function expectFitting(fits: Fit[]): void {
    expect(fits.map((f) => f.page)).toEqual(PAGES);
    expect(fits.filter((f) => f.scrollWidth > f.innerWidth).map((f) => `${f.page}: ${f.scrollWidth} px wide in ${f.innerWidth}`)).toEqual([]);
    expect(fits.filter((f) => f.signOut !== (SIGNED_OUT.includes(f.page) ? 'none' : 'inside')).map((f) => `${f.page}: Sign out ${f.signOut}`)).toEqual([]);
  }

  /**
   * The table roles in Chromium's own accessibility tree, which screen readers read: some browsers drop
   * them from a table whose elements are displayed as blocks, so console.js gives them as ARIA roles too.
   */
  async function tableRolesOf(page: Page): Promise<string[]> {
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    await cdp.detach();
    const roles = new Set(nodes.map((n) => String(n.role?.value)));
    return ['table', 'row', 'columnheader', 'cell'].filter((r) => roles.has(r));
  }

  /** On the case page, the drawing or the stepper, the one the screen's width calls for. */
  async function expectLifecycleShown(page: Page, as: 'stepper' | 'drawing'): Promise<void> {
    const stepper = page.getByRole('list', { name: 'Steps of the case' });
    await expect(stepper.isVisible()).resolves.toBe(as === 'stepper');
    await expect(page.locator('svg.lifecycle').isVisible()).resolves.toBe(as === 'drawing');
    if (as === 'stepper') {
      // Indigo Shaw's case is closed: every step before it passed.
      await expect(stepper.locator('[aria-current="step"]').textContent()).resolves.toBe('closed (current)');
      await expect(stepper.getByRole('listitem').count()).resolves.toBeGreaterThan(3);
      await expect(stepper.getByRole('listitem').first().textContent()).resolves.toBe('draft (done)');
    }
  }

  it('fits every page in a 360 px wide screen, Sign out and the case stepper in view', async () => {
    const fits = await walk({ width: 360, height: 740 }, async (page, name) => {
      if (name === 'case') await expectLifecycleShown(page, 'stepper');
      if (name === 'cases') {
        // Each cell a line that starts with its column's header.
        const offender = page.locator('td').nth(1);
        await expect(offender.getAttribute('data-label')).resolves.toBe('Offender');
        await expect(page.evaluate('getComputedStyle(document.querySelectorAll("td")[1], "::before").content')).resolves.toMatch(/^"Offender: "/);
      }
    });
    expectFitting(fits);
  });

  it('fits every page in a 390 px wide screen, each page accessible, and the picture of My work on a phone', async () => {
    const problems: string[] = [];
    const fits = await walk({ width: 390, height: 844 }, async (page, name) => {
      if (name === 'case') await expectLifecycleShown(page, 'stepper');
      if (name === 'cases') await expect(tableRolesOf(page)).resolves.toEqual(['table', 'row', 'columnheader', 'cell']);
      if (name === 'my-work') await screenshot(page, 'my-work-phone', { forReadme: true });
      else await screenshot(page, `${name}-phone`);
      problems.push(...(await accessibilityViolations(page)).map((v) => `${name}: ${v}`));
    });
    expectFitting(fits);
    expect(problems).toEqual([]);
  });

  it('fits every page in a tablet’s 800 px, the tables as tables and the stepper for the drawing', async () => {
    const fits = await walk({ width: 800, height: 1024 }, async (page, name) => {
      if (name === 'case') {
        await expectLifecycleShown(page, 'stepper');
        await expect(page.evaluate('getComputedStyle(document.querySelector("table thead th")).display')).resolves.toBe('table-cell');
      }
    });
    expectFitting(fits);
  });

  it('shows the lifecycle drawing, not the stepper, on a wide screen, with the tables as tables', async () => {
    const fits = await walk({ width: 1280, height: 900 }, async (page, name) => {
      if (name === 'case') {
        await expectLifecycleShown(page, 'drawing');
        await expect(page.locator('table thead').first().isVisible()).resolves.toBe(true);
        await expect(page.evaluate('getComputedStyle(document.querySelector("table thead th")).display')).resolves.toBe('table-cell');
      }
    });
    expectFitting(fits);
  });
});
