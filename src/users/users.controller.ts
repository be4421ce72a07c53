import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { ApiErrorResponses, type ErrorDoc } from '../common/api-errors';
import { Meta, type RequestMeta } from '../common/request-meta';
import { InviteUserDto } from './dto/invite-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { ManagedUserPage, ManagedUserView } from './dto/managed-user.view';
import { UpdateUserDto } from './dto/update-user.dto';
import { ACCOUNT_NOT_FOUND, StateAdminService } from './state-admin.service';

const accountId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException(ACCOUNT_NOT_FOUND) });

const ACCOUNT_ID = ApiParam({ name: 'id', description: 'The account id', schema: { type: 'string', format: 'uuid' } });
const NO_SUCH_ACCOUNT: ErrorDoc = { description: 'No such account in your state', examples: { notFound: ACCOUNT_NOT_FOUND } };
const NOT_STATE_ADMIN = 'Only a user with the role state administrator may do this.';

/** The accounts of the administrator's own state; for the state administrator role only. */
@ApiTags('users (state administrators)')
@ApiBearerAuth()
@ApiErrorResponses({ 403: { description: 'Not a state administrator', examples: { notStateAdmin: NOT_STATE_ADMIN } } })
@RequireRole('state_admin')
@Controller('users')
export class UsersController {
  constructor(private readonly admin: StateAdminService) {}

  @Post()
  @ApiOperation({
    summary: 'Open an account in your state',
    description: 'The owner gets a mail with a link to choose a password; no password is ever set or sent by the administrator.',
  })
  @ApiCreatedResponse({ type: ManagedUserView })
  @ApiErrorResponses({
    400: {
      description: 'Invalid field, or a field that may not be set (state, password)',
      examples: {
        fieldNotAllowed: {
          message: 'The request is not valid: property state should not exist.',
          fields: [{ field: 'state', problems: ['state should not exist'] }],
        },
      },
    },
    409: {
      description: 'Username or email address taken',
      examples: { usernameTaken: 'An account with this username already exists.', emailTaken: 'An account with this email address already exists.' },
    },
  })
  invite(@Body() body: InviteUserDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ManagedUserView> {
    return this.admin.invite(body, actor, meta);
  }

  @Get()
  @ApiOperation({ summary: 'The accounts of your state, by username' })
  @ApiOkResponse({ type: ManagedUserPage })
  @ApiErrorResponses({
    400: {
      description: 'A query parameter is not valid',
      examples: {
        invalidQuery: {
          message: 'The request is not valid: active must be true or false.',
          fields: [{ field: 'active', problems: ['active must be true or false'] }],
        },
      },
    },
  })
  list(@Query() query: ListUsersQuery, @CurrentActor() actor: Actor): Promise<ManagedUserPage> {
    return this.admin.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account of your state' })
  @ApiOkResponse({ type: ManagedUserView })
  @ACCOUNT_ID
  @ApiErrorResponses({ 404: NO_SUCH_ACCOUNT })
  one(@Param('id', accountId) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ManagedUserView> {
    return this.admin.one(id, actor, meta);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change the name, email, role or active flag of an account of your state',
    description: 'A role change or a deactivation signs the account out everywhere at once. You cannot change your own role or deactivate yourself.',
  })
  @ApiOkResponse({ type: ManagedUserView })
  @ACCOUNT_ID
  @ApiErrorResponses({
    400: {
      description: 'Invalid field, or a field that may not be changed',
      examples: {
        fieldNotAllowed: {
          message: 'The request is not valid: property username should not exist.',
          fields: [{ field: 'username', problems: ['username should not exist'] }],
        },
      },
    },
    403: {
      description: 'Not a state administrator, or a change of your own role or active flag',
      examples: { notStateAdmin: NOT_STATE_ADMIN, ownRole: 'You cannot change your own role: ask another state administrator of your state.' },
    },
    404: NO_SUCH_ACCOUNT,
    409: { description: 'Email address taken', examples: { emailTaken: 'An account with this email address already exists.' } },
  })
  update(@Param('id', accountId) id: string, @Body() body: UpdateUserDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ManagedUserView> {
    return this.admin.update(id, body, actor, meta);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a lock after failed sign-ins at once' })
  @ApiOkResponse({ type: ManagedUserView })
  @ACCOUNT_ID
  @ApiErrorResponses({ 404: NO_SUCH_ACCOUNT })
  unlock(@Param('id', accountId) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ManagedUserView> {
    return this.admin.unlock(id, actor, meta);
  }
}
