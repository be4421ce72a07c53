import type { CookieOptions, Response } from 'express';
import { ACCESS_COOKIE } from '../auth/access-cookie';
/** A random id for visitors not yet signed in, which the CSRF token of the sign-in forms is bound to. */
export const VISITOR_COOKIE = 'cce_visitor';
export const CSRF_COOKIE = 'cce_csrf';

export function cookieOptions(secure: boolean, maxAgeSeconds?: number): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds * 1000 }),
  };
}

export function setAccessCookie(res: Response, token: string, secure: boolean): void {
  // A session cookie: the server-side session decides how long it lives (idle timeout, sign-out).
  res.cookie(ACCESS_COOKIE, token, cookieOptions(secure));
}

export function clearAccessCookie(res: Response, secure: boolean): void {
  res.clearCookie(ACCESS_COOKIE, cookieOptions(secure));
}
