import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The app's only source of "now": locks, sessions, links, audit times, mail retries, kept answers.
 * One instance for the whole app, so that a test can move it forward and see a lock run out, a
 * retry fall due or a key be forgotten without waiting.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** From here on, time runs on from `instant`: the demo's clock (DEMO_NOW), and its history told at past instants. */
  runFrom(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
