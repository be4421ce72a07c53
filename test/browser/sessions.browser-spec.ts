import type { Browser } from 'playwright-core';
import { TestApp } from '../support/test-app';
import { startDemoInChromium, stopDemoInChromium } from './demo-in-chromium';
import { accessibilityViolations, screenshot } from './browser';

const PASSWORD = 'demo password for the browser';

// A browser and a whole app on two shared cores: pages take seconds, not milliseconds, under load.
jest.setTimeout(120_000);

/** The idle warning in a real browser: the page's clock is moved on, the server's is not. */
describe('the idle warning in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, browser, base } = await startDemoInChromium(PASSWORD));
  });
  afterAll(() => stopDemoInChromium({ t, browser }));

  it('warns two minutes before the idle limit (counted from the earliest the session may end), keeps the session on "Stay signed in", and says when it has ended', async () => {
    const context = await browser.newContext();
    await context.clock.install();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill('tx.compact');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/my-work$/);
    const dialog = page.getByRole('dialog');
    await expect(dialog.isVisible()).resolves.toBe(false);

    // The limit is 30 minutes; the page counts 29, the earliest the server may end it, and warns 2 before.
    await page.clock.fastForward('26:30');
    await expect(dialog.isVisible()).resolves.toBe(false);
    await page.clock.fastForward('01:00');
    await dialog.waitFor({ state: 'visible' });
    await expect(dialog.textContent()).resolves.toMatch(/Your session ends at \d{2}:\d{2} C[SD]T for inactivity/);
    const stay = dialog.getByRole('button', { name: 'Stay signed in' });
    // The focus is on the dialog's button, where a keyboard user can act on it at once.
    await expect(stay.evaluate((button: { ownerDocument: { activeElement: unknown } }) => button.ownerDocument.activeElement === button)).resolves.toBe(true);
    await screenshot(page, 'idle-warning');
    expect(await accessibilityViolations(page)).toEqual([]);

    const [kept] = await Promise.all([
      page.waitForResponse((res) => res.url().endsWith('/console/session/keep-alive') && res.request().method() === 'POST'),
      stay.click(),
    ]);
    expect(kept.status()).toBe(204);
    await dialog.waitFor({ state: 'hidden' });

    // The keep-alive starts the count again, from it.
    await page.clock.fastForward('26:30');
    await expect(dialog.isVisible()).resolves.toBe(false);
    await page.clock.fastForward('02:35');
    await dialog.waitFor({ state: 'visible' });
    await expect(dialog.textContent()).resolves.toContain('Your session has ended');
    const again = dialog.getByRole('link', { name: 'Sign in again' });
    await expect(again.getAttribute('href')).resolves.toBe(`/login?next=${encodeURIComponent('/console/my-work')}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await context.close();
  });
});
