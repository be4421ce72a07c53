import { BadRequestException } from '@nestjs/common';
import { parseIdempotencyKey } from './idempotency-key-header';

describe('the Idempotency-Key header', () => {
  it('takes the structured-field string of the IETF draft', () => {
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
  });

  it('takes a bare value too, as the payment APIs do', () => {
    expect(parseIdempotencyKey(' retry-me.42 ')).toBe('retry-me.42');
  });

  it.each([
    ['empty', '""'],
    ['blank', '   '],
    ['with a space', '"two words"'],
    ['with a quote inside', 'a"b'],
    ['with a control character', 'a\u0001b'],
    ['too long', 'k'.repeat(256)],
  ])('refuses a key that is %s', (_, value) => {
    expect(() => parseIdempotencyKey(value)).toThrow(BadRequestException);
  });

  it('refuses two headers', () => {
    expect(() => parseIdempotencyKey(['a', 'b'])).toThrow(/one Idempotency-Key header/);
  });

  it('tells the client what to send', () => {
    expect(() => parseIdempotencyKey('')).toThrow(/same value when you retry/);
  });
});
