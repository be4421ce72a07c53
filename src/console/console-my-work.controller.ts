import { Controller, Get, Req, Res, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AUDITOR_ROLES, CASE_WORKER_ROLES, compactDateOf, type Actor, type CompactDate } from '../../machines';
import { ActivityViews } from '../activities/activity-views';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { CasesService } from '../cases/cases.service';
import type { CaseView } from '../cases/dto/case.view';
import { Clock } from '../common/clock';
import type { WorkloadItem } from '../deadlines/dto/workload.view';
import { Workloads } from '../deadlines/workloads';
import { ReopenRequestReadsService } from '../reopen-requests/reopen-request-reads.service';
import { allCases, replyDue } from './compact-office-queue';
import { ConsoleCsrf, ConsoleCsrfGuard } from './console-csrf';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePage } from './console-page.decorator';
import { ConsoleSessionInterceptor } from './console-session.interceptor';
import { ConsoleViews } from './console-views';
import { pageContext } from './page-context';
import { SUBMISSIONS } from './submissions';

/** The first page after sign-in. */
export const MY_WORK = '/console/my-work';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** "Due this week": the open deadlines falling due in the seven days after today. */
const WEEK_DAYS = 7;
/** At most this many open deadlines are read for the page: a state's whole workload, in pages of 100. */
const MAX_DEADLINES = 2_000;

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

/** The calendar date `days` after `date`. */
function plusDays(date: CompactDate, days: number): CompactDate {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * DAY).toISOString().slice(0, 10);
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
    const weekEnd = plusDays(today, WEEK_DAYS);
    const [open, office] = await Promise.all([this.openDeadlines(actor), actor.role === 'compact_office' ? this.officeWork(actor, now) : null]);
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
    const mine = (d: WorkloadItem) => d.assigneeId === actor.id || (actor.role === 'compact_office' && d.assigneeId === null);
    this.views.render(res, 'my-work', {
      ...context,
      caseWorker: true,
      wholeState: actor.role !== 'field_officer',
      today,
      overdue: open.filter((d) => d.overdue).map(line),
      dueToday: open.filter((d) => !d.overdue && d.dueOn === today).map(line),
      dueThisWeek: open.filter((d) => !d.overdue && d.dueOn > today && d.dueOn <= weekEnd).map(line),
      waiting: open.filter(mine).map(line),
      office,
    });
  }

  /** Every open deadline the actor's workload holds, soonest due first, as GET /workload pages them. */
  private async openDeadlines(actor: Actor): Promise<WorkloadItem[]> {
    const all: WorkloadItem[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.workloads.page({ limit: 100, cursor }, actor, null);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && all.length < MAX_DEADLINES);
    return all;
  }

  /** The compact office's part: its review queue, the decisions it owes, reopen requests and action requests addressed to it. */
  private async officeWork(actor: Actor, now: Date) {
    const [review, instructions, transfers, reopens, requests] = await Promise.all([
      allCases(this.cases, 'compact_office_review', 'sending', actor),
      allCases(this.cases, 'reporting_instructions_requested', 'receiving', actor),
      allCases(this.cases, 'transfer_requested', 'receiving', actor),
      this.reopens.list({ status: 'pending', limit: 50 }, actor),
      this.activities.openActionRequestsTo(actor),
    ]);
    const decisions = (cases: CaseView[], what: string) => cases.map((c) => ({ c, what, due: replyDue(c) }));
    return {
      review: review
        .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
        .map((c) => ({ case: c, what: c.awaitingTransmission ? SUBMISSIONS[c.awaitingTransmission] : 'submission' })),
      decisions: [...decisions(instructions, 'reporting instructions request'), ...decisions(transfers, 'transfer request')]
        .sort((a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity))
        .map(({ c, what, due }) => ({ case: c, what, timeLeft: timeLeftOf(due, now) })),
      reopens: reopens.items,
      reopensMore: reopens.nextCursor !== null,
      actionRequests: requests,
    };
  }
}
