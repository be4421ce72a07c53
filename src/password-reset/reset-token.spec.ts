import { createHash } from 'node:crypto';
import { emailConfirmationLink, hashResetToken, newResetToken, resetLink } from './reset-token';

describe('reset link tokens', () => {
  it('are 32 random bytes in base64url: 43 characters that need no escaping in a URL', () => {
    const token = newResetToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newResetToken()));
    expect(tokens.size).toBe(1000);
  });

  it('are kept as their SHA-256 in hex, which does not contain them', () => {
    const token = newResetToken();
    const hash = hashResetToken(token);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashResetToken(token)).toBe(hash);
    expect(hashResetToken(newResetToken())).not.toBe(hash);
  });

  it('go into a link to the reset page at the public address', () => {
    expect(resetLink('https://compact.example', 'abc_DEF-123')).toBe('https://compact.example/reset-password?token=abc_DEF-123');
  });

  it('go into a link to the page that confirms a new email address, built the same way', () => {
    expect(emailConfirmationLink('https://compact.example', 'abc_DEF-123')).toBe('https://compact.example/confirm-email?token=abc_DEF-123');
  });
});
