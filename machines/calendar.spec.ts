import { fc, test as property } from '@fast-check/jest';
import {
  BusinessCalendar,
  addCalendarDays,
  calendarDaysBetween,
  compactDateOf,
  endOfCompactDay,
  isCompactDate,
  startOfCompactDay,
  type CompactDate,
} from './calendar';

const calendar = new BusinessCalendar();

/** Dates between 2000 and 2060, as Eastern dates. */
const compactDates = fc.date({ min: new Date('2000-01-01T12:00:00Z'), max: new Date('2060-12-31T12:00:00Z'), noInvalidDate: true }).map(compactDateOf);

describe('the Eastern date of an instant (ICOTS dates every event in Eastern time)', () => {
  it.each([
    ['22:30 Pacific on 1 July is 2 July', '2026-07-02T05:30:00Z', '2026-07-02'],
    ['one millisecond before Eastern midnight (summer)', '2026-07-02T03:59:59.999Z', '2026-07-01'],
    ['Eastern midnight in winter is 05:00 UTC', '2026-12-02T05:00:00Z', '2026-12-02'],
    ['04:59:59 UTC in winter is still the day before', '2026-12-02T04:59:59.999Z', '2026-12-01'],
    ['the spring-forward night: 01:59 EST', '2026-03-08T06:59:00Z', '2026-03-08'],
    ['the fall-back night: 01:30 EST, the second one', '2026-11-01T06:30:00Z', '2026-11-01'],
  ])('%s', (_what, instant, date) => {
    expect(compactDateOf(new Date(instant))).toBe(date);
  });
});

