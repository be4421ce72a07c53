import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsCompactDate } from '../../common/compact-date';
import { NO_CONTROL_CHARACTERS, withoutLoneSurrogates } from '../../common/free-text';
import { STATE_CODES, type StateCode } from '../../../machines/jurisdiction';

const STATE_MESSAGE = '$property must be the two-letter code of a compact member state (e.g. OH, TX, DC, PR)';

const CONTROL_MESSAGE = '$property must not contain control characters (such as NUL, a tab or a line break)';

/** A lone surrogate becomes U+FFFD here, so that the name stored (UTF-8) is the name checked and answered. */
const wellFormed = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? withoutLoneSurrogates(value) : value));

export class OpenCaseDto {
  @ApiProperty({ example: 'Jordan Example', minLength: 2, maxLength: 200, pattern: '\\S', description: 'Not blank' })
  @wellFormed()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @Matches(/\S/, { message: 'offenderName must not be blank' })
  @Matches(NO_CONTROL_CHARACTERS, { message: CONTROL_MESSAGE })
  offenderName: string;

  @ApiPropertyOptional({ example: 'OH-DRC-448812', maxLength: 64, description: "The sending state's own offender number" })
  @IsOptional()
  @wellFormed()
  @IsString()
  @MaxLength(64)
  @Matches(NO_CONTROL_CHARACTERS, { message: CONTROL_MESSAGE })
  offenderId?: string;

  @ApiProperty({ enum: STATE_CODES, example: 'OH', description: 'Your own state: a case is opened by its sending state' })
  @IsIn(STATE_CODES, { message: STATE_MESSAGE })
  sendingState: StateCode;

  @ApiProperty({ enum: STATE_CODES, example: 'TX', description: 'Must differ from sendingState (400 if not)' })
  @IsIn(STATE_CODES, { message: STATE_MESSAGE })
  receivingState: StateCode;

  @ApiPropertyOptional({
    example: '2028-03-31',
    format: 'date',
    description: 'The last day of supervision the sentence sets (its maximum expiration date): the case closure notice is due 10 business days after it',
  })
  @IsOptional()
  @IsCompactDate()
  supervisionEndsOn?: string;
}
