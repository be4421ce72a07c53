import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { STATE_ROLES } from '../../machines/roles';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { requestMetaOf } from '../common/request-meta';
import { pageNoteOf } from '../engine/refusals';
import { StateAdminService } from '../users/state-admin.service';
import { ConsoleCsrf, ConsoleCsrfGuard } from './console-csrf';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleFlashes } from './console-flashes';
import { ConsolePage } from './console-page.decorator';
import { ConsoleSessionInterceptor } from './console-session.interceptor';
import { ConsoleViews } from './console-views';
import { AccountChangeForm, InviteForm } from './forms/console-forms';
import { pageContext } from './page-context';

const USERS = '/console/users';
const DONE = {
  invited: 'Invitation sent: the new user chooses a password from the link in the mail.',
  changed: 'Account changed. If the role changed or the account was deactivated, its sessions have ended.',
  unlocked: 'Account unlocked: the user can sign in again.',
} as const;

/** Account administration for a state administrator: list, invite, change role, deactivate, unlock. */
@ApiExcludeController()
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleCsrfGuard)
@UseInterceptors(ConsoleSessionInterceptor)
@RequireRole('state_admin')
@Controller('console/users')
export class ConsoleUsersController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: ConsoleCsrf,
    private readonly admin: StateAdminService,
    private readonly flashes: ConsoleFlashes,
  ) {}

  @Get()
  async list(@Req() req: AuthenticatedRequest, @Res() res: Response, @Query('cursor') cursor?: string) {
    await this.renderUsers(req, res, cursor, { success: await this.flashes.take(req) });
  }

  @Post()
  async invite(@Body() form: InviteForm, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    const { username, email, displayName, role } = form;
    await this.step(req, res, 'invited', () => this.admin.invite({ username, email, displayName, role }, req.actor, requestMetaOf(req)));
  }

  @Post(':id')
  async change(@Param('id', ParseUUIDPipe) id: string, @Body() form: AccountChangeForm, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    const patch = { ...(form.role ? { role: form.role } : {}), ...(form.active ? { active: form.active === 'true' } : {}) };
    await this.step(req, res, 'changed', () => this.admin.update(id, patch, req.actor, requestMetaOf(req)));
  }

  @Post(':id/unlock')
  async unlock(@Param('id', ParseUUIDPipe) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    await this.step(req, res, 'unlocked', () => this.admin.unlock(id, req.actor, requestMetaOf(req)));
  }

  /** Runs one change; a refusal is shown on the accounts page with its reason. */
  private async step(req: AuthenticatedRequest, res: Response, done: keyof typeof DONE, work: () => Promise<unknown>) {
    try {
      await work();
      await this.flashes.set(req, res, USERS, DONE[done]);
      res.redirect(303, USERS);
    } catch (err) {
      const note = pageNoteOf(err);
      if (!note) throw err;
      await this.renderUsers(req, res, undefined, note, note.status);
    }
  }

  private async renderUsers(
    req: AuthenticatedRequest,
    res: Response,
    cursor: string | undefined,
    notes: { success?: string | null; error?: string },
    status = 200,
  ) {
    const page = await this.admin.list({ limit: 100, cursor: cursor || undefined }, req.actor);
    this.views.render(
      res,
      'users',
      {
        ...pageContext(req, res, this.csrf, req.actor, 'Accounts'),
        items: page.items,
        roles: STATE_ROLES,
        selfId: req.actor.id,
        nextHref: page.nextCursor ? `/console/users?cursor=${encodeURIComponent(page.nextCursor)}` : null,
        success: notes.success ?? null,
        error: notes.error ?? null,
      },
      status,
    );
  }
}
