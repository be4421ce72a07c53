import { PickType } from '@nestjs/swagger';
import { NewUserDto } from './new-user.dto';

/**
 * A new account of the administrator's own state. No state (it is the administrator's) and no
 * password (the owner chooses it from the invitation mail): either field is refused with 400.
 */
export class InviteUserDto extends PickType(NewUserDto, ['username', 'email', 'displayName', 'role'] as const) {}
