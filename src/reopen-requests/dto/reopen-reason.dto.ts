import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * The one input of every step of a reopen request: its words. Asking and denying need them, but
 * the rules check that rather than the validation, so that a missing reason is refused with the
 * rules' own message and leaves a denied entry in the case's history like every other refusal.
 */
export class ReopenReasonDto {
  @ApiPropertyOptional({
    description: 'Why: required (not blank, else 400) to ask and to deny; a note for the history and the requester otherwise',
    maxLength: 1000,
    example: 'Absconded; apprehended in Dallas on 2026-11-20.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
