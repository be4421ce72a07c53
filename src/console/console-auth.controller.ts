import { Body, Controller, Get, HttpException, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { JwtService } from '@nestjs/jwt';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { MAX_PASSWORD_LENGTH } from '../auth/password-policy';
import { PasswordResetService } from '../auth/password-reset.service';
import { Public } from '../auth/public.decorator';
import { messageOf } from '../common/all-exceptions.filter';
import { pageNoteOf } from '../engine/refusals';
import { requestMetaOf } from '../common/request-meta';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EmailChangeService } from '../users/email-change.service';
import { clearAccessCookie, setAccessCookie } from './console-cookies';
import { ConsoleCsrf, ConsoleCsrfGuard } from './console-csrf';
import { ConsoleExceptionFilter, SENT_TOO_LATE } from './console-exception.filter';
import { ConsoleFlashes } from './console-flashes';
import { MY_WORK } from './console-my-work.controller';
import { ConsolePage } from './console-page.decorator';
import { ConsoleViews } from './console-views';
import { ConfirmEmailForm, ForgotPasswordForm, ResetPasswordForm, SignInForm } from './forms/console-forms';
import { pageContext } from './page-context';
import { consolePath } from './safe-path';
import { parseResubmission, resubmissionLines, type Resubmission } from './resubmission';

const PASSWORDS_DIFFER = 'The two passwords differ.';

/**
 * Sign-in, sign-out, the two pages of a forgotten password, as the seed's support page describes
 * them, and the page the link mailed to a new email address opens.
 */
