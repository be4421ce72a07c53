import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The app's only source of "now": locks, sessions, links, audit times, mail retries, kept answers.
 * One instance for the whole app, so that a test can move it forward and see a lock run out, a
 * retry fall due or a key be forgotten without waiting.
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
