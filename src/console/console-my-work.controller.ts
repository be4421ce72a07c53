import { Controller, Get, Req, Res, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { addCalendarDays, AUDITOR_ROLES, CASE_WORKER_ROLES, compactDateOf, startOfCompactDay, type Actor, type CompactDate } from '../../machines';
import { ActivityViews } from '../activities/activity-views';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { CasesService } from '../cases/cases.service';
import type { CaseView } from '../cases/dto/case.view';
import { Clock } from '../common/clock';
import type { WorkloadItem } from '../deadlines/dto/workload.view';
import { Workloads, type WorkloadPart } from '../deadlines/workloads';
import { ReopenRequestReadsService } from '../reopen-requests/reopen-request-reads.service';
import { officeQueue, QUEUE_LINES, replyDue, toReview } from './compact-office-queue';
import { ConsoleCsrf, ConsoleCsrfGuard } from './console-csrf';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePage } from './console-page.decorator';
import { ConsoleSessionInterceptor } from './console-session.interceptor';
import { ConsoleViews } from './console-views';
import { pageContext } from './page-context';

/** The first page after sign-in. */
export const MY_WORK = '/console/my-work';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** "Due this week": the open deadlines falling due in the seven days after today. */
const WEEK_DAYS = 7;
/** The lines a part of the workload shows, the soonest due first; its count is of all it holds. */
const LINES = 50;

/** A line of My work: what is due, on which case, and where it is done. */
interface WorkLine {
  href: string;
  caseNumber: string;
  offenderName: string;
  what: string;
  rule: string;
  dueOn: string;
  left: string;
  overdue: boolean;
  assigned: string;
}

/** "3 business days left", "due today", "2 calendar days overdue". */
function leftOf(d: WorkloadItem): string {
  const unit = d.dayUnit === 'business' ? 'business' : 'calendar';
  const n = Math.abs(d.daysLeft);
  const days = `${n} ${unit} day${n === 1 ? '' : 's'}`;
  if (d.overdue) return n === 0 ? 'overdue today' : `${days} overdue`;
  return d.daysLeft === 0 ? 'due today' : `${days} left`;
}

/** The time a decision has left: in hours under two days, in days after. */
function timeLeftOf(due: Date | null, now: Date): string {
  if (!due) return 'no time limit running';
  const ms = due.getTime() - now.getTime();
  const abs = Math.abs(ms);
  const amount = abs < 2 * DAY ? `${Math.floor(abs / HOUR)} h` : `${Math.floor(abs / DAY)} days`;
  return ms >= 0 ? `${amount} left` : `overdue by ${amount}`;
}

/**
 * My work: the open deadlines of the signed-in user (a field officer's own, a supervisor's or
 * compact office's whole state's, as GET /workload answers them) by when they fall due, and for a
 * compact office what waits in its queue and the action requests addressed to its state. Those who
 * have no workload (auditors, administrators) are told what they can do instead.
 */
@ApiExcludeController()
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleCsrfGuard)
@UseInterceptors(ConsoleSessionInterceptor)
@Controller('console')
export class ConsoleMyWorkController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: ConsoleCsrf,
    private readonly workloads: Workloads,
    private readonly cases: CasesService,
    private readonly reopens: ReopenRequestReadsService,
    private readonly activities: ActivityViews,
    private readonly clock: Clock,
  ) {}

  @Get()
  home(@Res() res: Response): void {
    res.redirect(303, MY_WORK);
  }

  @Get('my-work')
  async myWork(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const actor = req.actor;
    const context = pageContext(req, res, this.csrf, actor, 'My work');
    if (!CASE_WORKER_ROLES.includes(actor.role)) {
      this.views.render(res, 'my-work', { ...context, caseWorker: false, auditor: AUDITOR_ROLES.includes(actor.role), admin: actor.role === 'state_admin' });
      return;
    }
    const now = this.clock.now();
    const today = compactDateOf(now);
    const [parts, office] = await Promise.all([this.workParts(actor, now, today), actor.role === 'compact_office' ? this.officeWork(actor, now) : null]);
    const line = (d: WorkloadItem): WorkLine => ({
      href: d.activityId ? `/console/activities/${d.activityId}` : `/console/cases/${d.caseId}`,
      caseNumber: d.caseNumber,
      offenderName: d.offenderName,
      what: d.activity,
      rule: d.rule,
      dueOn: d.dueOn,
      left: leftOf(d),
      overdue: d.overdue,
      assigned: d.assigneeId === null ? 'nobody yet' : d.assigneeId === actor.id ? 'you' : 'another user',
    });
    // Past the count (WORKLOAD_COUNTED_UP_TO), a part says "1,000 or more".
    const shown = (part: WorkloadPart) => ({
      lines: part.items.map(line),
      total: part.total,
      count: `${part.total.toLocaleString('en-US')}${part.more ? ' or more' : ''}`,
    });
    this.views.render(res, 'my-work', {
      ...context,
      caseWorker: true,
      wholeState: actor.role !== 'field_officer',
      today,
      overdue: shown(parts.overdue),
      dueToday: shown(parts.dueToday),
      dueThisWeek: shown(parts.dueThisWeek),
      waiting: shown(parts.waiting),
      office,
    });
  }

  /**
   * The parts of the actor's workload, as GET /workload would page them: each its first lines and
   * how many it holds, however large the state's workload is (each read walks the index of open
   * deadlines from the part's start, and is counted in it).
   */
  private async workParts(actor: Actor, now: Date, today: CompactDate): Promise<Record<'overdue' | 'dueToday' | 'dueThisWeek' | 'waiting', WorkloadPart>> {
    const tomorrow = startOfCompactDay(addCalendarDays(today, 1));
    const afterTheWeek = startOfCompactDay(addCalendarDays(today, WEEK_DAYS + 1));
    // A compact office answers for what is assigned to nobody yet of its state.
    const mine = actor.role === 'compact_office' ? [actor.id, null] : [actor.id];
    const [overdue, dueToday, dueThisWeek, waiting] = await Promise.all([
      this.workloads.soonestDue(actor, { due: { before: now } }, LINES),
      this.workloads.soonestDue(actor, { due: { from: now, before: tomorrow } }, LINES),
      this.workloads.soonestDue(actor, { due: { from: tomorrow, before: afterTheWeek } }, LINES),
      this.workloads.soonestDue(actor, { assignees: mine }, LINES),
    ]);
    return { overdue, dueToday, dueThisWeek, waiting };
  }

  /** The compact office's part: its review queue, the decisions it owes, reopen requests and action requests addressed to it. */
  private async officeWork(actor: Actor, now: Date) {
    const [{ review, instructions, transfers }, reopens, requests] = await Promise.all([
      officeQueue(this.cases, actor),
      this.reopens.list({ status: 'pending', limit: 50 }, actor),
      this.activities.openActionRequestsTo(actor),
    ]);
    const decisions = (cases: CaseView[], what: string) => cases.map((c) => ({ c, what, due: replyDue(c) }));
    const owed = [...decisions(instructions.cases, 'reporting instructions request'), ...decisions(transfers.cases, 'transfer request')].sort(
      (a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity),
    );
    return {
      review: review.cases.map(toReview),
      reviewMore: review.allHref !== null,
      decisions: owed.slice(0, QUEUE_LINES).map(({ c, what, due }) => ({ case: c, what, timeLeft: timeLeftOf(due, now) })),
      decisionsMore: owed.length > QUEUE_LINES || instructions.allHref !== null || transfers.allHref !== null,
      reopens: reopens.items,
      reopensMore: reopens.nextCursor !== null,
      actionRequests: requests,
    };
  }
}
