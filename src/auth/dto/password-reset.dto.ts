import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'oh.officer', minLength: 1, maxLength: 254, description: 'The username, or the email address of the account' })
  @IsString({ message: 'usernameOrEmail is required' })
  @MinLength(1)
  @MaxLength(254)
  usernameOrEmail: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ minLength: 1, maxLength: 256, description: 'The token of the link in the mail (after ?token=)' })
  @IsString({ message: 'token is required' })
  @MinLength(1)
  @MaxLength(256)
  token: string;

  @ApiProperty({ format: 'password', minLength: 12, maxLength: 256 })
  @IsString({ message: 'newPassword is required' })
  @MaxLength(1024)
  newPassword: string;
}

export class ResetRequestedView {
  @ApiProperty({ description: 'The same for every request, whether or not an account matched' })
  message: string;
}
