import { Global, Injectable, Module } from '@nestjs/common';
import { Clock } from '../common/clock';

/**
 * Whether this instance is shutting down: GET /health/ready then answers 503, so that a load
 * balancer stops sending it requests while those in flight finish.
 */
@Injectable()
export class Draining {
  private since: Date | null = null;

  constructor(private readonly clock: Clock) {}

  get active(): boolean {
    return this.since !== null;
  }

  start(): void {
    this.since ??= this.clock.now();
  }
}

@Global()
@Module({ providers: [Draining], exports: [Draining] })
export class DrainingModule {}
