import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblem {
  @ApiProperty({ example: 'receivingState' }) field: string;
  @ApiProperty({ type: [String], example: ['receivingState must be one of the compact member states'] })
  problems: string[];
}

/** The one shape of every error answer. */
export class ErrorBody {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, description: 'The HTTP status, repeated' }) statusCode: number;
  @ApiProperty({ description: 'The HTTP status in words, e.g. Not Found' }) error: string;
  @ApiProperty({ description: 'What went wrong, in words a person can act on' }) message: string;
  @ApiProperty({ description: 'Quote this to your state compact office when asking for help' })
  reference: string;
  @ApiPropertyOptional({ type: [FieldProblem], description: 'For invalid requests: each field at fault and its problems' })
  fields?: FieldProblem[];
}
