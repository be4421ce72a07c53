import { ApiProperty } from '@nestjs/swagger';
import { UserView } from '../../users/dto/user.view';

export class LoginResult {
  @ApiProperty({ description: 'Bearer token for the Authorization header' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the token expires' })
  expiresIn: number;

  @ApiProperty({ type: UserView })
  user: UserView;
}
