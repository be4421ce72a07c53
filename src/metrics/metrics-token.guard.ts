import { CanActivate, ExecutionContext, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerTokenOf, TOKEN68 } from '../common/bearer-token';

const MIN_LENGTH = 16;

/** METRICS_TOKEN, checked at start: a short one would be guessable, and one that is no token68 could never be sent. */
export function loadMetricsToken(env: NodeJS.ProcessEnv = process.env): string | null {
  const token = env.METRICS_TOKEN?.trim() || null;
  if (token && token.length < MIN_LENGTH) throw new Error(`METRICS_TOKEN must be at least ${MIN_LENGTH} characters long.`);
  if (token && !TOKEN68.test(token)) {
    throw new Error('METRICS_TOKEN may hold only letters, digits and - . _ ~ + / (with = at its end): it is sent as a bearer token.');
  }
  return token;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * /metrics is for a Prometheus server, not for people: it signs in with the bearer token in
 * METRICS_TOKEN instead of a user's. Without METRICS_TOKEN the route is off.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor() {
    const token = loadMetricsToken();
    this.expected = token ? digest(token) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) throw new NotFoundException('Metrics are off: set METRICS_TOKEN on the server to turn them on.');
    const token = bearerTokenOf(context.switchToHttp().getRequest<Request>().headers.authorization);
    // Comparing digests keeps the time taken independent of how much of the token was right.
    if (!token || !timingSafeEqual(digest(token), this.expected)) {
      throw new UnauthorizedException('Send the metrics token (METRICS_TOKEN) as "Authorization: Bearer <token>".');
    }
    return true;
  }
}
