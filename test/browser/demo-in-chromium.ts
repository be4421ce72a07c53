import type { Browser, Page } from 'playwright-core';
import type { AddressInfo } from 'node:net';
import { seedDemo } from '../../src/demo/demo-seed';
import { TestApp } from '../support/test-app';
import { launchChromium } from './browser';

/** The demo's data on a whole app listening on a free local port, and Debian's Chromium to visit it. */
export interface DemoInChromium {
  t: TestApp;
  browser: Browser;
  base: string;
}

/** Starts it; `beforeSeed` may set the app's clock first, as the demo's dates are counted from it. */
export async function startDemoInChromium(password: string, beforeSeed?: (t: TestApp) => void): Promise<DemoInChromium> {
  const t = await TestApp.start({ withCast: false });
  beforeSeed?.(t);
  await seedDemo(t.app, password);
  await t.app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  return { t, browser: await launchChromium(), base };
}

export async function stopDemoInChromium({ t, browser }: Partial<DemoInChromium>): Promise<void> {
  await browser?.close();
  await t?.close();
}

/** Signs in from the sign-in page ("Accept and sign in" holds the words "sign in"), and waits for a console page. */
export async function signInOn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\//);
}
