import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

/** The cookie the web console keeps the access token in. */
export const ACCESS_COOKIE = 'cce_access';

export const ACCEPTS_ACCESS_COOKIE = 'acceptsAccessCookie';

/**
 * Marks the controllers where the sign-in guard accepts the access token from the session cookie:
 * the web console's, whose forms carry a CSRF token. The JSON API takes bearer tokens only, so a
 * cookie can never carry a cross-site request to it.
 */
export const AcceptsAccessCookie = () => SetMetadata(ACCEPTS_ACCESS_COOKIE, true);

export function cookieOf(req: Request, name: string): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
