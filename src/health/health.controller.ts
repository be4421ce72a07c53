import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
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
  @ApiErrorResponses({ 503: { description: 'The database does not answer', examples: { databaseDown: 'Down: the database does not answer.' } } })
  async check(): Promise<HealthView> {
    const answer = await this.readiness.databaseAnswers();
    if (answer === 'late') throw new ServiceUnavailableException(`Down: the database does not answer (${DATABASE_LATE}).`);
    if (answer === 'down') throw new ServiceUnavailableException('Down: the database does not answer.');
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
  @Header('Cache-Control', 'no-cache, no-store, must-revalidate')
  @ApiOperation({ summary: 'Readiness: database reachable, migrations applied, not shutting down (send traffic only then)' })
  @ApiOkResponse({ type: HealthView, description: 'Ready for traffic' })
  @ApiErrorResponses({
    503: {
      description: 'Shutting down, the database does not answer, or migrations are pending (the details are in the log)',
      examples: {
        shuttingDown: 'Not ready: shutting down.',
        databaseDown: 'Not ready: the database does not answer.',
        migrationsPending: 'Not ready: migrations are pending.',
      },
    },
  })
  async ready(): Promise<HealthView> {
    const notReady = await this.readiness.notReady();
    if (notReady.length > 0) throw new ServiceUnavailableException(`Not ready: ${notReady.join('; ')}.`);
    const up = { accepting: { status: 'up' as const }, database: { status: 'up' as const }, migrations: { status: 'up' as const } };
    return { status: 'ok', info: up, error: {}, details: up };
  }
}
