import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblem {
  @ApiProperty({ example: 'receivingState' }) field: string;
  @ApiProperty({ type: [String], example: ['receivingState must be one of the compact member states'] })
  problems: string[];
}

/** The one shape of every error answer. */
export class ErrorBody {
  @ApiProperty({ example: 409 }) statusCode: number;
  @ApiProperty({ example: 'Conflict' }) error: string;
  @ApiProperty({ example: 'A closure notice can only be submitted for an active case.' }) message: string;
  @ApiProperty({ description: 'Quote this to your state compact office when asking for help' })
  reference: string;
  @ApiPropertyOptional({ type: [FieldProblem] }) fields?: FieldProblem[];
}
