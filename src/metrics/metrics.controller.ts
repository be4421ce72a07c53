import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
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
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics of this instance (bearer METRICS_TOKEN)' })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
