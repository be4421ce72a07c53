import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldProblem } from './error-body';

function problemsOf(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = e.constraints
      ? [{ field, problems: Object.values(e.constraints).map((m) => m.replace(/^property /, '')) }]
      : [];
    return [...own, ...problemsOf(e.children ?? [], `${field}.`)];
  });
}

export class InvalidRequestException extends BadRequestException {
  constructor(readonly fields: FieldProblem[]) {
    super(`The request is not valid: ${fields.map((f) => f.problems.join('; ')).join('; ')}.`);
  }
}

/** Unknown fields are refused, not silently dropped, so a typo in a field name is noticed. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new InvalidRequestException(problemsOf(errors)),
  });
}
