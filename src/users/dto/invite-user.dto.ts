import { ApiProperty, PickType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { STATE_ROLES, type StateRole } from '../../../machines/roles';
import { NewUserDto } from './new-user.dto';

/**
 * A new account of the administrator's own state. No state (it is the administrator's) and no
 * password (the owner chooses it from the invitation mail): either field is refused with 400.
 */
export class InviteUserDto extends PickType(NewUserDto, ['username', 'email', 'displayName'] as const) {
  /** A state's roles only: the Commission's are given from the command line, never by a state. */
  @ApiProperty({ enum: STATE_ROLES })
  @IsIn(STATE_ROLES, { message: `role must be one of: ${STATE_ROLES.join(', ')}` })
  role: StateRole;
}
