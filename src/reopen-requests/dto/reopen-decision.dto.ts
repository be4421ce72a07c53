import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Approving or withdrawing: a note is welcome, not needed. */
export class ReopenDecisionNoteDto {
  @ApiPropertyOptional({ description: 'A note for the history and the requester', maxLength: 1000, example: 'Warrant confirmed with Dallas County.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

export class DenyReopenRequestDto {
  // Required; the rules refuse a missing one (with an audited refusal), as for AskForReopenDto.
  @ApiProperty({
    description: 'Why the case stays closed; the requester receives it. Not blank (400 if missing)',
    maxLength: 1000,
    example: 'The violation was already handled before closure.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
