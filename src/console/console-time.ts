import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { COMPACT_TIME_ZONE, STATE_TIME_ZONES, isStateCode } from '../../machines';

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one, and a page writes hundreds of times. */
const zoneNamers = new Map<string, Intl.DateTimeFormat>();

/** A zone's short name at an instant, as people read it on a clock ("CST", "EDT", "AKST"). */
function zoneNameAt(instant: Date, zone: string): string {
  let namer = zoneNamers.get(zone);
  if (!namer) zoneNamers.set(zone, (namer = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })));
  return namer.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? zone;
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
      return `${format(date, withSeconds ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm', { in: tz(zone) })} ${zoneNameAt(date, zone)}`;
    },
  };
}

/** A state's users read times in their compact office's zone; the national roles and visitors, in Eastern. */
export function zoneOf(state: string | null | undefined): string {
  return isStateCode(state) ? STATE_TIME_ZONES[state] : COMPACT_TIME_ZONE;
}
