import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { ApiErrorResponses } from '../common/api-errors';
import { Metrics } from './metrics';
import { MetricsTokenGuard } from './metrics-token.guard';

/** Prometheus's text exposition format, as prom-client writes it. */
const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  // Not a user's route: the sign-in guard is skipped and MetricsTokenGuard asks for METRICS_TOKEN instead.
  @Public()
  @UseGuards(MetricsTokenGuard)
  @Get()
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', PROMETHEUS_TEXT)
  @ApiBearerAuth('metrics')
  @ApiOperation({ summary: 'Prometheus metrics of this instance (bearer METRICS_TOKEN)' })
  @ApiOkResponse({
    description: "Prometheus's text exposition format (version 0.0.4)",
    content: { 'text/plain': { schema: { type: 'string' }, example: '# TYPE http_request_duration_seconds histogram\n' } },
  })
  @ApiErrorResponses({
    401: {
      description: 'The metrics token is missing or not correct',
      examples: { wrongToken: 'Send the metrics token (METRICS_TOKEN) as "Authorization: Bearer <token>".' },
    },
    404: {
      description: 'Metrics are off: the server has no METRICS_TOKEN',
      examples: { off: 'Metrics are off: set METRICS_TOKEN on the server to turn them on.' },
    },
  })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
