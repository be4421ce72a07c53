import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/** The API answers JSON only: it loads nothing, runs nothing, and is framed by nobody. */
const API_POLICY: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI at /docs: its scripts, styles and the OpenAPI document come from this server; it
 * writes inline styles and draws icons from data: URLs. A path that serves pages of its own (the
 * web console) adds its entry to PAGE_POLICIES.
 */
const DOCS_POLICY: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The web console: its own stylesheet and script only, nothing inline, forms posted to itself. */
const CONSOLE_POLICY: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

const CONSOLE_PATHS = ['/console', '/login', '/logout', '/forgot-password', '/reset-password', '/confirm-email', '/assets'];

// The console's pages name their own page to the console when a form is posted (same-origin), so that a
// form sent after the session ended leads back to its page after signing in; no other site learns it.
const PAGE_POLICIES: ReadonlyArray<{ prefix: string; directives: Directives; referrer?: 'same-origin' }> = [
  { prefix: '/docs', directives: DOCS_POLICY },
  ...CONSOLE_PATHS.map((prefix) => ({ prefix, directives: CONSOLE_POLICY, referrer: 'same-origin' as const })),
];

/**
 * What may be kept by a browser or a proxy: the console's static files and the API docs, which hold
 * nobody's data. Every other answer (cases, histories, accounts, tokens, and the errors about them) is
 * no-store, so that no copy outlives the session on a shared computer or in a cache on the way.
 */
const CACHEABLE = ['/assets', '/docs'];

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** Whether a path is the web console's: its pages, its sign-in forms and its assets. */
export const isConsolePath = (path: string): boolean => CONSOLE_PATHS.some((prefix) => under(path, prefix));

function helmetWith(directives: Directives, referrer: 'no-referrer' | 'same-origin' = 'no-referrer'): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    referrerPolicy: { policy: referrer },
    frameguard: { action: 'deny' },
    // Sent over HTTPS only by browsers; behind TLS it keeps them from ever trying plain HTTP.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
}

/**
 * helmet's security headers, with a Content-Security-Policy for the API and one per page that needs
 * more, and Cache-Control: no-store on every answer but the cacheable ones.
 */
export function securityHeaders(): RequestHandler {
  const api = helmetWith(API_POLICY);
  const pages = PAGE_POLICIES.map((p) => ({ prefix: p.prefix, handler: helmetWith(p.directives, p.referrer) }));
  return (req: Request, res: Response, next: NextFunction) => {
    if (!CACHEABLE.some((prefix) => under(req.path, prefix))) res.setHeader('Cache-Control', 'no-store');
    const page = pages.find((p) => under(req.path, p.prefix));
    (page?.handler ?? api)(req, res, next);
  };
}
