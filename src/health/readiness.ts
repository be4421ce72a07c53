import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DatabaseOutage } from '../database/database-outage';
import { driverWordsOf, isDatabaseUnavailable } from '../database/database-unavailable';
import { migrationsApplied } from '../database/run-migrations';
import { Draining } from '../lifecycle/draining';

/** How long the database may take to answer a ping before it counts as down. */
const PING_TIMEOUT_MS = 1500;

/** Why the database counts as down when it did not answer in time. */
export const DATABASE_LATE = `no answer within ${PING_TIMEOUT_MS / 1000} s`;

/** What the readiness probe found wrong, in words for whoever reads it: no driver text, host or port (those are logged). */
export type NotReady =
  | 'shutting down'
  | 'the database does not answer'
  | `the database does not answer (${typeof DATABASE_LATE})`
  | 'migrations are pending'
  | 'the migrations table could not be read';

/** The checks of the probes: the database answers, the schema is current, and no shutdown has begun. */
@Injectable()
export class Readiness {
  private readonly logger = new Logger('Health');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly draining: Draining,
    private readonly outage: DatabaseOutage,
  ) {}

  /**
   * `SELECT 1` within PING_TIMEOUT_MS. Terminus's own ping builds an AbortController, a DOMException
   * and an rxjs pipeline at every call: an eighth of the CPU of GET /health, which load balancers
   * call all day. One timer does the same here.
   */
  async databaseAnswers(): Promise<'up' | 'late' | 'down'> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, PING_TIMEOUT_MS, 'late')));
    try {
      return await Promise.race([this.dataSource.query('SELECT 1').then(() => 'up' as const), late]);
    } catch (err) {
      // Probes come every few seconds: an absent database is warned of once per outage.
      if (isDatabaseUnavailable(err)) this.outage.noticed(err);
      else this.logger.warn({ driver: driverWordsOf(err) }, 'The health probe found the database failing.');
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * What keeps this instance from taking traffic, in the order an operator would fix it; empty when
   * ready. The migrations are only looked at when the database answers: an absent database says
   * nothing about them.
   */
  async notReady(): Promise<NotReady[]> {
    const found: NotReady[] = this.draining.active ? ['shutting down'] : [];
    const database = await this.databaseAnswers();
    if (database !== 'up') return [...found, database === 'late' ? `the database does not answer (${DATABASE_LATE})` : 'the database does not answer'];
    try {
      if (!(await migrationsApplied(this.dataSource))) found.push('migrations are pending');
    } catch (err) {
      this.logger.warn({ driver: driverWordsOf(err) }, 'The health probe could not read the migrations table.');
      found.push('the migrations table could not be read');
    }
    return found;
  }
}
