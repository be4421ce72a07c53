import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class AskForReopenDto {
  // Required, but checked by the rules rather than here, so that a missing reason is refused with
  // the rules' own message and leaves a denied entry in the case's history like every other refusal.
  @ApiProperty({
    description: 'Why the closed case must be opened again; not blank (400 if missing)',
    maxLength: 1000,
    example: 'Absconded; apprehended in Dallas on 2026-11-20.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
