import request from 'supertest';
import type { CaseStep } from './case-steps';
import { PASSWORD, type TestApp } from './test-app';

/** What reading a console page's HTML needs: its CSRF token, its banners, its tables. */
export const csrfOf = (html: string): string => {
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error('The page has no form with a CSRF token.');
  return token;
};
export const unescaped = (text: string) => text.replace(/&#39;/g, "'").replace(/&quot;/g, '"');
/** The success banner of a console page, as its text reads; null when the page shows none. */
export const bannerOf = (html: string): string | null => unescaped(html.match(/<p class="notice success" role="status">([^<]*)<\/p>/)?.[1] ?? '') || null;
/** The refusal a console page shows, as its text reads; null when it shows none. */
export const refusalOf = (html: string): string | null => unescaped(html.match(/<p class="notice error" role="alert">([^<]*)<\/p>/)?.[1] ?? '') || null;

/** A browser of the console: its cookies kept from one request to the next. */
export type ConsoleBrowser = ReturnType<typeof request.agent>;

/** The web console as a browser uses it, against one test app: cookies kept between requests, forms posted with their CSRF token. */
export function consoleOf(app: () => TestApp, offenderPrefix: string) {
  const browser = () => request.agent(app().app.getHttpServer());
  /** Signs in from the sign-in page as a person does, carrying the page's `next` along; answers where it redirects. */
  async function signIn(agent: ConsoleBrowser, username: string, loginPath = '/login'): Promise<string> {
    const page = await agent.get(loginPath).expect(200);
    const next = page.text.match(/name="next" value="([^"]*)"/)?.[1];
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), username, password: PASSWORD, next })
      .expect(303);
    return res.headers.location;
  }
  async function signedIn(username: string): Promise<ConsoleBrowser> {
    const agent = browser();
    await signIn(agent, username);
    return agent;
  }
  /** Posts a form found on `page`, with that page's CSRF token. */
  async function submit(agent: ConsoleBrowser, page: string, action: string, fields: Record<string, string | number> = {}) {
    const html = (await agent.get(page).expect(200)).text;
    if (!html.includes(`action="${action}"`)) throw new Error(`${page} has no form posting to ${action}.`);
    return agent
      .post(action)
      .type('form')
      .send({ _csrf: csrfOf(html), ...fields });
  }
  let offenders = 0;
  /** A new Ohio-to-Texas case taken through `steps`, each by its sender, through the services. */
  async function caseAfter(steps: readonly CaseStep[]) {
    const t = app();
    const opened = await t.cases.open(
      { offenderName: `${offenderPrefix} ${++offenders}`, sendingState: 'OH', receivingState: 'TX' },
      t.actor('oh.field_officer'),
      null,
    );
    for (const [who, type, extra] of steps) await t.cases.applyEvent(opened.id, { type, ...extra }, t.actor(who), null);
    return opened;
  }
  return { browser, signIn, signedIn, submit, caseAfter };
}
