import { NotFoundException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { MetricsTokenGuard } from './metrics-token.guard';

const loadMetricsToken = (env: NodeJS.ProcessEnv) => loadConfig(env).metrics.token;

const TOKEN = 'a-long-enough-metrics-token';

function contextWith(authorization?: string): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => ({ headers: authorization ? { authorization } : {} }) }) } as unknown as ExecutionContext;
}

function guardWith(token: string | undefined): MetricsTokenGuard {
  return new MetricsTokenGuard(loadConfig({ METRICS_TOKEN: token }).metrics);
}

describe('the metrics token', () => {
  it('must be long enough to be unguessable', () => {
    expect(() => loadMetricsToken({ METRICS_TOKEN: 'short' })).toThrow(/at least 16/);
    expect(() => loadMetricsToken({ METRICS_TOKEN: 'long enough but with spaces' })).toThrow(/bearer token/);
    expect(loadMetricsToken({ METRICS_TOKEN: 'Abc-._~+/0123456789==' })).toBe('Abc-._~+/0123456789==');
    expect(loadMetricsToken({})).toBeNull();
  });

  it('turns /metrics off when unset (404)', () => {
    expect(() => guardWith(undefined).canActivate(contextWith(`Bearer ${TOKEN}`))).toThrow(NotFoundException);
  });

  it('lets only the bearer of the token in', () => {
    const guard = guardWith(TOKEN);
    expect(guard.canActivate(contextWith(`Bearer ${TOKEN}`))).toBe(true);
    expect(guard.canActivate(contextWith(`bearer ${TOKEN}`))).toBe(true);
    const malformed = [`Bearer ${TOKEN} junk`, `Bearer  ${TOKEN}`, `Bearer\t${TOKEN}`, `Bearer ${TOKEN},`, `Bearer ${TOKEN} `];
    for (const wrong of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer ', `Bearer ${TOKEN.slice(0, -1)}`, ...malformed]) {
      expect(() => guard.canActivate(contextWith(wrong))).toThrow(UnauthorizedException);
    }
  });
});
