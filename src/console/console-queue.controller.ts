import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { CasesService } from '../cases/cases.service';
import type { CaseView } from '../cases/dto/case.view';
import { hoursLeft, officeQueue, replyDue, toReview, type QueueCase } from './compact-office-queue';
import { Clock } from '../common/clock';
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
import { ReasonForm } from './forms/console-forms';
import { pageContext } from './page-context';
import { consolePath } from './safe-path';
import { awaitsConfirmation, confirmationOf } from './step-confirmation';
import { fieldLabelOf, type ActivityStep } from '../engine/activity';

const QUEUE = '/console/queue';

/**
 * The compact office's queue: what its own officers submitted, to transmit or send back, oldest
 * first; what other states sent it, reporting instructions requests first, the soonest due first;
 * and the reopen requests to decide, with the decisions taken from it.
 */
@ApiExcludeController()
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleCsrfGuard)
@UseInterceptors(ConsoleSessionInterceptor)
@Controller('console')
export class ConsoleQueueController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: ConsoleCsrf,
    private readonly requests: ReopenRequestsService,
    private readonly reads: ReopenRequestReadsService,
    private readonly flashes: ConsoleFlashes,
    private readonly cases: CasesService,
    private readonly clock: Clock,
  ) {}

  @Get('queue')
  @RequireRole('compact_office')
  async queue(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query('cursor') cursor?: string): Promise<void> {
    await this.renderQueue(req, res, cursor, { success: await this.flashes.take(req) });
  }

  @Post('reopen-requests/:id/approve')
  approve(@Param('id', ParseUUIDPipe) id: string, @Body() form: ReasonForm, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.decide(id, 'APPROVE', form, req, res);
  }

  @Post('reopen-requests/:id/deny')
  deny(@Param('id', ParseUUIDPipe) id: string, @Body() form: ReasonForm, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    return this.decide(id, 'DENY', form, req, res);
  }

  @Post('reopen-requests/:id/withdraw')
  async withdraw(@Param('id', ParseUUIDPipe) id: string, @Body() form: ReasonForm, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    const back = consolePath(form.back);
    const step = REOPEN_REQUEST_ACTIVITY.steps.WITHDRAW;
    if (awaitsConfirmation(step, form.confirmed)) return this.confirmStep(req, res, id, step, 'withdraw', back);
    await this.requests.decide(id, 'WITHDRAW', undefined, req.actor, requestMetaOf(req));
    await this.flashes.set(req, res, back, REOPEN_REQUEST_ACTIVITY.steps.WITHDRAW.done);
    res.redirect(303, back);
  }

  private async decide(id: string, type: 'APPROVE' | 'DENY', form: ReasonForm, req: AuthenticatedRequest, res: Response) {
    try {
      // Denying is grave: the page first says what it will do, and the decision is taken once confirmed.
      const step = REOPEN_REQUEST_ACTIVITY.steps[type];
      if (awaitsConfirmation(step, form.confirmed)) return await this.confirmStep(req, res, id, step, 'deny', QUEUE);
      await this.requests.decide(id, type, form.reason || undefined, req.actor, requestMetaOf(req));
      await this.flashes.set(req, res, QUEUE, REOPEN_REQUEST_ACTIVITY.steps[type].done);
      res.redirect(303, QUEUE);
    } catch (err) {
      const note = pageNoteOf(err);
      if (!note) throw err;
      await this.renderQueue(req, res, undefined, note, note.status);
    }
  }

  /** The confirmation page of a grave step of a reopen request: what it will do, and the form as typed, to post again confirmed. */
  private async confirmStep(req: AuthenticatedRequest, res: Response, id: string, step: ActivityStep, path: string, back: string): Promise<void> {
    const r = await this.reads.one(id, req.actor, requestMetaOf(req));
    this.views.render(res, 'confirm-step', {
      ...pageContext(req, res, this.csrf, req.actor, `Confirm: ${step.label}`),
      confirmation: confirmationOf(step, req.body, `/console/reopen-requests/${id}/${path}`, back, `Reopen request of case ${r.caseNumber}: ${r.offenderName}`),
      labelOf: fieldLabelOf,
    });
  }

  private async renderQueue(
    req: AuthenticatedRequest,
    res: Response,
    cursor: string | undefined,
    notes: { success?: string | null; error?: string },
    status = 200,
  ) {
    const [page, { review, instructions, transfers }] = await Promise.all([
      this.reads.list({ status: 'pending', limit: 50, cursor: cursor || undefined }, req.actor),
      officeQueue(this.cases, req.actor),
    ]);
    const now = this.clock.now();
    const toAnswer = (cases: CaseView[], what: string): QueueCase[] =>
      cases
        .map((c) => ({ c, due: replyDue(c) }))
        .sort((a, b) => (a.due?.getTime() ?? Infinity) - (b.due?.getTime() ?? Infinity))
        .map(({ c, due }) => ({ case: c, what, timeLeft: hoursLeft(due, now) }));
    this.views.render(
      res,
      'queue',
      {
        ...pageContext(req, res, this.csrf, req.actor, 'Queue'),
        review: review.cases.map(toReview),
        reviewAll: review.allHref,
        received: [...toAnswer(instructions.cases, 'reporting instructions request'), ...toAnswer(transfers.cases, 'transfer request')],
        receivedAll: [
          instructions.allHref && { what: 'reporting instructions requests', href: instructions.allHref },
          transfers.allHref && { what: 'transfer requests', href: transfers.allHref },
        ].filter(Boolean),
        items: page.items,
        nextHref: page.nextCursor ? `/console/queue?cursor=${encodeURIComponent(page.nextCursor)}` : null,
        success: notes.success ?? null,
        error: notes.error ?? null,
      },
      status,
    );
  }
}
