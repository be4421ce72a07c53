import { ConfigError, loadConfig } from './app-config';

const appConfig = (env: NodeJS.ProcessEnv) => loadConfig(env).app;

describe('the account settings', () => {
  it('default to CJIS and NIST values: 5 failures lock for 10 minutes, 30 idle minutes end a session, 12 characters', () => {
    expect(appConfig({})).toMatchObject({
      lockoutThreshold: 5,
      lockoutMinutes: 10,
      idleTimeoutMinutes: 30,
      passwordMinLength: 12,
      resetLinkTtlMinutes: 20,
      invitationTtlHours: 72,
      authRateLimit: 20,
      authRateLimitWindowSeconds: 60,
      trustProxy: false,
    });
  });

  it('take values of their own', () => {
    const config = appConfig({
      LOCKOUT_THRESHOLD: '3',
      LOCKOUT_MINUTES: '30',
      IDLE_TIMEOUT_MINUTES: '15',
      PASSWORD_MIN_LENGTH: '15',
      PASSWORD_RESET_TTL_MINUTES: '10',
      INVITATION_TTL_HOURS: '24',
      AUTH_RATE_LIMIT: '5',
      AUTH_RATE_LIMIT_WINDOW_SECONDS: '300',
    });
    expect(config).toMatchObject({
      lockoutThreshold: 3,
      lockoutMinutes: 30,
      idleTimeoutMinutes: 15,
      passwordMinLength: 15,
      resetLinkTtlMinutes: 10,
      invitationTtlHours: 24,
      authRateLimit: 5,
      authRateLimitWindowSeconds: 300,
    });
  });

  it('refuse a minimum password length below NIST’s 8', () => {
    expect(() => appConfig({ PASSWORD_MIN_LENGTH: '6' })).toThrow(/PASSWORD_MIN_LENGTH must be a whole number from 8 to 64/);
  });

  it.each(['LOCKOUT_THRESHOLD', 'LOCKOUT_MINUTES', 'IDLE_TIMEOUT_MINUTES', 'AUTH_RATE_LIMIT'])('refuse %s of zero or not a number', (name) => {
    expect(() => appConfig({ [name]: '0' })).toThrow(ConfigError);
    expect(() => appConfig({ [name]: 'ten' })).toThrow(new RegExp(name));
  });

  it('trust the proxies named in TRUST_PROXY, and refuse anything else', () => {
    expect(appConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(appConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(appConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(() => appConfig({ TRUST_PROXY: 'everyone; rm -rf' })).toThrow(/TRUST_PROXY/);
  });
});
