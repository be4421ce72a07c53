import { ApiProperty } from '@nestjs/swagger';
import { isLocked } from '../lockout';
import type { User } from '../user.entity';
import { UserView } from './user.view';

/** An account as its state administrator sees it: with its lock, never its password hash. */
export class ManagedUserView extends UserView {
  @ApiProperty({ description: 'Sign-in is refused until lockedUntil, or until a state administrator unlocks it' })
  locked: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lockedUntil: string | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Failed sign-ins since the last success, lock or unlock' }) failedAttempts: number;
  @ApiProperty({ description: 'false until the owner has chosen a password from the invitation mail' })
  passwordSet: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'A new address waiting for its owner to confirm it with the mailed link; until then email stays the confirmed one',
  })
  pendingEmail: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static ofAccount(user: User, now: Date, passwordSet: boolean, pendingEmail: string | null): ManagedUserView {
    const locked = isLocked(user, now);
    return {
      ...UserView.of(user),
      locked,
      lockedUntil: locked ? user.lockedUntil!.toISOString() : null,
      failedAttempts: user.failedAttempts,
      passwordSet,
      pendingEmail,
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
