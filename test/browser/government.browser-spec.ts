import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp } from '../support/test-app';
import { signInOn, startDemoInChromium, stopDemoInChromium } from './demo-in-chromium';
import { accessibilityViolations, screenshot } from './browser';

const PASSWORD = 'demo password for the government pages';

// A browser and a whole app on two shared cores: pages take seconds, not milliseconds, under load.
jest.setTimeout(120_000);

/** What a government system shows, in a real browser: the notice at sign-in, show/hide of passwords, help, a page not found. */
describe('the console as a government system, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, browser, base } = await startDemoInChromium(PASSWORD));
  });
  afterAll(() => stopDemoInChromium({ t, browser }));

  async function signedIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInOn(page, base, username, PASSWORD);
    return { context, page };
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    expect(await accessibilityViolations(page)).toEqual([]);
  }

  it('shows the system-use notice above the sign-in form, and the password on demand', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    const notice = page.getByRole('region', { name: 'System use notification' });
    await expect(notice.textContent()).resolves.toMatch(
      /government information system[\s\S]*monitored, recorded[\s\S]*criminal and civil penalties[\s\S]*consent/,
    );
    await expect(notice.textContent()).resolves.toContain('Signing in means you accept these conditions.');
    await expect(page.getByRole('button', { name: 'Accept and sign in' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'sign-in-with-notice');

    const password = page.getByLabel('Password');
    await password.fill('what I typed');
    const reveal = page.getByRole('button', { name: 'Show password' });
    await expect(reveal.getAttribute('aria-pressed')).resolves.toBe('false');
    await reveal.click();
    await expect(password.getAttribute('type')).resolves.toBe('text');
    await expect(reveal.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(password.inputValue()).resolves.toBe('what I typed');
    await reveal.click();
    await expect(password.getAttribute('type')).resolves.toBe('password');
    await expect(reveal.getAttribute('aria-pressed')).resolves.toBe('false');
    await context.close();
  });

  it('gives both fields of the new password their own show/hide', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/reset-password?token=not-a-real-token`);
    const fields = [page.getByLabel('New password', { exact: true }), page.getByLabel('Confirm the new password')];
    const reveals = page.getByRole('button', { name: 'Show password' });
    await expect(reveals.count()).resolves.toBe(2);
    await reveals.nth(1).click();
    await expect(fields[1].getAttribute('type')).resolves.toBe('text');
    await expect(fields[0].getAttribute('type')).resolves.toBe('password');
    await expectAccessible(page, 'reset-password-confirmed');
    await context.close();
  });

  it("opens the help page from the menu, with the state's compact office", async () => {
    const { context, page } = await signedIn('oh.officer');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Help', exact: true }).click();
    await page.waitForURL(`${base}/console/help`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Help');
    await expect(page.getByRole('link', { name: 'oh.compact@compact.example' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'tx.compact@compact.example' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'help');
    await context.close();
  });

  it('answers an unknown console address with a page that leads back to My work', async () => {
    const { context, page } = await signedIn('oh.officer');
    const answer = await page.goto(`${base}/console/no-such-page`);
    expect(answer?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not found');
    await expect(page.getByRole('main').textContent()).resolves.toMatch(/quote the reference [0-9a-f-]{36}/);
    await expectAccessible(page, 'not-found');
    await page.getByRole('link', { name: 'Go to My work' }).click();
    await page.waitForURL(`${base}/console/my-work`);
    await context.close();
  });
});
