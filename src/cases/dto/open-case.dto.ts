import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { STATE_CODES, type StateCode } from '../../../machines/jurisdiction';

const STATE_MESSAGE = '$property must be the two-letter code of a compact member state (e.g. OH, TX, DC, PR)';

export class OpenCaseDto {
  @ApiProperty({ example: 'Jordan Example', minLength: 2, maxLength: 200, pattern: '\\S', description: 'Not blank' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @Matches(/\S/, { message: 'offenderName must not be blank' })
  offenderName: string;

  @ApiPropertyOptional({ example: 'OH-DRC-448812', maxLength: 64, description: "The sending state's own offender number" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  offenderId?: string;

  @ApiProperty({ enum: STATE_CODES, example: 'OH', description: 'Your own state: a case is opened by its sending state' })
  @IsIn(STATE_CODES, { message: STATE_MESSAGE })
  sendingState: StateCode;

  @ApiProperty({ enum: STATE_CODES, example: 'TX', description: 'Must differ from sendingState (400 if not)' })
  @IsIn(STATE_CODES, { message: STATE_MESSAGE })
  receivingState: StateCode;
}
