import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ACTIVITY_STATUSES,
  SUPERVISION_ACTIVITY_KINDS,
  SUPERVISION_ACTIVITY_RULES,
  activityFilterProblem,
  activityNextMoveOf,
  compactDateOf,
  isActivityStatus,
  isSupervisionActivityKind,
  type CaseSide,
} from '../../machines';
import { capitalized } from '../../machines/wording';
import { badgeOf, moveBoxOf } from './next-move-box';
import { ActivitiesService } from '../activities/activities.service';
import { ACTIVITY_NOT_FOUND, ActivityViews } from '../activities/activity-views';
import { SUPERVISION_ACTIVITIES } from '../activities/supervision-activity-steps';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { Clock } from '../common/clock';
import { decodeCaseListCursor } from '../cases/case-cursor';
import { CasesService } from '../cases/cases.service';
import { requestMetaOf } from '../common/request-meta';
import { pageNoteOf } from '../engine/refusals';
import { fieldLabelOf, stepButtons, type ActivityStep } from '../engine/activity';
import type { ActivityView } from '../activities/dto/activity.view';
import { isActivitySort } from '../activities/dto/list-activities.query';
import { CONSOLE_PAGES } from '../mail/console-links';
import { ConsoleCsrf, ConsoleCsrfGuard } from './console-csrf';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleFlashes } from './console-flashes';
import { ConsolePage } from './console-page.decorator';
import { ConsoleSessionInterceptor } from './console-session.interceptor';
import { ConsoleViews } from './console-views';
import { ActivityEventForm } from './forms/console-forms';
import { ListFilters, isSide, listHref } from './list-filters';
import { pageContext } from './page-context';
import { awaitsConfirmation, confirmationOf } from './step-confirmation';

/** An id that is not a UUID names no activity: the same 404 as one of another state's case. */
const activityId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException(ACTIVITY_NOT_FOUND) });

/**
 * The list of the state's activities across its cases, and a supervision activity's page (mails link
 * here): what it says, its steps so far, and the steps the user may take now.
 */
