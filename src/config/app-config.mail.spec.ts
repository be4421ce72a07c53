import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const appConfig = (env: NodeJS.ProcessEnv) => loadConfig(env).app;

describe('the mail settings', () => {
  it('default to .eml files in data/outbox, from the engine’s no-reply address', () => {
    const config = appConfig({});
    expect(config).toMatchObject({
      smtpUrl: null,
      outboxDir: resolve('data/outbox'),
      mailFrom: 'Compact Case Engine <no-reply@compact.example>',
    });
  });

  it('take a relay, a folder and a sender of their own', () => {
    const config = appConfig({ SMTP_URL: 'smtps://u:p@mail.example:465', OUTBOX_DIR: '/tmp/mails', MAIL_FROM: 'ICOTS <icots@state.example>' });
    expect(config).toMatchObject({ smtpUrl: 'smtps://u:p@mail.example:465', outboxDir: '/tmp/mails', mailFrom: 'ICOTS <icots@state.example>' });
  });

  it('refuse a relay URL that is not SMTP, without echoing it', () => {
    expect(() => appConfig({ SMTP_URL: 'https://user:hunter22@mail.example' })).toThrow(ConfigError);
    expect(() => appConfig({ SMTP_URL: 'https://user:hunter22@mail.example' })).not.toThrow(/hunter22/);
    expect(() => appConfig({ SMTP_URL: 'not a url hunter22' })).not.toThrow(/hunter22/);
  });

  it('refuse a sender address that would add headers', () => {
    expect(() => appConfig({ MAIL_FROM: 'a@b.example\r\nBcc: c@d.example' })).toThrow(/MAIL_FROM/);
    expect(() => appConfig({ MAIL_FROM: 'nobody' })).toThrow(/MAIL_FROM/);
  });
});
