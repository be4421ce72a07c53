import { Body, Controller, Get, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { Meta, type RequestMeta } from '../common/request-meta';
import { UserView } from '../users/dto/user.view';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { CurrentActor } from './current-actor.decorator';
import { LoginDto } from './dto/login.dto';
import { LoginResult } from './dto/login-result.dto';
import { Public } from './public.decorator';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with username and password' })
  @ApiOkResponse({ type: LoginResult })
  @ApiUnauthorizedResponse({ description: 'Username or password not correct' })
  login(@Body() body: LoginDto, @Meta() meta: RequestMeta): Promise<LoginResult> {
    return this.auth.login(body.username, body.password, meta);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserView })
  async me(@CurrentActor() actor: Actor): Promise<UserView> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new NotFoundException('Your account no longer exists.');
    return UserView.of(user);
  }
}
