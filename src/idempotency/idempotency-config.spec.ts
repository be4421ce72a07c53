import { loadConfig } from '../config/app-config';

const loadIdempotencyConfig = (env: NodeJS.ProcessEnv) => loadConfig(env).idempotency;

describe('the Idempotency-Key settings', () => {
  it('hold a key 10 s per attempt and keep it a day by default', () => {
    expect(loadIdempotencyConfig({})).toEqual({ leaseSeconds: 10, retentionHours: 24 });
  });

  it('never keep keys less than a day: clients retry for that long', () => {
    expect(() => loadIdempotencyConfig({ IDEMPOTENCY_RETENTION_HOURS: '12' })).toThrow(/from 24/);
    expect(loadIdempotencyConfig({ IDEMPOTENCY_RETENTION_HOURS: '72' }).retentionHours).toBe(72);
  });

  it('refuse a lease that is not a whole number of seconds', () => {
    expect(() => loadIdempotencyConfig({ IDEMPOTENCY_LEASE_SECONDS: '0.5' })).toThrow(/IDEMPOTENCY_LEASE_SECONDS/);
  });
});
