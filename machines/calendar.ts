import { allForYear } from '@18f/us-federal-holidays';
import { TZDate, tzOffset } from '@date-fns/tz';
import { endOfDay } from 'date-fns';

/** ICOTS's clock: every date of the compact is a date in Eastern time, whatever the user's own zone. */
export const COMPACT_TIME_ZONE = 'America/New_York';

/** A calendar date in Eastern time, `YYYY-MM-DD`. */
export type CompactDate = string;

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCompactDate(value: unknown): value is CompactDate {
  const parts = typeof value === 'string' ? DATE_SHAPE.exec(value) : null;
  if (!parts) return false;
  const [year, month, day] = parts.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Midnight of the date in Eastern time, as a date that date-fns counts in that zone. */
function midnightOf(date: CompactDate): TZDate {
  const [year, month, day] = date.split('-').map(Number);
  return new TZDate(year, month - 1, day, COMPACT_TIME_ZONE);
}

const HOUR_MS = 3_600_000;

/**
 * Eastern time's offset from UTC, in ms, remembered per UTC hour: New York's offset only ever changes
 * on a UTC hour (02:00 local is 07:00 UTC in March and 06:00 UTC in November). A step asks for the
 * date of a few instants many times over, and the zone's rules looked up each time (a TZDate and a
 * format) were a tenth of a transition's time. Bounded, like dayBounds below.
 */
const hourOffsets = new Map<number, number>();
const HOUR_OFFSETS_KEPT = 8192;

function offsetAt(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = hourOffsets.get(hour);
  if (offset === undefined) {
    offset = tzOffset(COMPACT_TIME_ZONE, new Date(hour * HOUR_MS)) * 60_000;
    if (hourOffsets.size >= HOUR_OFFSETS_KEPT) hourOffsets.clear();
    hourOffsets.set(hour, offset);
  }
  return offset;
}

/** The Eastern date of an instant: 22:30 Pacific on 1 July is 2 July. */
export function compactDateOf(instant: Date): CompactDate {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid time value');
  return new Date(ms + offsetAt(ms)).toISOString().slice(0, 10);
}

/**
 * The instants a date starts and ends, Eastern, remembered per date: a step asks for the same few
 * dates again and again (its deadlines' due dates and reminders), and each answer costs a lookup of
 * the zone's rules. Bounded, so that a long-running server does not keep every date it ever saw.
 */
const dayBounds = new Map<CompactDate, { start: number; end: number }>();
const DAY_BOUNDS_KEPT = 4096;

function boundsOf(date: CompactDate): { start: number; end: number } {
  let bounds = dayBounds.get(date);
  if (!bounds) {
    const midnight = midnightOf(date);
    bounds = { start: midnight.getTime(), end: endOfDay(midnight).getTime() };
    if (dayBounds.size >= DAY_BOUNDS_KEPT) dayBounds.clear();
    dayBounds.set(date, bounds);
  }
  return bounds;
}

/** 00:00 Eastern on the date: when a date's notices go out, and when "no earlier than" opens. */
export function startOfCompactDay(date: CompactDate): Date {
  return new Date(boundsOf(date).start);
}

/** 23:59:59.999 Eastern on the date: the instant a deadline that falls due that day runs out. */
export function endOfCompactDay(date: CompactDate): Date {
  return new Date(boundsOf(date).end);
}

/**
 * A date's place on a zone-free count of days. Counting dates needs no time zone, only turning them
 * into instants does; the zone's rules looked up for every day counted were most of a step's time.
 */
function dayNumberOf(date: CompactDate): number {
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

const DAY_MS = 86_400_000;

const dateOfDayNumber = (n: number): CompactDate => new Date(n * DAY_MS).toISOString().slice(0, 10);

export function addCalendarDays(date: CompactDate, days: number): CompactDate {
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/** Days from `from` to `to`: negative when `to` comes first. */
export function calendarDaysBetween(from: CompactDate, to: CompactDate): number {
  return dayNumberOf(to) - dayNumberOf(from);
}

/** Saturday or Sunday: 1 January 1970, day 0, was a Thursday. */
function isWeekend(date: CompactDate): boolean {
  return isWeekendDay(dayNumberOf(date));
}

function isWeekendDay(n: number): boolean {
  const weekday = (((n + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

/**
 * The holidays that are not business days, year by year. A year's list is data, not date math: the
 * federal calendar is the default, and a published list (the Commission's own, which its dashboards
 * use) replaces a year's list where it is given.
 */
export class BusinessCalendar {
  private readonly years = new Map<number, ReadonlySet<CompactDate>>();

  constructor(private readonly published: Readonly<Record<number, readonly CompactDate[]>> = {}) {}

  /** The holidays observed in the year, their observed dates: 4 July 2026, a Saturday, is Friday 3 July. */
  holidaysOf(year: number): ReadonlySet<CompactDate> {
    let holidays = this.years.get(year);
    if (!holidays) {
      holidays = new Set(this.published[year] ?? federalHolidaysObservedIn(year));
      this.years.set(year, holidays);
    }
    return holidays;
  }

  isHoliday(date: CompactDate): boolean {
    return this.holidaysOf(Number(date.slice(0, 4))).has(date);
  }

  isBusinessDay(date: CompactDate): boolean {
    return !isWeekend(date) && !this.isHoliday(date);
  }

  /**
   * "Within N business days": the start date is day 0, day 1 is the next business day, and the
   * answer is business day N. A negative N counts back the same way.
   */
  addBusinessDays(date: CompactDate, days: number): CompactDate {
    // Walked on day numbers, a date string made only for the answer: a step starts deadlines and
    // their reminders, each walked day by day.
    const step = days < 0 ? -1 : 1;
    let left = Math.abs(days);
    let n = dayNumberOf(date);
    while (left > 0) {
      n += step;
      if (!isWeekendDay(n) && !this.isHolidayDay(n)) left -= 1;
    }
    return dateOfDayNumber(n);
  }

  /** The year whose holidays were last asked for by day number, and their day numbers. */
  private year = { from: 0, to: -1, holidays: new Set<number>() };

  private isHolidayDay(n: number): boolean {
    if (n < this.year.from || n > this.year.to) {
      const year = new Date(n * DAY_MS).getUTCFullYear();
      const holidays = new Set([...this.holidaysOf(year)].map(dayNumberOf));
      this.year = { from: Date.UTC(year, 0, 1) / DAY_MS, to: Date.UTC(year + 1, 0, 1) / DAY_MS - 1, holidays };
    }
    return this.year.holidays.has(n);
  }

  /** Business days after `from` up to and including `to`; negative, counted the same way, when `to` comes first. */
  businessDaysBetween(from: CompactDate, to: CompactDate): number {
    if (to < from) return -this.businessDaysBetween(to, from);
    // Counted, not walked: the weekdays of the stretch, less its holidays that fall on one. A workload
    // page asks this of every line, some a year overdue.
    const first = dayNumberOf(from) + 1;
    const last = dayNumberOf(to);
    let count = weekdaysBefore(last + 1) - weekdaysBefore(first);
    for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++)
      for (const holiday of this.holidaysOf(year)) if (holiday > from && holiday <= to && !isWeekend(holiday)) count -= 1;
    return count;
  }
}

/** Weekdays of each first stretch of a week that starts on a Thursday (day 0): Thu, Fri, Sat, Sun, Mon, Tue, Wed. */
const WEEKDAYS_IN_FIRST = [0, 1, 2, 2, 2, 3, 4, 5];
/** Far enough before day 0 that every date counted is after it, and a whole number of weeks. */
const WEEKS_BEFORE_DAY_0 = 7 * 200_000;

/** The weekdays before day number `n`, counted from a Thursday far back. */
function weekdaysBefore(n: number): number {
  const days = n + WEEKS_BEFORE_DAY_0;
  return 5 * Math.floor(days / 7) + WEEKDAYS_IN_FIRST[days % 7];
}

/**
 * The federal holidays observed in a year. The library lists a year's holidays by the year they
 * belong to, so a New Year's Day on a Saturday is observed on the 31 December before: that date
 * is in the next year's list, and it removes a business day from this one.
 */
function federalHolidaysObservedIn(year: number): CompactDate[] {
  return [...allForYear(year), ...allForYear(year + 1)].map((h) => h.dateString).filter((date) => date.startsWith(`${year}-`));
}

/** The federal calendar the engine counts by until a published holiday list is loaded. */
export const FEDERAL_CALENDAR = new BusinessCalendar();
