import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { Readiness } from './readiness';

/** Probes for load balancers and orchestrators; no sign-in, and nothing in them about any case. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly readiness: Readiness,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Up when the database answers (no sign-in needed)' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]);
  }

  @Public()
  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers (restart it if not); touches no database' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Public()
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database reachable, migrations applied, not shutting down (send traffic only then)' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.readiness.accepting(),
        () => this.db.pingCheck('database', { timeout: 1500 }),
        () => this.readiness.migrations(),
      ]);
    } catch (err) {
      // The error shape of every answer, saying which check is down (and nothing more about the database).
      if (err instanceof ServiceUnavailableException) throw new ServiceUnavailableException(`Not ready: ${downChecks(err)}.`);
      throw err;
    }
  }
}

function downChecks(err: ServiceUnavailableException): string {
  const failed = (err.getResponse() as Partial<HealthCheckResult>).error ?? {};
  return Object.entries(failed)
    .map(([name, check]) => (typeof check?.message === 'string' && check.message.length < 80 ? `${name} (${check.message})` : name))
    .join(', ');
}
