import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';

/**
 * How often one client address may call the routes of /auth/* that take a password, a username or
 * a link. It slows down guessing across many accounts, which the per-account lockout alone does
 * not; the counts are kept in this process's memory.
 */
export function authThrottling(config: Pick<AppConfig, 'authRateLimit' | 'authRateLimitWindowSeconds'>): ThrottlerModuleOptions {
  return {
    throttlers: [{ limit: config.authRateLimit, ttl: config.authRateLimitWindowSeconds * 1000 }],
    // One budget per address for all these routes together (the default counts each route apart),
    // so that switching between sign-in and reset buys an attacker nothing.
    generateKey: (_context, tracker, throttler) => `auth:${throttler}:${tracker}`,
    errorMessage: 'Too many sign-in requests from your address. Wait a minute and try again; if this keeps happening, call your state compact office.',
  };
}
