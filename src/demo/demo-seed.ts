import type { INestApplicationContext } from '@nestjs/common';
import { HttpException } from '@nestjs/common';
import { BusinessCalendar, addCalendarDays, compactDateOf, startOfCompactDay } from '../../machines';
import type { Actor } from '../../machines/roles';
import { ActivitiesService } from '../activities/activities.service';
import { CasesService } from '../cases/cases.service';
import { Clock } from '../common/clock';
import { ReopenRequestsService } from '../reopen-requests/reopen-requests.service';
import { actorOf, UsersService } from '../users/users.service';
import { DEMO_ACCOUNTS, DEMO_CASES, DEMO_OPENED_AGO, type DemoAgo, type DemoDates } from './demo-data';

const meta = { requestId: 'demo-seed', clientAddress: null };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A step told by business days ago happens at 10:00 Eastern that day, like a day's work. */
const WORKING_HOUR = 10 * HOUR;

/** The instant `ago` before `now`: calendar days keep the time of day; business days count the compact's calendar back. */
function instantOf(ago: DemoAgo, now: Date, calendar: BusinessCalendar): Date {
  if (ago.unit === 'calendar') return new Date(now.getTime() - ago.days * 24 * HOUR);
  return new Date(startOfCompactDay(calendar.addBusinessDays(compactDateOf(now), -ago.days)).getTime() + WORKING_HOUR);
}

/** The Eastern date `ago` before `now`. */
function dateOf(ago: DemoAgo, now: Date, calendar: BusinessCalendar): string {
  const today = compactDateOf(now);
  return ago.unit === 'calendar' ? addCalendarDays(today, -ago.days) : calendar.addBusinessDays(today, -ago.days);
}

/** The date fields of an activity's step, as dates. */
function datesOf(dates: DemoDates | undefined, now: Date, calendar: BusinessCalendar): Record<string, string> {
  return Object.fromEntries(Object.entries(dates ?? {}).map(([name, ago]) => [name, dateOf(ago, now, calendar)]));
}

/**
 * Fills an empty database with the demo accounts and cases through the same services as real use,
 * so the demo's history is real: refused steps (an officer trying to reopen) are refused and audited.
 * Each step is taken with the clock at the instant the demo tells it at, so its deadlines start, fall
 * due and are met as they would have; the clock then runs on from the demo's now again.
 */
export async function seedDemo(
  app: INestApplicationContext,
  password: string,
): Promise<{ cases: number; reopenRequests: number; activities: number; refused: number }> {
  const users = app.get(UsersService);
  const cases = app.get(CasesService);
  const reopenRequests = app.get(ReopenRequestsService);
  const activities = app.get(ActivitiesService);
  const clock = app.get(Clock);
  const calendar = new BusinessCalendar();
  const now = clock.now();
  const actors = new Map<string, Actor>();
  for (const account of DEMO_ACCOUNTS) {
    // The published demo password passes only here, by name; one of DEMO_PASSWORD meets the policy like any other.
    const user = await users.create({ ...account, email: `${account.username}@compact.example`, password, publishedDemoPassword: true }, null, meta);
    actors.set(account.username, actorOf(user));
  }
  const actor = (username: string): Actor => actors.get(username)!;
  let refused = 0;
  let requests = 0;
  let started = 0;
  for (const [index, demo] of DEMO_CASES.entries()) {
    // A minute apart, in the order told: lists newest first show them in the same order at every start.
    let at = new Date(instantOf(demo.openedAgo ?? DEMO_OPENED_AGO, now, calendar).getTime() + index * MINUTE);
    clock.runFrom(at);
    const supervisionEndsOn = demo.supervisionEnds ? dateOf(demo.supervisionEnds, now, calendar) : undefined;
    const opened = await cases.open({ ...demo, supervisionEndsOn }, actor(demo.openedBy), meta);
    for (const step of demo.steps) {
      at = step.ago ? instantOf(step.ago, now, calendar) : new Date(at.getTime() + HOUR);
      clock.runFrom(at);
      try {
        const { by, ago: _ago, sentencedAgo, ...event } = step;
        const sentencingDate = sentencedAgo ? dateOf(sentencedAgo, now, calendar) : undefined;
        await cases.applyEvent(opened.id, { ...event, sentencingDate }, actor(by), meta);
      } catch (err) {
        if (!(err instanceof HttpException) || err.getStatus() >= 500) throw err;
        refused++;
      }
    }
    for (const ask of demo.reopenRequests ?? []) {
      at = new Date(at.getTime() + HOUR);
      clock.runFrom(at);
      const request = await reopenRequests.ask(opened.id, ask.reason, actor(ask.askedBy), meta);
      requests++;
      if (ask.outcome) await reopenRequests.decide(request.id, ask.outcome.type, ask.outcome.reason, actor(ask.outcome.by), meta);
    }
    let violationReportId: string | undefined;
    for (const activity of demo.activities ?? []) {
      at = activity.ago ? instantOf(activity.ago, now, calendar) : new Date(at.getTime() + HOUR);
      clock.runFrom(at);
      const fields = { ...activity.fields, ...datesOf(activity.dates, now, calendar), ...(activity.onViolationReport ? { violationReportId } : {}) };
      const view = await activities.start(opened.id, { kind: activity.kind, ...fields }, actor(activity.by), meta);
      started++;
      if (activity.kind === 'violation_report') violationReportId = view.id;
      for (const step of activity.steps ?? []) {
        at = step.ago ? instantOf(step.ago, now, calendar) : new Date(at.getTime() + HOUR);
        clock.runFrom(at);
        await activities.move(view.id, { type: step.type, ...step.fields, ...datesOf(step.dates, now, calendar) }, actor(step.by), meta);
      }
    }
  }
  clock.runFrom(now);
  return { cases: DEMO_CASES.length, reopenRequests: requests, activities: started, refused };
}
