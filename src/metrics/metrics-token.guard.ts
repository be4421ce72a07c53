import { CanActivate, ExecutionContext, Inject, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerTokenOf } from '../common/bearer-token';
import { METRICS_CONFIG, type MetricsConfig } from '../config/app-config';

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

  constructor(@Inject(METRICS_CONFIG) config: MetricsConfig) {
    this.expected = config.token ? digest(config.token) : null;
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
