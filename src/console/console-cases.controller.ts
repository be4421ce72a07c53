import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { caseIdPipe } from '../cases/case-id.pipe';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  CASE_STATUSES,
  SUPERVISION_ACTIVITY_RULES,
  activityStartsOf,
  caseLifecycleMachine,
  compactDateOf,
  decideAssignment,
  isCaseStatus,
  nextMoveOf,
  sideOf,
  type Actor,
} from '../../machines';
import { ActivitiesService } from '../activities/activities.service';
import { ActivityViews } from '../activities/activity-views';
import type { ActivityView } from '../activities/dto/activity.view';
import { SUPERVISION_ACTIVITIES } from '../activities/supervision-activity-steps';
import { Clock } from '../common/clock';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { CASE_ACTIVITY } from '../cases/case-activity';
import { decodeCaseListCursor, isCaseSort } from '../cases/case-cursor';
import { CASE_READ, CasesService } from '../cases/cases.service';
import type { CaseView } from '../cases/dto/case.view';
import { fieldLabelOf, stepButtons, type ActivityStep, type StepButton } from '../engine/activity';
import { requestMetaOf } from '../common/request-meta';
import { pageNoteOf } from '../engine/refusals';
import { REOPEN_REQUEST_ACTIVITY } from '../reopen-requests/reopen-request-activity';
import { ReopenRequestReadsService } from '../reopen-requests/reopen-request-reads.service';
import { ReopenRequestsService } from '../reopen-requests/reopen-requests.service';
import { ConsoleCsrf, ConsoleCsrfGuard } from './console-csrf';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleFlashes } from './console-flashes';
import { ConsolePage } from './console-page.decorator';
import { ConsoleSessionInterceptor } from './console-session.interceptor';
import { ConsoleViews } from './console-views';
import { AssignCaseForm, CaseEventForm, OpenCaseForm, ReasonForm, StartActivityForm } from './forms/console-forms';
import { CaseAssignments } from '../deadlines/case-assignments';
import type { SupervisionCase } from '../cases/case.entity';
import { UserRepository } from '../users/user.repository';
import { UsersService } from '../users/users.service';
import { badgeOf, moveBoxOf } from './next-move-box';
import { OpenCaseDto } from '../cases/dto/open-case.dto';
import { validationPipe } from '../common/validation';
import { CASE_WORKER_ROLES } from '../../machines/roles';
import { STATE_CODES } from '../../machines/jurisdiction';
import { SUBMISSIONS } from './submissions';
import { awaitsConfirmation, confirmationOf } from './step-confirmation';
import { lifecycleDiagram } from './lifecycle-diagram';
import { lifecycleSteps } from './lifecycle-stepper';
import { CONSOLE_PAGES } from '../mail/console-links';
import { ListFilters, isSide, listHref } from './list-filters';
import { pageContext } from './page-context';

/** Where a case's activity is shown: its own page; a reopen request, on the case page. */
const activityHref = (a: ActivityView): string =>
  a.kind === 'reopen_request' ? `${CONSOLE_PAGES.case(a.caseId)}#reopen-requests` : CONSOLE_PAGES.activity(a.id);

/**
 * A warrant's form offers the case's violation reports to choose from, by date and kind, rather
 * than asking for a report's id; none chosen is a warrant on no report.
 */
function withReportChoices<T extends StepButton<string>>(button: T, activities: readonly ActivityView[]): T {
  const reports = activities.filter((a) => a.kind === 'violation_report');
  return {
    ...button,
    fields: button.fields.map((f) =>
      f.name === 'violationReportId'
        ? {
            ...f,
            input: 'select' as const,
            label: 'The violation report it answers',
            choices: [
              { value: '', label: 'none' },
              ...reports.map((r) => ({
                value: r.id,
                label: `${r.createdAt.slice(0, 10)}: ${r.fields.violationKind?.replace(/_/g, ' ') ?? 'violation'} (${r.status})`,
              })),
            ],
          }
        : f,
    ),
  };
}

