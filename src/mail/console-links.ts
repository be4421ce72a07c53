/**
 * The links mails carry: pages of the web console, which a browser signs in to, never routes of the
 * JSON API (those answer a browser with a 401 in JSON, even for a signed-in user). A reader who is
 * signed out is sent to the sign-in page, and back to the linked page after it.
 */
export const CONSOLE_PAGES = {
  case: (caseId: string) => `/console/cases/${encodeURIComponent(caseId)}`,
  /** A supervision activity of a case, with its forms. */
  activity: (activityId: string) => `/console/activities/${encodeURIComponent(activityId)}`,
  /** A compact office's reopen requests to decide. */
  reopenQueue: () => '/console/queue',
} as const;

/** An absolute link to a console page, from the server's public address (PUBLIC_URL). */
export function consoleLink(publicUrl: string, page: string): string {
  if (!page.startsWith('/console/') && page !== '/console') throw new Error(`Not a console page: ${page}`);
  return `${publicUrl.replace(/\/+$/, '')}${page}`;
}
