import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthCheckView {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiPropertyOptional({ description: 'Why a check is down' }) message?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, description: 'Of the database check: milliseconds it took to answer' }) responseTime?: number;
}

const CHECKS = {
  type: 'object',
  additionalProperties: { $ref: '#/components/schemas/HealthCheckView' },
  example: { database: { status: 'up' } },
} as const;

/** What Terminus answers when every check is up (a failed check answers 503 with the error shape instead). */
export class HealthView {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({ ...CHECKS, description: 'The checks that are up, by name (database, accepting, migrations)' }) info: object;
  @ApiProperty({ ...CHECKS, description: 'The checks that are down: none in a 200', example: {} }) error: object;
  @ApiProperty({ ...CHECKS, description: 'Every check, by name' }) details: object;
}
