import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBase64, IsDateString, IsHexadecimal, IsInt, IsOptional, Length, Min, ValidateNested } from 'class-validator';

export class VerifyRangeQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'First sequence number to check (default: 1)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  from?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Last sequence number to check (default: the head); not before from' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  to?: number;
}

export class SignedCheckpointDto {
  @ApiProperty({ type: 'integer', minimum: 1 }) @IsInt() @Min(1) seq: number;
  @ApiProperty({ pattern: '^[0-9a-fA-F]{64}$' }) @IsHexadecimal() @Length(64, 64) hash: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString() signedAt: string;
  @ApiProperty({ pattern: '^[0-9a-fA-F]{32}$' }) @IsHexadecimal() @Length(32, 32) keyId: string;
  @ApiProperty({ format: 'byte', description: 'Ed25519 signature, base64' }) @IsBase64() signature: string;
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
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Entries checked' }) checked: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0 }) headSeq?: number;
  @ApiPropertyOptional() headHash?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The first entry that is not as written' }) firstInvalidSeq?: number;
  @ApiPropertyOptional() problem?: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) checkpointsChecked: number;
}

export class PublicKeyView {
  @ApiProperty({ example: 'Ed25519' }) algorithm: string;
  @ApiProperty() keyId: string;
  @ApiProperty() publicKeyPem: string;
}
