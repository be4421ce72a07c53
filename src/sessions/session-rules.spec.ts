import { isIdle, touchIsDue } from './session-rules';

describe('the session rules (CJIS 5.5.5)', () => {
  const lastSeen = new Date('2026-11-28T12:00:00Z');
  const after = (ms: number) => new Date(lastSeen.getTime() + ms);
  const MINUTE = 60_000;

  it('keeps a session used within the idle timeout', () => {
    expect(isIdle(lastSeen, after(29 * MINUTE + 59_999), 30)).toBe(false);
  });

  it('ends it once the idle timeout has passed', () => {
    expect(isIdle(lastSeen, after(30 * MINUTE), 30)).toBe(true);
    expect(isIdle(lastSeen, after(3 * 60 * MINUTE), 30)).toBe(true);
  });

  it('follows a timeout of its own', () => {
    expect(isIdle(lastSeen, after(5 * MINUTE), 5)).toBe(true);
    expect(isIdle(lastSeen, after(5 * MINUTE), 15)).toBe(false);
  });

  it('writes the last use at most once a minute', () => {
    expect(touchIsDue(lastSeen, after(59_999))).toBe(false);
    expect(touchIsDue(lastSeen, after(MINUTE))).toBe(true);
  });
});