/** The case list and the case page, where officers and compact offices move cases along. */
@ApiExcludeController()
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleCsrfGuard)
@UseInterceptors(ConsoleSessionInterceptor)
@Controller('console/cases')
export class ConsoleCasesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: ConsoleCsrf,
    private readonly cases: CasesService,
    private readonly requests: ReopenRequestsService,
    private readonly requestReads: ReopenRequestReadsService,
    private readonly activities: ActivitiesService,
    private readonly activityViews: ActivityViews,
    private readonly flashes: ConsoleFlashes,
    private readonly clock: Clock,
    private readonly assignments: CaseAssignments,
    private readonly userRows: UserRepository,
    private readonly users: UsersService,
  ) {}

  @Get()
  async list(
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
    @Query('status') status?: string,
    @Query('side') side?: string,
    @Query('q') q?: string,
    @Query('sort') sort?: string,
    @Query('cursor') cursor?: string,
  ): Promise<void> {
    await this.renderList(req, res, { status, side, q, sort, cursor }, { success: await this.flashes.take(req) });
  }

  /**
   * Opens a case from the list's form, as the API's POST /cases does: the form is checked as its
   * OpenCaseDto, the sending state the user's own (decideCaseOpening refuses any other). A refusal
   * is shown on the list, the values typed kept.
   */
  @Post()
  async open(@Body() form: OpenCaseForm, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    const typed = {
      offenderName: form.offenderName ?? '',
      offenderId: form.offenderId ?? '',
      receivingState: form.receivingState ?? '',
      supervisionEndsOn: form.supervisionEndsOn ?? '',
    };
    try {
      const input = (await validationPipe().transform(
        {
          offenderName: typed.offenderName,
          offenderId: typed.offenderId.trim() || undefined,
          sendingState: req.actor.state,
          receivingState: typed.receivingState,
          supervisionEndsOn: typed.supervisionEndsOn || undefined,
        },
        { type: 'body', metatype: OpenCaseDto },
      )) as OpenCaseDto;
      const opened = await this.cases.open(input, req.actor, requestMetaOf(req));
      const page = CONSOLE_PAGES.case(opened.id);
      await this.flashes.set(req, res, page, `Case ${opened.caseNumber} is opened, in draft.`);
      res.redirect(303, page);
    } catch (err) {
      const note = pageNoteOf(err);
      if (!note) throw err;
      await this.renderList(req, res, {}, note, note.status, typed);
    }
  }

  /**
   * The list of the user's state's cases, as filtered and sorted, and the form to open one for a case
   * worker. Every filter is in the address, so a bookmark gives the list again; a value the list does
   * not know (a bookmark's old status) is left out, and the page says so, rather than refusing it.
   */
  private async renderList(
    req: AuthenticatedRequest,
    res: Response,
    query: { status?: unknown; side?: unknown; q?: unknown; sort?: unknown; cursor?: unknown },
    notes: { success?: string | null; error?: string },
    status = 200,
    typed: Record<'offenderName' | 'offenderId' | 'receivingState' | 'supervisionEndsOn', string> = {
      offenderName: '',
      offenderId: '',
      receivingState: '',
      supervisionEndsOn: '',
    },
  ): Promise<void> {
    const filters = new ListFilters();
    const q = typeof query.q === 'string' ? query.q.trim().slice(0, 100) : '';
    const filter = {
      q: q || undefined,
      status: filters.known('status', query.status, isCaseStatus, 'not a status of a case'),
      side: filters.known('side', query.side, isSide, 'sending or receiving'),
      sort: filters.known('sort', query.sort, isCaseSort, 'updated, waiting or due'),
    } as const;
    const sort = filter.sort ?? 'updated';
    const cursor = filters.cursor(query.cursor, (c) => decodeCaseListCursor(c, sort));
    const ignored = filters.ignored;
    const page = await this.cases.list({ ...filter, sort, cursor, limit: 50 }, req.actor);
    const href = (extra: Record<string, string>) => listHref('/console/cases', { ...filter, ...extra });
    const state = req.actor.state;
    const shown = [
      `Cases of ${state}`,
      filter.q && `matching “${filter.q}”`,
      filter.status && `status ${filter.status.replace(/_/g, ' ')}`,
      filter.side && `where ${state} is the ${filter.side} state`,
      { updated: 'sorted by last change', waiting: 'sorted by the longest unchanged first', due: 'sorted by next due date' }[sort],
    ].filter(Boolean);
    this.views.render(
      res,
      'cases',
      {
        ...pageContext(req, res, this.csrf, req.actor, 'Cases'),
        statuses: CASE_STATUSES,
        filter: { status: filter.status ?? '', side: filter.side ?? '', q: filter.q ?? '', sort },
        shown: shown.join(', '),
        clearHref: filter.q || filter.status || filter.side || filter.sort ? '/console/cases' : null,
        ignored,
        items: page.items.map((c) => ({
          ...c,
          // What falls due next, and what it is, from the deadline the list's query found.
          nextDueActivity: c.nextDue && (c.deadlines.find((d) => d.id === c.nextDue?.deadlineId)?.activity ?? null),
        })),
        badgeOf: (c: CaseView) =>
          badgeOf(req.actor, { ...c, deadlines: c.deadlines.filter((d) => d.activityId === null) }, nextMoveOf(c.status), this.clock.now()),
        nextHref: page.nextCursor ? href({ cursor: page.nextCursor }) : null,
        firstPageHref: cursor ? href({}) : null,
        // Case workers open cases, for their own state (decideCaseOpening); auditors and administrators do not.
        opening: CASE_WORKER_ROLES.includes(req.actor.role) ? { states: STATE_CODES.filter((s) => s !== req.actor.state), typed } : null,
        success: notes.success ?? null,
        error: notes.error ?? null,
      },
      status,
    );
  }

  @Get(':id')
  async show(@Param('id', caseIdPipe) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.renderCase(req, res, id, { success: await this.flashes.take(req) });
  }

  @Post(':id/events')
  async sendEvent(@Param('id', caseIdPipe) id: string, @Body() form: CaseEventForm, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    try {
      // A grave step is taken once its consequence is confirmed: until then, the page says what it will do.
      if (awaitsConfirmation(CASE_ACTIVITY.steps[form.type], form.confirmed)) {
        return await this.confirmStep(req, res, id, CASE_ACTIVITY.steps[form.type]);
      }
      // The form's fields are the API's (CaseEventDto); its CSRF token and confirmation are not part of the event.
      const { _csrf: _token, confirmed: _confirmed, ...event } = form;
      await this.cases.applyEvent(id, event, req.actor, requestMetaOf(req));
      await this.flashes.set(req, res, `/console/cases/${id}`, CASE_ACTIVITY.steps[form.type].done);
      res.redirect(303, `/console/cases/${id}`);
    } catch (err) {
      await this.refusedOnPage(err, req, res, id);
    }
  }

  @Post(':id/reopen-requests')
  async askForReopen(@Param('id', caseIdPipe) id: string, @Body() form: ReasonForm, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    try {
      await this.requests.ask(id, form.reason, req.actor, requestMetaOf(req));
      await this.flashes.set(req, res, `/console/cases/${id}`, REOPEN_REQUEST_ACTIVITY.steps.ASK.done);
      res.redirect(303, `/console/cases/${id}`);
    } catch (err) {
      await this.refusedOnPage(err, req, res, id);
    }
  }

  /** Starts a supervision activity from its form on the case page, and goes to the activity's page. */
  @Post(':id/activities')
  async startActivity(
    @Param('id', caseIdPipe) id: string,
    @Body() form: StartActivityForm,
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
  ): Promise<void> {
    try {
      // The form's fields are the API's (StartActivityDto); its CSRF token is not part of the step.
      const { _csrf: _token, confirmed: _confirmed, ...input } = form;
      const started = await this.activities.start(id, input, req.actor, requestMetaOf(req));
      const page = CONSOLE_PAGES.activity(started.id);
      await this.flashes.set(req, res, page, SUPERVISION_ACTIVITIES[form.kind].steps[started.log[0].step].done);
      res.redirect(303, page);
    } catch (err) {
      await this.refusedOnPage(err, req, res, id);
    }
  }

  /**
   * Assigns the user's side of the case from the case page's "Assigned to" form, through the same
   * service as the API's POST /cases/:id/assignment, audited alike; a refusal is shown on the page.
   */
  @Post(':id/assignment')
  async assign(@Param('id', caseIdPipe) id: string, @Body() form: AssignCaseForm, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    try {
      const { _csrf: _token, ...input } = form;
      const assigned = await this.assignments.assign(id, input, req.actor, requestMetaOf(req));
      const page = CONSOLE_PAGES.case(id);
      const side = input.side ?? sideOf(assigned, req.actor.state) ?? 'sending';
      const to = await this.users.findById(side === 'sending' ? assigned.sendingAssigneeId! : assigned.receivingAssigneeId!);
      await this.flashes.set(req, res, page, `Done: the ${side} side of the case is assigned to ${to?.displayName ?? input.assigneeId}.`);
      res.redirect(303, page);
    } catch (err) {
      await this.refusedOnPage(err, req, res, id);
    }
  }

  /**
   * The "Assigned to" form, for a user who may assign their side's work (decideAssignment, as the
   * API decides it): the active case workers of their state to choose from; null for anyone else.
   */
  private async assignmentOf(c: SupervisionCase, actor: Actor) {
    const side = sideOf(c, actor.state);
    if (side === null) return null;
    // Asked with nobody to assign, the rules say whether the actor may assign at all: only the assignee is then wrong.
    const unnamed = decideAssignment(c, side, null, actor);
    if (!('code' in unnamed) || unnamed.code !== 'assignment.assignee_not_eligible') return null;
    const workers = (await this.userRows.page({ state: actor.state, active: true, limit: 500 })).filter((u) => CASE_WORKER_ROLES.includes(u.role));
    const current = side === 'sending' ? c.sendingAssigneeId : c.receivingAssigneeId;
    const mayAssign = workers.some((u) => !('code' in decideAssignment(c, side, u, actor)));
    if (!mayAssign) return null;
    return {
      side,
      current,
      workers: workers.map((u) => ({ id: u.id, label: `${u.displayName} (${u.username}, ${u.role.replace(/_/g, ' ')})` })),
    };
  }

  /** The confirmation page of a grave step of the case: what it will do, and the form the user typed, to post again confirmed. */
  private async confirmStep(req: AuthenticatedRequest, res: Response, id: string, step: ActivityStep): Promise<void> {
    const c = await this.cases.findVisible(id, req.actor, { action: CASE_READ, meta: requestMetaOf(req) });
    const page = CONSOLE_PAGES.case(c.id);
    this.views.render(res, 'confirm-step', {
      ...pageContext(req, res, this.csrf, req.actor, `Confirm: ${step.label}`),
      confirmation: confirmationOf(step, req.body, `${page}/events`, page, `Case ${c.caseNumber}: ${c.offenderName}`),
      labelOf: fieldLabelOf,
    });
  }

  /** A refusal is shown on the case page itself, with the rules' own sentence (pageNoteOf). */
  private async refusedOnPage(err: unknown, req: AuthenticatedRequest, res: Response, id: string): Promise<void> {
    const note = pageNoteOf(err);
    if (!note) throw err;
    await this.renderCase(req, res, id, note, note.status);
  }

  /** The case, its history and its reopen requests, after one visibility check (requireAccess). */
  private async renderCase(req: AuthenticatedRequest, res: Response, id: string, notes: { success?: string | null; error?: string }, status = 200) {
    const meta = requestMetaOf(req);
    const c = await this.cases.findVisible(id, req.actor, { action: CASE_READ, meta });
    const [view, history, requests, activities, assignment, sendingAssignee, receivingAssignee] = await Promise.all([
      this.cases.view(c, req.actor),
      this.cases.historyOf(c, req.actor, meta),
      this.requestReads.ofVisibleCase(c, req.actor),
      this.activityViews.ofCase(c.id, req.actor, meta),
      this.assignmentOf(c, req.actor),
      c.sendingAssigneeId ? this.users.findById(c.sendingAssigneeId) : null,
      c.receivingAssigneeId ? this.users.findById(c.receivingAssigneeId) : null,
    ]);
    const now = this.clock.now();
    const assignees = { sending: sendingAssignee?.displayName ?? null, receiving: receivingAssignee?.displayName ?? null };
    // Whose move it is, from the lifecycle's senders; the case's own deadlines bear on it, not its activities'.
    const moves = nextMoveOf(view.status);
    const caseDeadlines = view.deadlines.filter((d) => d.activityId === null);
    // Each kind the user may start, by the way the user's side starts it (the rules' `starts`).
    const starts = activityStartsOf(c, req.actor)
      .filter((s) => view.activitiesToStart.includes(s.kind))
      .map((s) => ({
        kind: s.kind,
        title: SUPERVISION_ACTIVITIES[s.kind].title,
        rule: SUPERVISION_ACTIVITY_RULES[s.kind].rule,
        button: withReportChoices(stepButtons(SUPERVISION_ACTIVITIES[s.kind], [s.step])[0], activities),
      }));
    this.views.render(
      res,
      'case',
      {
        ...pageContext(req, res, this.csrf, req.actor, `Case ${view.caseNumber}`),
        case: view,
        box: moveBoxOf('case', view, moves, caseDeadlines, (side) => assignees[side], now),
        badge: badgeOf(req.actor, { ...view, deadlines: caseDeadlines }, moves, now),
        assignees,
        assignment,
        actions: stepButtons(CASE_ACTIVITY, view.allowedEvents),
        later: view.possibleLater.map((p) => ({ label: CASE_ACTIVITY.steps[p.type].label, from: p.from })),
        submitted: view.awaitingTransmission && SUBMISSIONS[view.awaitingTransmission],
        canRequestReopen: view.allowedEvents.includes('REQUEST_REOPEN'),
        diagram: lifecycleDiagram(caseLifecycleMachine, view.status, `Lifecycle of case ${view.caseNumber}`),
        stepper: lifecycleSteps(caseLifecycleMachine, view.status),
        history,
        requests,
        activities: activities.map((a) => ({ ...a, href: activityHref(a) })),
        starts,
        // A deadline is overdue once its Eastern due date is behind today's, Eastern.
        today: compactDateOf(now),
        success: notes.success ?? null,
        error: notes.error ?? null,
      },
      status,
    );
  }
}
