import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const SCREENSHOTS = join(__dirname, 'screenshots');

/** Debian's Chromium, headless, with the flags this closed network needs (no background calls). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The page's accessibility problems by axe-core (WCAG 2.2 A and AA rules), as readable lines. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The two pictures the README shows, kept in the repository and refreshed by each run. */
const README_PICTURES = join(__dirname, 'readme');

export async function screenshot(page: Page, name: string, { forReadme = false } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (forReadme) {
    mkdirSync(README_PICTURES, { recursive: true });
    await page.screenshot({ path: join(README_PICTURES, `${name}.png`) });
  }
}

/** A control of a page, as a keyboard user meets it: what it is, where it is, whether its focus shows. */
interface Control {
  /** Its place in the document, unique on the page: how two sightings of it are told apart. */
  path: string;
  tag: string;
  /** Its name attribute (a field's), or null. */
  name: string | null;
  /** Its words as shown, spaces collapsed. */
  text: string;
  /** The action of the form it is in, or null. */
  form: string | null;
  /** A summary's disclosure is open. */
  open: boolean;
  /** For reading in a failure: its tag, name and words. */
  description: string;
}

/** What the page function below reads of the DOM (this project's TypeScript has no DOM library). */
interface PageElement {
  tagName: string;
  parentElement: PageElement | null;
  children: ArrayLike<PageElement>;
  textContent: string | null;
  disabled?: boolean;
  open?: boolean;
  getAttribute(name: string): string | null;
  closest(selector: string): PageElement | null;
  matches(selector: string): boolean;
  checkVisibility(): boolean;
}
interface PageWindow {
  innerWidth: number;
  document: {
    activeElement: PageElement | null;
    body: PageElement;
    documentElement: PageElement & { scrollWidth: number };
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
  getComputedStyle(el: PageElement): { outlineStyle: string; outlineWidth: string; boxShadow: string };
}

/**
 * Runs in the page, self-contained (page.evaluate sends its source): the focused element, or every
 * control shown and not disabled, in document order.
 */
function controlsInPage(which: string): Array<Control & { visible: boolean }> {
  const w = globalThis as unknown as PageWindow;
  const document = w.document;
  const ownPart = (el: PageElement) => el.tagName === 'INPUT' && el.getAttribute('type') === 'date' && !el.matches(':focus') && el.matches(':focus-within');
  const describe = (el: PageElement) => {
    const path: string[] = [];
    for (let e: PageElement | null = el; e && e !== document.documentElement; e = e.parentElement) {
      path.unshift(`${e.tagName.toLowerCase()}:nth-child(${Array.from(e.parentElement?.children ?? []).indexOf(e) + 1})`);
    }
    const tag = el.tagName.toLowerCase();
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    const name = el.getAttribute('name');
    const form = el.closest('form')?.getAttribute('action') ?? null;
    const style = w.getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {
      path: path.join(' > '),
      tag,
      name,
      text,
      form,
      open: tag === 'summary' && el.parentElement?.open === true,
      description: `<${tag}${name ? ` name="${name}"` : ''}> ${text.slice(0, 60)}${form ? ` (form ${form})` : ''}`,
      // A date field's calendar button is a part of the field's own (its shadow tree): the field matches
      // :focus-within only, and Chromium draws its own ring around the button, which no style of ours reaches.
      visible: el.matches(':focus-visible') ? outlined || style.boxShadow !== 'none' : ownPart(el),
    };
  };
  if (which === 'focused') {
    const el = document.activeElement;
    return !el || el === document.body || el === document.documentElement ? [] : [describe(el)];
  }
  const selector = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  return Array.from(document.querySelectorAll(selector))
    .filter((el) => !el.disabled && el.checkVisibility())
    .map(describe);
}

/**
 * The element that has the focus, or null when none has (the page itself); `visible` is whether a
 * sighted keyboard user sees where it is: it matches :focus-visible and draws an outline or a shadow.
 */
export async function focusOf(page: Page): Promise<(Control & { visible: boolean }) | null> {
  return (await page.evaluate(controlsInPage, 'focused'))[0] ?? null;
}

/** The controls of the page a keyboard user can reach now, in document order: those shown and not disabled. */
export function interactiveElementsOf(page: Page): Promise<Control[]> {
  return page.evaluate(controlsInPage, 'all');
}

/** How wide the page is drawn, and how wide the window shows it: wider than the window scrolls sideways. */
export function widthsOf(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => {
    const w = globalThis as unknown as PageWindow;
    return { scrollWidth: w.document.documentElement.scrollWidth, innerWidth: w.innerWidth };
  });
}
