import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SUPERVISION_ACTIVITY_KINDS, type SupervisionActivityKind } from '../../../machines';
import { ActivityFieldsDto } from './activity-fields.dto';

export class StartActivityDto extends ActivityFieldsDto {
  @ApiProperty({ enum: SUPERVISION_ACTIVITY_KINDS, example: 'violation_report' })
  @IsIn(SUPERVISION_ACTIVITY_KINDS, { message: `kind must be one of: ${SUPERVISION_ACTIVITY_KINDS.join(', ')}` })
  kind: SupervisionActivityKind;
}
