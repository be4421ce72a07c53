import { ApiProperty } from '@nestjs/swagger';
import { UserView } from '../../users/dto/user.view';

export class LoginResult {
  @ApiProperty({ description: 'Bearer token for the Authorization header' })
  accessToken: string;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Seconds until the token expires; POST /auth/refresh gives a new one for the same session' })
  expiresIn: number;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'The session ends after this many minutes without a request' })
  idleTimeoutMinutes: number;

  @ApiProperty({ type: UserView })
  user: UserView;
}
