import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../machines/roles';
import { NATIONAL, STATE_CODES, type Jurisdiction } from '../../../machines/jurisdiction';
import type { User } from '../user.entity';

/** What a client may see of an account: never the password hash. */
export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: [...STATE_CODES, NATIONAL], description: `${NATIONAL} for the Commission's national roles` }) state: Jurisdiction;
  @ApiProperty() active: boolean;

  static of(user: User): UserView {
    const { id, username, email, displayName, role, state, active } = user;
    return { id, username, email, displayName, role, state, active };
  }
}
