import type { Browser, BrowserContext, Page } from 'playwright-core';
import { deliveredMails, mailsDelivered } from '../support/outbox';
import { TestApp } from '../support/test-app';
import { signInOn, startDemoInChromium, stopDemoInChromium } from './demo-in-chromium';
import { accessibilityViolations, screenshot } from './browser';

const PASSWORD = 'demo password for the browser';

// A browser and a whole app on two shared cores: pages take seconds, not milliseconds, under load.
jest.setTimeout(120_000);

/** The console in a real browser, on the demo data, as the people of the seed story use it. */
describe('the web console in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ({ t, browser, base } = await startDemoInChromium(PASSWORD));
  });
  afterAll(() => stopDemoInChromium({ t, browser }));

  async function signedIn(username: string, password = PASSWORD): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInOn(page, base, username, password);
    return { context, page };
  }

  /** Opens a page of the main menu (the page's own links may share its words: My work links to the queue). */
  async function menu(page: Page, name: string): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
  }

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await screenshot(page, name, { forReadme: name === 'case-page' || name === 'reopen-queue' });
    expect(await accessibilityViolations(page)).toEqual([]);
  }

  it('signs in, tells a wrong password plainly, and warns while Caps Lock is on', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await expectAccessible(page, 'sign-in');
    const warning = page.getByText('Caps Lock is on.');
    await expect(warning.isVisible()).resolves.toBe(false);
    // Headless Chromium keeps no Caps Lock state of its own: the key events say it, as a real keyboard's do.
    const password = page.getByLabel('Password');
    await password.dispatchEvent('keydown', { key: 'A', modifierCapsLock: true });
    await expect(warning.isVisible()).resolves.toBe(true);
    await password.dispatchEvent('keyup', { key: 'b', modifierCapsLock: false });
    await expect(warning.isVisible()).resolves.toBe(false);

    await page.getByLabel('Username').fill('oh.officer');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/username or password is not correct/i);
    await expect(page.getByRole('link', { name: 'Forgot your password?' }).isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('tells the reopen story: the officer asks, the compact office approves, the auditor finds and verifies it', async () => {
    const officer = await signedIn('oh.officer');
    // Sign-in lands on My work: the cases are a menu item away.
    await menu(officer.page, 'Cases');
    await officer.page.getByLabel('Status').selectOption('closed');
    await officer.page.getByRole('button', { name: 'Show' }).click();
    await expectAccessible(officer.page, 'case-list');
    await officer.page.getByRole('link', { name: /^OH-/ }).first().click();
    const caseUrl = officer.page.url();
    await expect(officer.page.locator('svg.lifecycle [aria-current="step"]').textContent()).resolves.toContain('closed');
    // The officer may not reopen, only ask.
    await expect(officer.page.getByRole('button', { name: /^Reopen a closed case$/ }).count()).resolves.toBe(0);
    await officer.page.getByLabel(/Why should this case be reopened/).fill('The offender was apprehended in Dallas on a new warrant.');
    await officer.page.getByRole('button', { name: 'Ask the compact office to reopen' }).click();
    await expect(officer.page.getByRole('status').first().textContent()).resolves.toMatch(/reopen request is sent/);
    await expectAccessible(officer.page, 'case-page');

    const compact = await signedIn('tx.compact');
    await menu(compact.page, 'Queue');
    await expectAccessible(compact.page, 'reopen-queue');
    const row = compact.page.getByRole('row').filter({ hasText: 'apprehended in Dallas on a new warrant' });
    await row.getByRole('button', { name: 'Approve and reopen' }).click();
    await expect(compact.page.getByRole('status').first().textContent()).resolves.toMatch(/case is reopened/);

    await officer.page.goto(caseUrl);
    await expect(officer.page.locator('dl.facts').textContent()).resolves.toContain('active');
    const caseNumber = (await officer.page.getByRole('heading', { level: 1 }).textContent())!.match(/OH-\d{4}-[0-9A-Z]{8}/)![0];

    const auditor = await signedIn('oh.auditor');
    await menu(auditor.page, 'Audit history');
    await auditor.page.getByLabel('Case number').fill(caseNumber);
    await auditor.page.getByRole('button', { name: 'Search' }).click();
    const reopenRow = auditor.page.getByRole('row').filter({ hasText: 'REOPEN' }).filter({ hasText: 'tx.compact' });
    await expect(reopenRow.count()).resolves.toBeGreaterThan(0);
    await auditor.page.getByRole('button', { name: 'Verify the chain' }).click();
    await expect(auditor.page.getByRole('status').first().textContent()).resolves.toMatch(/The chain is intact/);
    await expectAccessible(auditor.page, 'audit-history');
    const download = auditor.page.waitForEvent('download');
    await auditor.page.getByRole('link', { name: 'CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^audit-OH-.*\.csv$/);
    for (const session of [officer, compact, auditor]) await session.context.close();
  });

  it('asks for reporting instructions from the case page; the compact office reviews and transmits it from its queue', async () => {
    const officer = await signedIn('oh.officer');
    // Sign-in lands on My work: the cases are a menu item away.
    await menu(officer.page, 'Cases');
    await officer.page.getByLabel('Search').fill('Avery Quinn');
    await officer.page.getByRole('button', { name: 'Show' }).click();
    await officer.page.getByRole('link', { name: /^OH-/ }).first().click();
    const caseUrl = officer.page.url();
    await expectAccessible(officer.page, 'case-draft');
    await officer.page.getByLabel(/^Reporting instructions for/).selectOption('living_in_receiving_state');
    await officer.page.getByLabel(/^Sentencing date/).fill('2026-11-20');
    await officer.page.getByLabel(/A sex offender/).check();
    await officer.page.getByRole('button', { name: 'Request reporting instructions' }).click();
    await expect(officer.page.getByRole('status').first().textContent()).resolves.toBe('Done: request reporting instructions.');
    await expect(officer.page.locator('dl.facts').textContent()).resolves.toMatch(/living in receiving state, sex offender\s*Sentencing date\s*2026-11-20/);

    const compact = await signedIn('oh.compact');
    await menu(compact.page, 'Queue');
    await expectAccessible(compact.page, 'review-queue');
    const row = compact.page.locator('table.review tr').filter({ hasText: 'Avery Quinn' });
    await expect(row.textContent()).resolves.toContain('reporting instructions request');
    await row.getByRole('link').click();
    await compact.page.getByRole('button', { name: 'Transmit to the receiving state' }).click();
    await expect(compact.page.locator('dl.facts').textContent()).resolves.toContain('reporting instructions requested');

    const texas = await signedIn('tx.compact');
    await menu(texas.page, 'Queue');
    await expect(texas.page.locator('table.received tr').filter({ hasText: 'Avery Quinn' }).textContent()).resolves.toContain('reporting instructions request');
    await texas.page.goto(caseUrl);
    await expect(texas.page.getByRole('button', { name: 'Grant reporting instructions' }).isVisible()).resolves.toBe(true);
    await expectAccessible(texas.page, 'case-reporting-instructions');
    for (const session of [officer, compact, texas]) await session.context.close();
  });

  it('reports a violation from the case page; the sending compact office responds from the activity page', async () => {
    const officer = await signedIn('tx.officer');
    // Sign-in lands on My work: the cases are a menu item away.
    await menu(officer.page, 'Cases');
    await officer.page.getByLabel('Search').fill('Finley Brooks');
    await officer.page.getByRole('button', { name: 'Show' }).click();
    await officer.page.getByRole('link', { name: /^OH-/ }).first().click();
    const caseUrl = officer.page.url();
    await officer.page.getByText('Report a violation (violation report, rule 4.109)').click();
    await officer.page.getByLabel(/^Violation \(rule 4\.109\)/).selectOption('absconding');
    await officer.page.getByLabel(/^Discovered on/).fill(new Date(Date.now() - 5 * 3_600_000).toISOString().slice(0, 10));
    await officer.page.getByLabel(/^What happened/).fill('Missed two office visits; not at the approved residence.');
    await expectAccessible(officer.page, 'case-activities');
    await officer.page.getByRole('button', { name: 'Report a violation', exact: true }).click();
    await officer.page.waitForURL(/\/console\/activities\//);
    await expect(officer.page.getByRole('status').first().textContent()).resolves.toBe('The violation report is sent to the sending state (rule 4.109).');
    await expect(officer.page.locator('dl.facts').textContent()).resolves.toMatch(/Status\s*waiting for them: reported/);
    const activityUrl = officer.page.url();

    const compact = await signedIn('oh.compact');
    await compact.page.goto(caseUrl);
    await compact.page.locator('table.activities').getByRole('link', { name: 'violation report' }).last().click();
    expect(compact.page.url()).toBe(activityUrl);
    await compact.page.getByLabel(/^Response/).selectOption('warrant_issued');
    await compact.page.getByLabel(/^The action and its dates/).fill('Warrant issued today; retaking to follow.');
    await compact.page.getByRole('button', { name: 'Respond' }).click();
    await expect(compact.page.getByRole('status').first().textContent()).resolves.toBe('Your response is sent to the receiving state.');
    await expect(compact.page.locator('dl.facts').textContent()).resolves.toMatch(/Status\s*closed: responded/);
    await expect(compact.page.locator('table.log').textContent()).resolves.toContain('warrant_issued');
    await expectAccessible(compact.page, 'activity-page');

    await officer.page.goto(caseUrl);
    await expect(officer.page.locator('table.activities tr').filter({ hasText: 'violation report' }).last().textContent()).resolves.toContain('responded');
    for (const session of [officer, compact]) await session.context.close();
  });

  it('resets a forgotten password from the emailed link', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expectAccessible(page, 'forgot-password');
    const before = deliveredMails(t.outboxDir).length;
    await page.getByLabel('Username or email address').fill('tx.officer');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/If an active account matches/);
    const mails = await mailsDelivered(t);
    const mail = mails.slice(before).find((m) => m.to.includes('tx.officer'));
    const link = mail?.body.match(/https?:\/\/\S+reset-password\?token=[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeDefined();
    await page.goto(link!.replace(/^https?:\/\/[^/]+/, base));
    await expect(page.getByText(/at least 12 characters/).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'reset-password');
    await page.getByLabel('New password', { exact: true }).fill('password1234');
    await page.getByLabel('Confirm the new password').fill('password1234');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/common|guess/i);
    await page.getByLabel('New password', { exact: true }).fill('lantern orchard quietly 1887 ferry');
    await page.getByLabel('Confirm the new password').fill('lantern orchard quietly 1887 ferry');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.waitForURL(/\/login$/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Your password is changed. Sign in with it now.');
    await page.reload();
    await expect(page.getByRole('status').count()).resolves.toBe(0);
    await context.close();
    const { page: signedInPage, context: again } = await signedIn('tx.officer', 'lantern orchard quietly 1887 ferry');
    await expect(signedInPage.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('My work');
    await again.close();
  });

  it('refuses a form whose CSRF token is not this session’s, and shows the reference to quote', async () => {
    const { context, page } = await signedIn('tx.compact');
    await menu(page, 'Queue');
    await page
      .locator('input[name="_csrf"]')
      .evaluateAll((inputs: Array<{ setAttribute(name: string, value: string): void }>) => inputs.forEach((i) => i.setAttribute('value', 'forged')));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/form has expired or did not come from this site/);
    await expect(page.locator('footer').textContent()).resolves.toMatch(/state compact office and quote the reference/);
    await expectAccessible(page, 'error-page');
    // Still signed in: the forged form changed nothing.
    await page.goto(`${base}/console/queue`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe("Queue of TX's compact office");
    await context.close();
  });

  it('lets a state administrator manage the accounts of the state', async () => {
    const { context, page } = await signedIn('oh.admin');
    await menu(page, 'Accounts');
    await expectAccessible(page, 'accounts');
    await page.getByLabel('Username').fill('oh.newofficer');
    await page.getByLabel('Full name').fill('New Officer');
    await page.getByLabel('Email address').fill('new.officer@ohio.example');
    await page.getByLabel('Role').last().selectOption('field_officer');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Invitation sent/);
    const row = page.getByRole('row').filter({ hasText: 'oh.newofficer' });
    await expect(row.textContent()).resolves.toMatch(/invited/);
    await row.getByRole('button', { name: /Deactivate/ }).click();
    // Deactivating asks first, saying what it does.
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/oh\.newofficer will be signed out at once and can no longer sign in/);
    await expectAccessible(page, 'deactivate-confirmation');
    await page.getByRole('button', { name: 'Confirm: Deactivate oh.newofficer' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'oh.newofficer' }).textContent()).resolves.toMatch(/deactivated/);
    await context.close();
  });

  it("lands Texas's compact office on My work, with its counts, and opens the most urgent item", async () => {
    const { context, page } = await signedIn('tx.compact');
    expect(new URL(page.url()).pathname).toBe('/console/my-work');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('My work');
    const counts = page.getByRole('list', { name: 'Counts' });
    await expect(counts.textContent()).resolves.toMatch(/\d+ overdue[\s\S]*\d+ due today[\s\S]*\d+ due this week[\s\S]*\d+ waiting for you/);
    await expect(page.getByRole('heading', { name: /^Decisions you owe/ }).count()).resolves.toBe(1);
    await expectAccessible(page, 'my-work');
    // The sections run from the most urgent down: the first link of a table is the most urgent item.
    const urgent = page.locator('table.work a').first();
    const href = await urgent.getAttribute('href');
    expect(href).toMatch(/^\/console\/(cases|activities)\//);
    await urgent.click();
    await page.waitForURL(`${base}${href}`);
    expect(new URL(page.url()).pathname).toBe(href);
    await context.close();
  });

  it('keeps a signed-out visitor out of every console page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const path of ['/console/my-work', '/console/cases', '/console/queue', '/console/audit', '/console/users']) {
      await page.goto(`${base}${path}`);
      expect(new URL(page.url()).pathname).toBe('/login');
    }
    await context.close();
  });
});
