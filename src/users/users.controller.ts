import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse,
  ApiOkResponse, ApiOperation, ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { CurrentActor } from '../auth/current-actor.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { ErrorBody } from '../common/error-body';
import { Meta, type RequestMeta } from '../common/request-meta';
import { InviteUserDto } from './dto/invite-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { ManagedUserPage, ManagedUserView } from './dto/managed-user.view';
import { UpdateUserDto } from './dto/update-user.dto';
import { ACCOUNT_NOT_FOUND, StateAdminService } from './state-admin.service';

const accountId = new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException(ACCOUNT_NOT_FOUND) });

/** The accounts of the administrator's own state; for the state administrator role only. */
@ApiTags('users (state administrators)')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ErrorBody, description: 'Not a state administrator' })
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
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Invalid field, or a field that may not be set (state, password)' })
  @ApiConflictResponse({ type: ErrorBody, description: 'Username or email address taken' })
  invite(@Body() body: InviteUserDto, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ManagedUserView> {
    return this.admin.invite(body, actor, meta);
  }

  @Get()
  @ApiOperation({ summary: 'The accounts of your state, by username' })
  @ApiOkResponse({ type: ManagedUserPage })
  list(@Query() query: ListUsersQuery, @CurrentActor() actor: Actor): Promise<ManagedUserPage> {
    return this.admin.list(query, actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account of your state' })
  @ApiOkResponse({ type: ManagedUserView })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such account in your state' })
  one(@Param('id', accountId) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ManagedUserView> {
    return this.admin.one(id, actor, meta);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change the name, email, role or active flag of an account of your state',
    description: 'A role change or a deactivation signs the account out everywhere at once. You cannot change your own role or deactivate yourself.',
  })
  @ApiOkResponse({ type: ManagedUserView })
  @ApiBadRequestResponse({ type: ErrorBody, description: 'Invalid field, or a field that may not be changed' })
  @ApiConflictResponse({ type: ErrorBody, description: 'Email address taken' })
  @ApiNotFoundResponse({ type: ErrorBody })
  update(
    @Param('id', accountId) id: string,
    @Body() body: UpdateUserDto,
    @CurrentActor() actor: Actor,
    @Meta() meta: RequestMeta,
  ): Promise<ManagedUserView> {
    return this.admin.update(id, body, actor, meta);
  }

  @Post(':id/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a lock after failed sign-ins at once' })
  @ApiOkResponse({ type: ManagedUserView })
  @ApiNotFoundResponse({ type: ErrorBody })
  unlock(@Param('id', accountId) id: string, @CurrentActor() actor: Actor, @Meta() meta: RequestMeta): Promise<ManagedUserView> {
    return this.admin.unlock(id, actor, meta);
  }
}
