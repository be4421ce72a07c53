import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBase64, IsDateString, IsHexadecimal, IsInt, IsOptional, Length, Min, ValidateNested } from 'class-validator';

export class VerifyRangeQuery {
  @ApiPropertyOptional({ description: 'First sequence number to check (default: 1)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from?: number;

  @ApiPropertyOptional({ description: 'Last sequence number to check (default: the head)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to?: number;
}

export class SignedCheckpointDto {
  @ApiProperty() @IsInt() @Min(1) seq: number;
  @ApiProperty() @IsHexadecimal() @Length(64, 64) hash: string;
  @ApiProperty() @IsDateString() signedAt: string;
  @ApiProperty() @IsHexadecimal() @Length(32, 32) keyId: string;
  @ApiProperty() @IsBase64() signature: string;
}

export class VerifyBody extends VerifyRangeQuery {
  @ApiPropertyOptional({ type: SignedCheckpointDto, description: 'A checkpoint kept outside the database' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignedCheckpointDto)
  checkpoint?: SignedCheckpointDto;
}

export class VerifyResultView {
  @ApiProperty() ok: boolean;
  @ApiProperty({ description: 'Entries checked' }) checked: number;
  @ApiPropertyOptional() headSeq?: number;
  @ApiPropertyOptional() headHash?: string;
  @ApiPropertyOptional({ description: 'The first entry that is not as written' }) firstInvalidSeq?: number;
  @ApiPropertyOptional() problem?: string;
  @ApiProperty() checkpointsChecked: number;
}

export class PublicKeyView {
  @ApiProperty({ example: 'Ed25519' }) algorithm: string;
  @ApiProperty() keyId: string;
  @ApiProperty() publicKeyPem: string;
}
