import { Controller, Get, Req, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { isNationalRole } from '../../machines/roles';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { UsersService } from '../users/users.service';
import { ConsoleCsrf } from './console-csrf';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePage } from './console-page.decorator';
import { ConsoleSessionInterceptor } from './console-session.interceptor';
import { ConsoleViews } from './console-views';
import { pageContext } from './page-context';

/** What to do when something does not work, and whom of the user's own state to ask. */
@ApiExcludeController()
@ConsolePage()
@UseFilters(ConsoleExceptionFilter)
@UseInterceptors(ConsoleSessionInterceptor)
@Controller('console/help')
export class ConsoleHelpController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly csrf: ConsoleCsrf,
    private readonly users: UsersService,
  ) {}

  @Get()
  async help(@Req() req: AuthenticatedRequest, @Res() res: Response): Promise<void> {
    // The Commission's users belong to no state: they ask the office of the state concerned.
    const national = isNationalRole(req.actor.role);
    const office = national ? [] : await this.users.compactOfficeOf(req.actor.state);
    this.views.render(res, 'help', {
      ...pageContext(req, res, this.csrf, req.actor, 'Help'),
      national,
      office: office.map((u) => ({ displayName: u.displayName, email: u.email })),
    });
  }
}