@ApiExcludeController()
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleCsrfGuard)
@UseInterceptors(ConsoleSessionInterceptor)
@Controller('console/activities')
export class ConsoleActivitiesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: ConsoleCsrf,
    private readonly activities: ActivitiesService,
    private readonly activityViews: ActivityViews,
    private readonly flashes: ConsoleFlashes,
    private readonly clock: Clock,
    private readonly cases: CasesService,
  ) {}

  /**
   * The activities of every case of the user's state, as filtered and sorted (GET /activities). Every
   * filter is in the address; one the list does not know, or a status not of the kind chosen, is left
   * out and the page says so.
   */
  @Get()
  async list(
    @Req() req: AuthenticatedRequest,
    @Res() res: Response,
    @Query() query: Record<'kind' | 'status' | 'open' | 'side' | 'sort' | 'cursor', unknown>,
  ): Promise<void> {
    const filters = new ListFilters();
    const kind = filters.known('kind', query.kind, isSupervisionActivityKind, 'not a kind of activity');
    let status = filters.known('status', query.status, isActivityStatus, 'not a status of an activity');
    const problem = activityFilterProblem({ kind, status });
    if (problem) {
      filters.ignored.push(problem.replace(/\.$/, ''));
      status = undefined;
    }
    const open = filters.known('open', query.open, (v): v is 'true' | 'false' => v === 'true' || v === 'false', 'true or false');
    const side = filters.known('side', query.side, isSide, 'sending or receiving');
    const sort = filters.known('sort', query.sort, isActivitySort, 'updated or waiting') ?? 'updated';
    const cursor = filters.cursor(query.cursor, (c) => decodeCaseListCursor(c, sort));
    const page = await this.activityViews.list(
      { kind, status, open: open === undefined ? undefined : open === 'true', side, sort, cursor, limit: 50 },
      req.actor,
    );
    const filter = { kind, status, open, side, sort: sort === 'updated' ? undefined : sort };
    const state = req.actor.state;
    const shown = [
      kind ? `${capitalized(SUPERVISION_ACTIVITY_RULES[kind].title)}s of ${state}'s cases` : `Activities of ${state}'s cases`,
      status && `status ${status.replace(/_/g, ' ')}`,
      open && (open === 'true' ? 'still open' : 'ended'),
      side && `where ${state} is the ${side} state`,
      sort === 'updated' ? 'the last changed first' : 'the longest unchanged first',
    ].filter(Boolean);
    const today = compactDateOf(this.clock.now());
    this.views.render(res, 'activities', {
      ...pageContext(req, res, this.csrf, req.actor, 'Activities'),
      kinds: SUPERVISION_ACTIVITY_KINDS.map((k) => ({ value: k, label: capitalized(SUPERVISION_ACTIVITY_RULES[k].title) })),
      statuses: kind ? SUPERVISION_ACTIVITY_RULES[kind].statuses : ACTIVITY_STATUSES,
      filter: { kind: kind ?? '', status: status ?? '', open: open ?? '', side: side ?? '', sort },
      shown: shown.join(', '),
      clearHref: Object.values(filter).some(Boolean) ? '/console/activities' : null,
      ignored: filters.ignored,
      items: page.items.map((a) => ({
        ...a,
        href: CONSOLE_PAGES.activity(a.id),
        caseHref: CONSOLE_PAGES.case(a.caseId),
        title: capitalized(a.title),
        // What falls due next on it: its earliest open deadline, by its Eastern due date.
        nextDue: a.deadlines.filter((d) => d.status === 'open').sort((x, y) => x.dueOn.localeCompare(y.dueOn))[0] ?? null,
      })),
      today,
      nextHref: page.nextCursor ? listHref('/console/activities', { ...filter, cursor: page.nextCursor }) : null,
      firstPageHref: cursor ? listHref('/console/activities', filter) : null,
    });
  }

  @Get(':id')
  async show(@Param('id', activityId) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.renderActivity(req, res, id, { success: await this.flashes.take(req) });
  }

  @Post(':id/events')
  async sendEvent(@Param('id', activityId) id: string, @Body() form: ActivityEventForm, @Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    try {
      // A grave step is taken once its consequence is confirmed: until then, the page says what it will do.
      if (form.confirmed === undefined) {
        const view = await this.activityViews.one(id, req.actor, requestMetaOf(req));
        const step = declaredOf(view.kind).steps[form.type] as ActivityStep | undefined;
        if (awaitsConfirmation(step, form.confirmed)) return this.confirmStep(req, res, view, step);
      }
      // The form's fields are the API's (ActivityEventDto); its CSRF token and confirmation are not part of the step.
      const { _csrf: _token, confirmed: _confirmed, ...event } = form;
      const moved = await this.activities.move(id, event, req.actor, requestMetaOf(req));
      const page = CONSOLE_PAGES.activity(id);
      await this.flashes.set(req, res, page, declaredOf(moved.kind).steps[form.type].done);
      res.redirect(303, page);
    } catch (err) {
      // A refusal is shown on the activity's page itself, with the rules' own sentence; a 404 is the filter's.
      const note = pageNoteOf(err);
      if (!note) throw err;
      await this.renderActivity(req, res, id, note, note.status);
    }
  }

  /** The confirmation page of a grave step of the activity: what it will do, and the form the user typed, to post again confirmed. */
  private confirmStep(req: AuthenticatedRequest, res: Response, view: ActivityView, step: ActivityStep): void {
    const page = CONSOLE_PAGES.activity(view.id);
    this.views.render(res, 'confirm-step', {
      ...pageContext(req, res, this.csrf, req.actor, `Confirm: ${step.label}`),
      confirmation: confirmationOf(step, req.body, `${page}/events`, page, `${capitalized(view.title)} of case ${view.caseNumber}: ${view.offenderName}`),
      labelOf: fieldLabelOf,
    });
  }

  /** The activity, after its visibility check, and its entries of the case's history. */
  private async renderActivity(req: AuthenticatedRequest, res: Response, id: string, notes: { success?: string | null; error?: string }, status = 200) {
    const meta = requestMetaOf(req);
    const { view, history } = await this.activityViews.oneWithHistory(id, req.actor, meta);
    const declared = declaredOf(view.kind);
    const now = this.clock.now();
    // Whose move it is, from the activity's rule table; its own deadlines bear on it.
    const moves = activityNextMoveOf(
      SUPERVISION_ACTIVITY_RULES[view.kind as keyof typeof SUPERVISION_ACTIVITY_RULES],
      view.status,
      view.startedBySide as CaseSide,
    );
    // The activity's visibility is checked above; its case is read for its two states only.
    const [c] = await this.cases.findMany([view.caseId]);
    const parties = { sendingState: c.sendingState, receivingState: c.receivingState, status: view.status };
    this.views.render(
      res,
      'activity',
      {
        ...pageContext(req, res, this.csrf, req.actor, `${capitalized(view.title)} of case ${view.caseNumber}`),
        activity: view,
        box: moveBoxOf(view.title, parties, moves, view.deadlines, () => null, now),
        badge: badgeOf(req.actor, { ...parties, deadlines: view.deadlines }, moves, now),
        caseHref: CONSOLE_PAGES.case(view.caseId),
        linkedHref: view.linkedActivityId ? CONSOLE_PAGES.activity(view.linkedActivityId) : null,
        fields: labelled(view.fields),
        log: view.log.map((l) => ({ ...l, label: declared.steps[l.step]?.label ?? l.step, fields: labelled(l.fields) })),
        actions: stepButtons(declared, view.allowedEvents),
        history,
        // A deadline is overdue once its Eastern due date is behind today's, Eastern.
        today: compactDateOf(now),
        success: notes.success ?? null,
        error: notes.error ?? null,
      },
      status,
    );
  }
}

/** An activity's kind as declared (SUPERVISION_ACTIVITIES); a reopen request has no page here, but the case's. */
function declaredOf(kind: string) {
  if (!isSupervisionActivityKind(kind)) throw new NotFoundException(ACTIVITY_NOT_FOUND);
  return SUPERVISION_ACTIVITIES[kind];
}

/** A step's fields as the page lists them: each with its form's label. */
const labelled = (fields: Readonly<Record<string, string>>) => Object.entries(fields).map(([name, value]) => ({ name, label: fieldLabelOf(name), value }));
