import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('the fingerprint of a request', () => {
  const body = { type: 'REJECT_TRANSFER', reason: 'No residence', expectedVersion: 2 };

  it('is the same whatever the order of the keys', () => {
    const reordered = { expectedVersion: 2, reason: 'No residence', type: 'REJECT_TRANSFER' };
    expect(requestFingerprint('POST', '/cases/1/events', reordered)).toBe(requestFingerprint('post', '/cases/1/events', body));
  });

  it('changes with the body, the path or the method', () => {
    const base = requestFingerprint('POST', '/cases/1/events', body);
    expect(requestFingerprint('POST', '/cases/1/events', { ...body, reason: 'No residence.' })).not.toBe(base);
    expect(requestFingerprint('POST', '/cases/2/events', body)).not.toBe(base);
    expect(requestFingerprint('PUT', '/cases/1/events', body)).not.toBe(base);
  });

  it('tells a number from a string and nested objects apart', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(canonicalJson({ a: { c: 1, b: [2, { e: 3, d: 4 }] } })).toBe('{"a":{"b":[2,{"d":4,"e":3}],"c":1}}');
  });

  it('treats a missing body as an empty one', () => {
    expect(requestFingerprint('POST', '/x', undefined)).toBe(requestFingerprint('POST', '/x', null));
  });
});
