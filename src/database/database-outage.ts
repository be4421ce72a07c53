import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { driverWordsOf, isDatabaseUnavailable } from './database-unavailable';

/** What a 503 for an absent database tells the client to wait before trying again, in seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 1;

/** Work accepted while the database is away that waits for it, at most: what a flood adds beyond is dropped (and logged). */
const MAX_WAITING = 1000;

/** How often, while the database is away, it is asked whether it is back (milliseconds). */
const PROBE_EVERY_MS = 200;

/**
 * The database being away, as this process sees it: one warning when the first request meets it
 * (with the driver's words, which stay in the log), one when it answers again (how long, how many
 * requests and background passes failed meanwhile), instead of a stack per request. While it is away a `SELECT 1` every
 * PROBE_EVERY_MS finds its return at once, and what waited for it (keys to free) runs then.
 */
@Injectable()
export class DatabaseOutage implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private since: Date | null = null;
  private failures = 0;
  private probe: NodeJS.Timeout | null = null;
  private probing = false;
  private returning: Promise<unknown> = Promise.resolve();
  private readonly onReturn: Array<() => Promise<void>> = [];
  private readonly waiting: Array<() => Promise<void>> = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  get away(): boolean {
    return this.since !== null;
  }

  /** A request (or a background pass) met the database away; `err` is what the driver said. */
  noticed(err: unknown): void {
    this.failures++;
    if (this.since) return;
    this.since = this.clock.now();
    this.logger.warn(
      { since: this.since.toISOString(), driver: driverWordsOf(err) },
      `The database does not answer: requests are answered 503 with Retry-After until it does.`,
    );
    this.probe = setInterval(() => void this.checkBack(), PROBE_EVERY_MS);
    this.probe.unref();
  }

  /** A failure of a request or of background work: part of the outage when the database is away, else `log` tells of it. */
  orLog(err: unknown, log: () => void): void {
    if (isDatabaseUnavailable(err)) this.noticed(err);
    else log();
  }

  /** `f` runs each time the database answers again after being away (its failures are logged, not thrown). */
  whenBack(f: () => Promise<void>): void {
    this.onReturn.push(f);
  }

  /**
   * `f` runs once, when the database answers again: work accepted while it was away (a reset request
   * answered before its work). Returns false, and forgets `f`, when MAX_WAITING already wait.
   */
  onceBack(f: () => Promise<void>): boolean {
    if (this.waiting.length >= MAX_WAITING) return false;
    this.waiting.push(f);
    return true;
  }

  /** Asks the database whether it is back; if so, ends the outage and runs what waited for it. */
  async checkBack(): Promise<boolean> {
    if (!this.since || this.probing) return false;
    this.probing = true;
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      return false;
    } finally {
      this.probing = false;
    }
    const back = this.back();
    this.returning = back;
    return back;
  }

  /** Once what waited for the database's last return has run (shutdown, and tests). */
  settled(): Promise<unknown> {
    return this.returning;
  }

  private async back(): Promise<boolean> {
    if (!this.since) return false;
    const until = this.clock.now();
    this.logger.warn(
      { since: this.since.toISOString(), until: until.toISOString(), seconds: (until.getTime() - this.since.getTime()) / 1000, failures: this.failures },
      'The database answers again.',
    );
    this.stopProbing();
    this.since = null;
    this.failures = 0;
    const waiting = this.waiting.splice(0);
    for (const f of this.onReturn) await this.rerun(f, false);
    for (const f of waiting) await this.rerun(f, true);
    return true;
  }

  /** Runs what waited; away again already, the next return runs it again. */
  private async rerun(f: () => Promise<void>, once: boolean): Promise<void> {
    try {
      await f();
    } catch (err) {
      if (!isDatabaseUnavailable(err)) {
        this.logger.error({ err }, 'What waited for the database to answer again failed.');
        return;
      }
      this.noticed(err);
      if (once) this.onceBack(f);
    }
  }

  private stopProbing(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = null;
  }

  onApplicationShutdown(): void {
    this.stopProbing();
    if (this.waiting.length > 0)
      this.logger.warn({ dropped: this.waiting.length }, 'The process stops while work still waits for the database: it is dropped.');
  }
}
