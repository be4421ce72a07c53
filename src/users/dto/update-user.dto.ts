import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { STATE_ROLES, type StateRole } from '../../../machines/roles';
import type { AccountPatch } from '../account-changes';

/**
 * The only fields a state administrator may change. Any other field (state, username, password,
 * lock) is refused with 400 by the validation pipe, not silently dropped: no mass assignment.
 */
export class UpdateUserDto implements AccountPatch {
  @ApiPropertyOptional({ example: 'Olivia Hart-Reyes', minLength: 1, maxLength: 128 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  displayName?: string;

  @ApiPropertyOptional({ example: 'officer@drc.ohio.example', format: 'email', maxLength: 254 })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: STATE_ROLES })
  @IsOptional()
  @IsIn(STATE_ROLES, { message: `role must be one of: ${STATE_ROLES.join(', ')}` })
  role?: StateRole;

  @ApiPropertyOptional({ description: 'false deactivates the account and signs it out everywhere at once' })
  @IsOptional()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;
}
