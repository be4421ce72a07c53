import { Global, Injectable, Module } from '@nestjs/common';

/**
 * Whether this instance is shutting down: GET /health/ready then answers 503, so that a load
 * balancer stops sending it requests while those in flight finish.
 */
@Injectable()
export class Draining {
  private since: Date | null = null;

  get active(): boolean {
    return this.since !== null;
  }

  start(): void {
    this.since ??= new Date();
  }
}

@Global()
@Module({ providers: [Draining], exports: [Draining] })
export class DrainingModule {}
