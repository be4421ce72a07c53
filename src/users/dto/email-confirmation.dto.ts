import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class EmailConfirmationDto {
  @ApiProperty({ description: 'The token of the link mailed to the new address (after ?token=)' })
  @IsString({ message: 'token is required' })
  @MinLength(1)
  @MaxLength(256)
  token: string;
}
