import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { ActivityFieldsDto } from './activity-fields.dto';

export class ActivityEventDto extends ActivityFieldsDto {
  @ApiProperty({ example: 'RESPOND', description: "One of the activity's events (its allowedEvents lists those you may send now)" })
  @IsString()
  @MaxLength(32)
  type: string;
}