@ApiExcludeController()
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleCsrfGuard)
@Controller()
export class ConsoleAuthController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: ConsoleCsrf,
    private readonly auth: AuthService,
    private readonly resets: PasswordResetService,
    private readonly flashes: ConsoleFlashes,
    private readonly emailChanges: EmailChangeService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  home(@Res() res: Response): void {
    res.redirect(303, MY_WORK);
  }

  @Public()
  @Get('login')
  async loginPage(@Req() req: Request, @Res() res: Response, @Query('next') next?: string): Promise<void> {
    this.renderLogin(req, res, { next: consolePath(next, MY_WORK), info: await this.flashes.take(req) });
  }

  @Public()
  @Post('login')
  @UseGuards(ThrottlerGuard)
  async login(@Body() form: SignInForm, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const result = await this.auth.login(form.username, form.password, requestMetaOf(req));
      setAccessCookie(res, result.accessToken, this.csrf.secure);
      const pending = parseResubmission(form.resubmit);
      if (pending) {
        this.renderSendAgain(req, res, result, pending, consolePath(form.next, MY_WORK));
        return;
      }
      res.redirect(303, consolePath(form.next, MY_WORK));
    } catch (err) {
      if (!(err instanceof HttpException) || err.getStatus() !== 401) throw err;
      const pending = parseResubmission(form.resubmit);
      this.renderLogin(
        req,
        res,
        {
          next: consolePath(form.next, MY_WORK),
          username: form.username,
          error: messageOf(err),
          ...(pending ? { resubmit: JSON.stringify(pending), notice: SENT_TOO_LATE } : {}),
        },
        401,
      );
    }
  }

  /**
   * Asks before a form posted after its session ended goes again: the case may have moved on
   * meanwhile, so it is never sent without the user's word. Its button carries the new session's
   * CSRF token, for which this request stands in for the session it just opened.
   */
  private renderSendAgain(req: Request, res: Response, signedIn: Awaited<ReturnType<AuthService['login']>>, pending: Resubmission, back: string): void {
    (req as Request & { sessionId?: string }).sessionId = this.jwt.decode<{ sid: string }>(signedIn.accessToken).sid;
    const { id, username, role, state } = signedIn.user;
    this.views.render(res, 'send-again', {
      ...pageContext(req, res, this.csrf, { id, username, role, state }, 'Send again?'),
      action: pending.action,
      lines: resubmissionLines(pending),
      back,
    });
  }

  @Post('logout')
  async logout(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    await this.auth.logout(req.actor, req.sessionId, requestMetaOf(req));
    clearAccessCookie(res, this.csrf.secure);
    await this.flashes.set(req, res, '/login', 'You are signed out.', { signedOut: true });
    res.redirect(303, '/login');
  }

  @Public()
  @Get('forgot-password')
  forgotPage(@Req() req: Request, @Res() res: Response): void {
    this.views.render(res, 'forgot-password', { ...pageContext(req, res, this.csrf, null, 'Forgot your password?'), sent: false });
  }

  @Public()
  @Post('forgot-password')
  @UseGuards(ThrottlerGuard)
  async forgot(@Body() form: ForgotPasswordForm, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.resets.request(form.usernameOrEmail, requestMetaOf(req));
    this.views.render(res, 'forgot-password', {
      ...pageContext(req, res, this.csrf, null, 'Forgot your password?'),
      sent: true,
      validMinutes: this.config.resetLinkTtlMinutes,
    });
  }

  @Public()
  @Get('reset-password')
  resetPage(@Req() req: Request, @Res() res: Response, @Query('token') token?: string): void {
    this.renderReset(req, res, token ?? '', null);
  }

  @Public()
  @Post('reset-password')
  @UseGuards(ThrottlerGuard)
  async reset(@Body() form: ResetPasswordForm, @Req() req: Request, @Res() res: Response): Promise<void> {
    // Checked before the link is spent or the password judged: a typing slip changes nothing.
    if (form.confirmPassword !== form.newPassword) {
      this.renderReset(req, res, form.token, PASSWORDS_DIFFER, 400);
      return;
    }
    try {
      await this.resets.confirm(form.token, form.newPassword, requestMetaOf(req));
      await this.flashes.set(req, res, '/login', 'Your password is changed. Sign in with it now.');
      res.redirect(303, '/login');
    } catch (err) {
      if (!(err instanceof HttpException) || err.getStatus() !== 400) throw err;
      this.renderReset(req, res, form.token, messageOf(err), 400);
    }
  }

  /** Opening the link changes nothing (mail scanners open links too): the button on the page does. */
  @Public()
  @Get('confirm-email')
  confirmEmailPage(@Req() req: Request, @Res() res: Response, @Query('token') token?: string): void {
    this.renderConfirmEmail(req, res, { token: token ?? '' });
  }

  @Public()
  @Post('confirm-email')
  @UseGuards(ThrottlerGuard)
  async confirmEmail(@Body() form: ConfirmEmailForm, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      await this.emailChanges.confirm(form.token, requestMetaOf(req));
      this.renderConfirmEmail(req, res, { token: '', confirmed: true });
    } catch (err) {
      const note = pageNoteOf(err);
      if (!note) throw err;
      this.renderConfirmEmail(req, res, { token: form.token, error: note.error }, note.status);
    }
  }

  private renderConfirmEmail(req: Request, res: Response, data: { token: string; confirmed?: boolean; error?: string }, status = 200): void {
    this.views.render(
      res,
      'confirm-email',
      { ...pageContext(req, res, this.csrf, null, 'Confirm your email address'), confirmed: false, error: null, ...data },
      status,
    );
  }

  private renderLogin(
    req: Request,
    res: Response,
    data: { next: string; username?: string; error?: string; info?: string | null; resubmit?: string; notice?: string },
    status = 200,
  ): void {
    this.views.render(
      res,
      'login',
      { ...pageContext(req, res, this.csrf, null, 'Sign in'), username: '', error: null, info: null, resubmit: null, notice: null, ...data },
      status,
    );
  }

  private renderReset(req: Request, res: Response, token: string, error: string | null, status = 200): void {
    this.views.render(
      res,
      'reset-password',
      {
        ...pageContext(req, res, this.csrf, null, 'Choose a new password'),
        token,
        error,
        minLength: this.config.passwordMinLength,
        maxLength: MAX_PASSWORD_LENGTH,
      },
      status,
    );
  }
}
