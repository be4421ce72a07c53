import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { DataSource } from 'typeorm';
import { migrationsApplied } from '../database/run-migrations';
import { Draining } from '../lifecycle/draining';

/** What GET /health/ready adds to the database ping: the schema is current, and no shutdown has begun. */
@Injectable()
export class Readiness {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly draining: Draining,
  ) {}

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
