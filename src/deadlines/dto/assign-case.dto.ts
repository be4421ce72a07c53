import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';
import type { Side } from '../../../machines';

const SIDES: readonly Side[] = ['sending', 'receiving'];

export class AssignCaseDto {
  @ApiProperty({ format: 'uuid', description: 'The user to assign: an active field officer, supervisor or compact office user of that side’s state' })
  @IsUUID('all', { message: 'assigneeId must be a user id (a UUID)' })
  assigneeId: string;

  @ApiPropertyOptional({ enum: SIDES, description: 'The side whose work is assigned; by default, the side of your state' })
  @IsOptional()
  @IsIn(SIDES, { message: 'side must be one of: sending, receiving' })
  side?: Side;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Officer Reyes covers Franklin County from Monday.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The case version the client last saw; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}
