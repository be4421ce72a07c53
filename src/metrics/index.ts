// What other features may import of src/metrics/, each name from the file named here (eslint.config.mjs checks it).
export { httpMetrics } from './http-metrics.middleware';
export { MetricsModule } from './metrics.module';
export { Metrics } from './metrics';
