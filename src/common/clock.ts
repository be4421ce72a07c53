import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The time the account rules (locks, sessions, reset links), the cases and the idempotency keys
 * reason about. One instance for the whole app, so that a test can move it forward and see a lock
 * run out, a session go idle or a key's lease end without waiting.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
