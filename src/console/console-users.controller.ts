import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { STATE_ROLES } from '../../machines/roles';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { requestMetaOf } from '../common/request-meta';
import { validationPipe } from '../common/validation';
import { pageNoteOf } from '../engine/refusals';
import { InviteUserDto } from '../users/dto/invite-user.dto';
import { StateAdminService } from '../users/state-admin.service';
import { ConsoleCsrf, ConsoleCsrfGuard } from './console-csrf';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleFlashes } from './console-flashes';
import { ConsolePage } from './console-page.decorator';
import { ConsoleSessionInterceptor } from './console-session.interceptor';
import { ConsoleViews } from './console-views';
import { AccountChangeForm, InviteForm } from './forms/console-forms';
import { pageContext } from './page-context';
import { CONFIRMED, confirmationOf } from './step-confirmation';

/** What the invitation form shows again after a refusal: what was typed. */
type Typed = Record<'username' | 'displayName' | 'email' | 'role', string>;
const NOTHING_TYPED: Typed = { username: '', displayName: '', email: '', role: '' };

const USERS = '/console/users';
const ANSWERED = Symbol('answered');
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

  /** Checked as the API's InviteUserDto; a refusal shows the page again with what was typed. */
  @Post()
  async invite(@Body() form: InviteForm, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    const typed: Typed = { username: form.username ?? '', displayName: form.displayName ?? '', email: form.email ?? '', role: form.role ?? '' };
    await this.step(
      req,
      res,
      'invited',
      async () => {
        const input = (await validationPipe().transform(typed, { type: 'body', metatype: InviteUserDto })) as InviteUserDto;
        await this.admin.invite(input, req.actor, requestMetaOf(req));
      },
      typed,
    );
  }

  /** A deactivation is taken only once confirmed: the first post answers a page that says what it does. */
  @Post(':id')
  async change(@Param('id', ParseUUIDPipe) id: string, @Body() form: AccountChangeForm, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    const patch = { ...(form.role ? { role: form.role } : {}), ...(form.active ? { active: form.active === 'true' } : {}) };
    if (patch.active === false && form.confirmed !== CONFIRMED) {
      await this.step(req, res, 'changed', () => this.confirmDeactivation(id, req, res));
      return;
    }
    await this.step(req, res, 'changed', () => this.admin.update(id, patch, req.actor, requestMetaOf(req)));
  }

  @Post(':id/unlock')
  async unlock(@Param('id', ParseUUIDPipe) id: string, @Req() req: AuthenticatedRequest, @Res() res: Response) {
    await this.step(req, res, 'unlocked', () => this.admin.unlock(id, req.actor, requestMetaOf(req)));
  }

  /** Runs one change; a refusal is shown on the accounts page with its reason (and the invitation form as it was typed). */
  private async step(req: AuthenticatedRequest, res: Response, done: keyof typeof DONE, work: () => Promise<unknown>, typed = NOTHING_TYPED) {
    try {
      // A confirmation page drawn instead of the change has answered already.
      if ((await work()) === ANSWERED) return;
      await this.flashes.set(req, res, USERS, DONE[done]);
      res.redirect(303, USERS);
    } catch (err) {
      const note = pageNoteOf(err);
      if (!note) throw err;
      await this.renderUsers(req, res, undefined, note, note.status, typed);
    }
  }

  /** What deactivating does (StateAdminService.update: sessions end, mailed links retire), for the administrator to confirm. */
  private async confirmDeactivation(id: string, req: AuthenticatedRequest, res: Response): Promise<typeof ANSWERED> {
    const account = await this.admin.one(id, req.actor, requestMetaOf(req));
    const step = {
      label: `Deactivate ${account.username}`,
      consequence:
        `${account.username} will be signed out at once and can no longer sign in; links to set a password already mailed to them stop working. ` +
        'A state administrator can reactivate the account.',
    };
    this.views.render(res, 'confirm-step', {
      ...pageContext(req, res, this.csrf, req.actor, `Deactivate ${account.username}`),
      confirmation: confirmationOf(
        step,
        { active: 'false' },
        `${USERS}/${id}`,
        USERS,
        `Account ${account.username}: ${account.displayName}, ${account.email}`,
        ['active'],
      ),
      labelOf: (name: string) => name,
    });
    return ANSWERED;
  }

  private async renderUsers(
    req: AuthenticatedRequest,
    res: Response,
    cursor: string | undefined,
    notes: { success?: string | null; error?: string },
    status = 200,
    typed = NOTHING_TYPED,
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
        typed,
      },
      status,
    );
  }
}
