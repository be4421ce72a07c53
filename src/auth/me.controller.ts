import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../machines/roles';
import { UserView } from '../users/dto/user.view';
import { UsersService } from '../users/users.service';
import { CurrentActor } from './current-actor.decorator';

@ApiTags('auth')
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserView })
  async me(@CurrentActor() actor: Actor): Promise<UserView> {
    const user = await this.users.findById(actor.id);
    if (!user) throw new NotFoundException('Your account no longer exists.');
    return UserView.of(user);
  }
}
