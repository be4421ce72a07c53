import { COMPACT_TIME_ZONE, STATE_TIME_ZONES, isStateCode } from '../../machines';

/**
 * One formatter per zone, giving the date, the time and the zone's name in one pass: building an
 * Intl.DateTimeFormat costs far more than using one, and a page writes hundreds of instants (My work's
 * took 4 ms of its 28 through date-fns and a second formatter for the name).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** How console pages write instants: in one zone, with the zone's name at that instant. */
export interface ConsoleTimes {
  zone: string;
  /** "2026-12-04 09:00 CST"; with seconds for audit and history lines. */
  at(instant: string | Date | null | undefined, withSeconds?: boolean): string;
}

export function timesIn(zone: string): ConsoleTimes {
  return {
    zone,
    at(instant, withSeconds = false) {
      if (instant === null || instant === undefined || instant === '') return '';
      const date = typeof instant === 'string' ? new Date(instant) : instant;
      if (Number.isNaN(date.getTime())) return '';
      const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
      for (const { type, value } of formatterOf(zone).formatToParts(date)) part[type] = value;
      const time = `${part.hour}:${part.minute}${withSeconds ? `:${part.second}` : ''}`;
      return `${part.year}-${part.month}-${part.day} ${time} ${part.timeZoneName ?? zone}`;
    },
  };
}

/** A state's users read times in their compact office's zone; the national roles and visitors, in Eastern. */
export function zoneOf(state: string | null | undefined): string {
  return isStateCode(state) ? STATE_TIME_ZONES[state] : COMPACT_TIME_ZONE;
}