describe('the Eastern date of any instant', () => {
  // The zone's own answer, from Intl: the reference the remembered offsets must always agree with.
  const eastern = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });

  it('is the date Intl gives in America/New_York, over 1990-2070 and every minute around the clock changes', () => {
    const instants = fc.oneof(
      fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2070-12-31T23:59:59Z'), noInvalidDate: true }),
      // The nights the clocks change (second Sunday of March, first Sunday of November), 04:00-09:00 UTC.
      fc
        .record({ year: fc.integer({ min: 2007, max: 2060 }), spring: fc.boolean(), minute: fc.integer({ min: 0, max: 300 }) })
        .map(({ year, spring, minute }) => {
          const first = new Date(Date.UTC(year, spring ? 2 : 10, 1));
          const sunday = 1 + ((7 - first.getUTCDay()) % 7) + (spring ? 7 : 0);
          return new Date(Date.UTC(year, spring ? 2 : 10, sunday, 4, minute));
        }),
    );
    fc.assert(
      fc.property(instants, (instant) => expect(compactDateOf(instant)).toBe(eastern.format(instant))),
      { numRuns: 2000 },
    );
  });

  it('refuses an invalid instant as date-fns did', () => {
    expect(() => compactDateOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('the ends of an Eastern day', () => {
  it.each([
    ['a winter day ends at 04:59:59.999 UTC the next day', '2027-01-09', '2027-01-10T04:59:59.999Z'],
    ['a summer day ends at 03:59:59.999 UTC', '2026-07-07', '2026-07-08T03:59:59.999Z'],
    ['the spring-forward day is 23 hours long', '2026-03-08', '2026-03-09T03:59:59.999Z'],
    ['the fall-back day is 25 hours long', '2026-11-01', '2026-11-02T04:59:59.999Z'],
  ])('%s', (_what, date, end) => {
    expect(endOfCompactDay(date).toISOString()).toBe(end);
  });

  it('starts the spring-forward day at 05:00 UTC and the next one at 04:00 UTC', () => {
    expect(startOfCompactDay('2026-03-08').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfCompactDay('2026-03-09').toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  property.prop([compactDates])('a day ends one millisecond before the next one starts, and both instants are of that day', (date) => {
    const end = endOfCompactDay(date);
    expect(end.getTime() + 1).toBe(startOfCompactDay(addCalendarDays(date, 1)).getTime());
    expect(compactDateOf(end)).toBe(date);
    expect(compactDateOf(startOfCompactDay(date))).toBe(date);
  });
});

describe('the federal holidays, on their observed dates', () => {
  it('lists the eleven holidays of 2026, Independence Day observed on Friday 3 July', () => {
    expect([...calendar.holidaysOf(2026)].sort()).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ]);
  });

  it.each([
    ['1 Jan 2028, a Saturday, removes Fri 31 Dec 2027', '2027-12-31', true],
    ['so 2028 itself has no New Year holiday on a business day', '2028-01-03', false],
    ['Juneteenth 2027, a Saturday, is observed Friday 18 June', '2027-06-18', true],
    ['Christmas 2027, a Saturday, is observed Friday 24 December', '2027-12-24', true],
    ['Independence Day 2027, a Sunday, is observed Monday 5 July', '2027-07-05', true],
    ['Veterans Day 2028, a Saturday, is observed Friday 10 November', '2028-11-10', true],
    ['Thanksgiving 2026 is the fourth Thursday', '2026-11-26', true],
    ['the day after Thanksgiving is a business day', '2026-11-27', false],
  ])('%s', (_what, date, holiday) => {
    expect(calendar.isHoliday(date)).toBe(holiday);
  });

  it('lets a published list replace a year of the federal calendar', () => {
    const published = new BusinessCalendar({ 2026: ['2026-11-27'] });
    expect(published.isBusinessDay('2026-11-27')).toBe(false);
    expect(published.isBusinessDay('2026-11-26')).toBe(true);
    expect(published.isBusinessDay('2027-01-01')).toBe(false);
  });
});

describe('counting business days: day 0 is the start date, day 1 the next business day', () => {
  it.each([
    // The example of the counting convention: 2 BD from Thu 2 Jul 2026, across the observed Independence Day and a weekend.
    ['2 BD from Thu 2 Jul 2026 is Tue 7 Jul', '2026-07-02', 2, '2026-07-07'],
    ['10 BD from a Friday', '2026-12-04', 10, '2026-12-18'],
    ['10 BD across Christmas 2026 and New Year 2027', '2026-12-18', 10, '2027-01-05'],
    ['a start on a Saturday counts from the Monday', '2026-12-05', 1, '2026-12-07'],
    ['5 BD from Wed 25 Nov 2026 skips Thanksgiving', '2026-11-25', 5, '2026-12-03'],
    ['across 31 Dec 2027, the observed New Year of 2028', '2027-12-30', 1, '2028-01-03'],
    ['counting back skips the same days: 2 BD before Tue 7 Jul 2026 is Thu 2 Jul', '2026-07-07', -2, '2026-07-02'],
  ])('%s', (_what, start, days, end) => {
    expect(calendar.addBusinessDays(start, days)).toBe(end);
  });

  it('counts the business days between two dates both ways', () => {
    expect(calendar.businessDaysBetween('2026-07-02', '2026-07-07')).toBe(2);
    expect(calendar.businessDaysBetween('2026-07-07', '2026-07-02')).toBe(-2);
    expect(calendar.businessDaysBetween('2026-07-03', '2026-07-03')).toBe(0);
  });

  property.prop([compactDates, fc.integer({ min: 1, max: 60 })])('N business days later is a business day, N business days away', (start, days) => {
    const end = calendar.addBusinessDays(start, days);
    expect(calendar.isBusinessDay(end)).toBe(true);
    expect(calendar.businessDaysBetween(start, end)).toBe(days);
    expect(calendar.addBusinessDays(end, -days) <= start).toBe(true);
  });

  property.prop([compactDates, fc.integer({ min: -90, max: 90 }), fc.boolean()])(
    'N business days from a date is where a walk over the dates, counting each business day, stops; on the federal calendar and on a published one',
    (start, days, federal) => {
      const counting = federal ? calendar : new BusinessCalendar({ [Number(start.slice(0, 4))]: [addCalendarDays(start, 1), addCalendarDays(start, 9)] });
      let at = start;
      for (let left = Math.abs(days); left > 0;) {
        at = addCalendarDays(at, days < 0 ? -1 : 1);
        if (counting.isBusinessDay(at)) left -= 1;
      }
      expect(counting.addBusinessDays(start, days)).toBe(at);
    },
  );

  property.prop([compactDates, fc.integer({ min: -800, max: 800 })])(
    'the business days between two dates are those a walk from one to the other counts, across years and their holidays',
    (from, span) => {
      const to = addCalendarDays(from, span);
      const [low, high] = span < 0 ? [to, from] : [from, to];
      let walked = 0;
      for (let at = addCalendarDays(low, 1); at <= high; at = addCalendarDays(at, 1)) if (calendar.isBusinessDay(at)) walked += 1;
      expect(calendar.businessDaysBetween(from, to)).toBe(span < 0 ? -walked : walked);
    },
  );

  it('leaves out a published holiday that falls on a weekend only once', () => {
    // 2026-07-04 is a Saturday: a list that gives it beside the Friday it is observed on.
    const published = new BusinessCalendar({ 2026: ['2026-07-03', '2026-07-04'] });
    expect(published.businessDaysBetween('2026-07-01', '2026-07-08')).toBe(4);
  });

  property.prop([compactDates])('no weekend day is a business day', (date) => {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) expect(calendar.isBusinessDay(date)).toBe(false);
  });
});

describe('calendar days are never moved off a weekend or a holiday', () => {
  it.each([
    ['45 CD from 25 Nov 2026 is Saturday 9 Jan 2027', '2026-11-25', 45, '2027-01-09'],
    ['120 CD from 1 Jan 2026', '2026-01-01', 120, '2026-05-01'],
    ['10 CD onto Independence Day 2026 stays there', '2026-06-24', 10, '2026-07-04'],
    ['across the spring-forward night', '2026-03-07', 2, '2026-03-09'],
    ['across the fall-back night', '2026-10-31', 2, '2026-11-02'],
  ])('%s', (_what, start, days, end) => {
    expect(addCalendarDays(start, days)).toBe(end);
  });

  property.prop([compactDates, fc.integer({ min: -400, max: 400 })])('adding N calendar days is N days away', (start: CompactDate, days) => {
    expect(calendarDaysBetween(start, addCalendarDays(start, days))).toBe(days);
  });
});

describe('what a date is', () => {
  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['26-01-01', false],
    [20260101, false],
  ])('%p is a date: %p', (value, ok) => {
    expect(isCompactDate(value)).toBe(ok);
  });
});
