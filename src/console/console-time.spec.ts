import { timesIn, zoneOf } from './console-time';

describe('console times', () => {
  it("writes an instant in the state's zone, with the zone's name on that day", () => {
    const texas = timesIn(zoneOf('TX'));
    expect(texas.at('2026-12-04T15:00:00.000Z')).toBe('2026-12-04 09:00 CST');
    expect(texas.at('2026-07-04T15:00:00.000Z')).toBe('2026-07-04 10:00 CDT');
  });

  it('moves the date across midnight: 03:30 UTC is the evening before in California', () => {
    expect(timesIn(zoneOf('CA')).at('2026-12-05T03:30:00Z')).toBe('2026-12-04 19:30 PST');
  });

  it('follows the daylight-saving change: 2026-11-01 06:30 and 07:30 UTC are both 01:30 in New York', () => {
    const ohio = timesIn(zoneOf('OH'));
    expect(ohio.at('2026-11-01T05:30:00Z')).toBe('2026-11-01 01:30 EDT');
    expect(ohio.at('2026-11-01T06:30:00Z')).toBe('2026-11-01 01:30 EST');
  });

  it('writes midnight as 00:00, on the day it begins', () => {
    expect(timesIn(zoneOf('NY')).at('2026-01-01T05:00:00Z')).toBe('2026-01-01 00:00 EST');
    expect(timesIn(zoneOf('NY')).at('2026-01-01T04:59:59Z', true)).toBe('2025-12-31 23:59:59 EST');
  });

  it('keeps Arizona on standard time all year, and gives seconds when asked', () => {
    expect(timesIn(zoneOf('AZ')).at('2026-07-04T15:00:07Z', true)).toBe('2026-07-04 08:00:07 MST');
  });

  it('writes national users and visitors in Eastern, and nothing for no instant', () => {
    expect(zoneOf('US')).toBe('America/New_York');
    expect(zoneOf(null)).toBe('America/New_York');
    expect(timesIn(zoneOf(null)).at(null)).toBe('');
  });
});
