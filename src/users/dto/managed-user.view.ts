import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../../machines/roles';
import { STATE_CODES, type StateCode } from '../../../machines/jurisdiction';
import { isLocked } from '../lockout';
import type { User } from '../user.entity';

/** An account as its state administrator sees it: with its lock, never its password hash. */
export class ManagedUserView {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: STATE_CODES }) state: StateCode;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'Sign-in is refused until lockedUntil, or until a state administrator unlocks it' })
  locked: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lockedUntil: string | null;
  @ApiProperty({ description: 'Failed sign-ins since the last success, lock or unlock' }) failedAttempts: number;
  @ApiProperty({ description: 'false until the owner has chosen a password from the invitation mail' })
  passwordSet: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static of(user: User, now: Date, passwordSet: boolean): ManagedUserView {
    const locked = isLocked(user, now);
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      state: user.state,
      active: user.active,
      locked,
      lockedUntil: locked ? user.lockedUntil!.toISOString() : null,
      failedAttempts: user.failedAttempts,
      passwordSet,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}

export class ManagedUserPage {
  @ApiProperty({ type: [ManagedUserView] }) items: ManagedUserView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
