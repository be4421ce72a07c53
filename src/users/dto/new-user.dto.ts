import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NATIONAL, STATE_CODES, type Jurisdiction } from '../../../machines/jurisdiction';
import { ROLES, type Role } from '../../../machines/roles';

/** A new account with its password, from the command line. */
export class NewUserDto {
  @ApiProperty({ example: 'oh.officer', pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]{2,63}$', minLength: 3, maxLength: 64 })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/i, {
    message: 'username must be 3 to 64 letters, digits, dots, dashes or underscores',
  })
  username: string;

  @ApiProperty({ example: 'officer@drc.ohio.example', format: 'email', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Olivia Officer', minLength: 1, maxLength: 128 })
  @IsString({ message: 'displayName (--name) is required' })
  @MinLength(1)
  @MaxLength(128)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role: Role;

  /** NATIONAL for the Commission's roles; which goes with which is checked by UsersService.create. */
  @ApiProperty({ enum: [...STATE_CODES, NATIONAL] })
  @IsIn([...STATE_CODES, NATIONAL], { message: `state must be the two-letter code of a compact member state, or ${NATIONAL} for a national role` })
  state: Jurisdiction;

  /** Length, breached and common passwords, the username: checked by the password policy, which knows the account. */
  @ApiProperty({ format: 'password', minLength: 12, maxLength: 256 })
  @IsString({ message: 'password is required' })
  @MaxLength(1024)
  password: string;
}
