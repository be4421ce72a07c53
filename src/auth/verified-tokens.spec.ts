import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  const claims = (exp?: number) => ({ sub: 'u1', username: 'oh.officer', sid: 's1', ...(exp === undefined ? {} : { exp }) });
  let now = 1_000_000;
  const clock = () => now;

  beforeEach(() => (now = 1_000_000));

  it('answers the claims of a token it was given, until the token expires', () => {
    const tokens = new VerifiedTokens(10, clock);
    tokens.remember('t', claims(1_060));
    expect(tokens.get('t')).toMatchObject({ sid: 's1' });
    now = 1_059_999;
    expect(tokens.get('t')).toBeDefined();
    now = 1_060_000;
    expect(tokens.get('t')).toBeUndefined();
  });

  it('knows nothing of another token, however alike', () => {
    const tokens = new VerifiedTokens(10, clock);
    tokens.remember('token', claims(2_000));
    expect(tokens.get('token ')).toBeUndefined();
    expect(tokens.get('tokeN')).toBeUndefined();
  });

  it('keeps no token without an expiry', () => {
    const tokens = new VerifiedTokens(10, clock);
    tokens.remember('t', claims());
    expect(tokens.get('t')).toBeUndefined();
  });

  it('forgets the oldest token when full', () => {
    const tokens = new VerifiedTokens(2, clock);
    tokens.remember('a', claims(2_000));
    tokens.remember('b', claims(2_000));
    tokens.remember('c', claims(2_000));
    expect(tokens.get('a')).toBeUndefined();
    expect(tokens.get('b')).toBeDefined();
    expect(tokens.get('c')).toBeDefined();
  });
});
