import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldProblem } from './error-body';

/** Checks of a value's type: when one fails, the others (length, range) only add noise. */
const TYPE_CHECKS = new Set(['isString', 'isInt', 'isNumber', 'isDate', 'isBoolean', 'isObject', 'isArray']);

function messagesOf(constraints: Record<string, string>): string[] {
  const typeFailures = Object.keys(constraints).filter((name) => TYPE_CHECKS.has(name));
  const names = typeFailures.length > 0 ? typeFailures : Object.keys(constraints);
  return names.map((name) => constraints[name].replace(/^property /, ''));
}

function problemsOf(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix + e.property;
    const own = e.constraints ? [{ field, problems: messagesOf(e.constraints) }] : [];
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
    exceptionFactory: (errors) => new InvalidRequestException(problemsOf(errors)),
  });
}
