import { bearerTokenOf } from './bearer-token';

describe('bearerTokenOf', () => {
  it('reads "Bearer", one space and a token68, in any case of the scheme', () => {
    expect(bearerTokenOf('Bearer abc.DEF-ghi_~+/0==')).toBe('abc.DEF-ghi_~+/0==');
    expect(bearerTokenOf('bearer abc')).toBe('abc');
    expect(bearerTokenOf('BEARER abc')).toBe('abc');
  });

  it('finds no bearer token without the header or under another scheme', () => {
    for (const header of [undefined, '', 'Basic b2guY29tcGFjdDpwdw==', 'Bearers abc', 'Bearer-abc']) expect(bearerTokenOf(header)).toBeUndefined();
  });

  it('refuses (null) a Bearer header that is not exactly one token', () => {
    for (const header of ['Bearer', 'Bearer ', 'Bearer  abc', 'Bearer\tabc', 'Bearer abc junk', 'Bearer abc ', 'Bearer abc,', 'Bearer a=b', 'Bearer a\u0000']) {
      expect({ header, token: bearerTokenOf(header) }).toEqual({ header, token: null });
    }
  });
});
