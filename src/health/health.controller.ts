import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, type HealthIndicatorFunction } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
import { ApiErrorResponses } from '../common/api-errors';
import { HealthCheckView, HealthView } from './health.view';
import { DATABASE_LATE, Readiness } from './readiness';

/** Probes for load balancers and orchestrators; no sign-in, and nothing in them about any case. */
@ApiTags('health')
@ApiExtraModels(HealthCheckView)
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: Readiness,
  ) {}

  /** Terminus's answer, without Terminus: this one is called all day by load balancers (see Readiness.databaseAnswers). */
  @Public()
  @Get()
  @Header('Cache-Control', 'no-cache, no-store, must-revalidate')
  @ApiOperation({ summary: 'Up when the database answers (no sign-in needed)' })
  @ApiOkResponse({ type: HealthView, description: 'The database answers' })
  @ApiErrorResponses({ 503: { description: 'The database does not answer', examples: { databaseDown: 'Down: database.' } } })
  async check(): Promise<HealthView> {
    const answer = await this.readiness.databaseAnswers();
    if (answer === 'late') throw new ServiceUnavailableException(`Down: database (${DATABASE_LATE}).`);
    if (answer === 'down') throw new ServiceUnavailableException('Down: database.');
    const up = { database: { status: 'up' as const } };
    return { status: 'ok', info: up, error: {}, details: up };
  }

  @Public()
  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness: the process answers (restart it if not); touches no database' })
  @ApiOkResponse({ type: HealthView, description: 'The process answers' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Public()
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: database reachable, migrations applied, not shutting down (send traffic only then)' })
  @ApiOkResponse({ type: HealthView, description: 'Ready for traffic' })
  @ApiErrorResponses({
    503: {
      description: 'Shutting down, the database does not answer, or migrations are pending',
      examples: {
        shuttingDown: 'Not ready: accepting (shutting down).',
        databaseDown: 'Not ready: database.',
        migrationsPending: 'Not ready: migrations (migrations are pending).',
      },
    },
  })
  ready(): Promise<HealthCheckResult> {
    return this.checked('Not ready', [() => this.readiness.accepting(), () => this.readiness.database(), () => this.readiness.migrations()]);
  }

  /** The error shape of every answer, saying which check is down (and nothing more about the database). */
  private async checked(prefix: string, checks: HealthIndicatorFunction[]): Promise<HealthCheckResult> {
    try {
      return await this.health.check(checks);
    } catch (err) {
      if (err instanceof ServiceUnavailableException) throw new ServiceUnavailableException(`${prefix}: ${downChecks(err)}.`);
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
