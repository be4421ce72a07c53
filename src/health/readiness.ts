import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import { migrationsApplied } from '../database/run-migrations';
import { Draining } from '../lifecycle/draining';

/** How long the database may take to answer a ping before it counts as down. */
const PING_TIMEOUT_MS = 1500;

/** Why the database counts as down when it did not answer in time. */
export const DATABASE_LATE = `no answer within ${PING_TIMEOUT_MS / 1000} s`;

/** The checks of the probes: the database answers, the schema is current, and no shutdown has begun. */
@Injectable()
export class Readiness {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly draining: Draining,
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
    } catch {
      return 'down';
    } finally {
      clearTimeout(timer);
    }
  }

  async database(): Promise<HealthIndicatorResult<'database'>> {
    const check = this.indicators.check('database');
    const answer = await this.databaseAnswers();
    return answer === 'up' ? check.up() : check.down(answer === 'late' ? { message: DATABASE_LATE } : {});
  }

  async migrations(): Promise<HealthIndicatorResult<'migrations'>> {
    const check = this.indicators.check('migrations');
    try {
      return (await migrationsApplied(this.dataSource)) ? check.up() : check.down({ message: 'migrations are pending' });
    } catch {
      return check.down({ message: 'the migrations table could not be read' });
    }
  }

  accepting(): HealthIndicatorResult<'accepting'> {
    const check = this.indicators.check('accepting');
    return this.draining.active ? check.down({ message: 'shutting down' }) : check.up();
  }
}
