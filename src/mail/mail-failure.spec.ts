import { failureText, secretsOfSmtpUrl } from './mail-failure';

describe('what is kept of a failed delivery', () => {
  const url = 'smtps://relay-user:s3cr%23t-pass@mail.example:465';

  it('never keeps the relay password, plain or encoded', () => {
    const secrets = secretsOfSmtpUrl(url);
    const text = failureText(new Error(`Invalid login for ${url} with s3cr#t-pass and s3cr%23t-pass`), secrets);
    expect(text).not.toMatch(/s3cr/);
    expect(text).toContain('[redacted]');
  });

  it('keeps the error on one bounded line', () => {
    const text = failureText(new Error(`first\r\nsecond ${'x'.repeat(1000)}`), []);
    expect(text).toMatch(/^Error: first second x+$/);
    expect(text.length).toBe(500);
  });

  it('describes a thrown non-error too', () => {
    expect(failureText('connection reset', [])).toBe('connection reset');
  });

  it('has no secrets without a relay', () => {
    expect(secretsOfSmtpUrl(null)).toEqual([]);
  });
});
