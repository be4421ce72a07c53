import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The time the account rules (locks, sessions, reset links) reason about. One instance for the
 * whole app, so that a test can move it forward and see a lock run out or a session go idle
 * without waiting; everything else keeps reading the real time.
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
