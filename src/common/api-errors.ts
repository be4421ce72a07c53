import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody, type FieldProblem } from './error-body';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

/** One error answer as the server writes it: the message, and for 400s the fields at fault. */
export type ErrorExample = string | { message: string; fields?: FieldProblem[] };

/** What an operation says about one error status: why it happens, and real answers (named) for it. */
export type ErrorDoc = string | { description: string; examples: Record<string, ErrorExample> };

const STATUS_TEXT: Record<ErrorStatus, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** The example used when an operation names none: a message the server really sends with this status. */
const DEFAULT_EXAMPLE: Record<ErrorStatus, ErrorExample> = {
  400: {
    message: 'The request is not valid: limit must not be greater than 200.',
    fields: [{ field: 'limit', problems: ['limit must not be greater than 200'] }],
  },
  401: 'Sign in first: send the access token as "Authorization: Bearer <token>".',
  403: 'Only a user with the role auditor may do this.',
  404: 'No case with this id exists among the cases of your state.',
  409: 'This case was changed by someone else meanwhile; reload it and try again.',
  413: 'The request body is too large.',
  422: 'This Idempotency-Key was already used for another request (POST /cases, or another body); use a new key for a new request.',
  429: 'Too many sign-in requests from your address. Wait a minute and try again; if this keeps happening, call your state compact office.',
  503: 'Not ready: the database does not answer.',
};

/** A reference as the server makes them (a UUID); the same in every example, as it means nothing here. */
const REFERENCE = '6f2b1c4e-9d3a-4e57-8a10-2b7c5d9e0f31';

function bodyOf(status: ErrorStatus, example: ErrorExample): ErrorBody {
  const { message, fields } = typeof example === 'string' ? { message: example, fields: undefined } : example;
  return { statusCode: status, error: STATUS_TEXT[status], message, reference: REFERENCE, ...(fields ? { fields } : {}) };
}

/**
 * Declares error answers of an operation (or of every operation of a controller), each with the one
 * error shape (ErrorBody) and examples of this status. Declarations of one status made in several
 * places (here and by openApiDocument's cross-cutting ones) are merged: descriptions and examples add up.
 */
export function ApiErrorResponses(errors: Partial<Record<ErrorStatus, ErrorDoc>>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(errors).map(([key, doc]) => {
      const status = Number(key) as ErrorStatus;
      const { description, examples } =
        typeof doc === 'string' ? { description: doc, examples: { [camel(STATUS_TEXT[status])]: DEFAULT_EXAMPLE[status] } } : doc;
      return ApiResponse({
        status,
        description,
        type: ErrorBody,
        examples: Object.fromEntries(
          Object.entries(examples).map(([name, example]) => [
            name,
            { summary: typeof example === 'string' ? example : example.message, value: bodyOf(status, example) },
          ]),
        ),
      });
    }),
  );
}

/** An error answer's body, for openApiDocument's cross-cutting declarations. */
export function errorExample(status: ErrorStatus, example: ErrorExample): { summary: string; value: ErrorBody } {
  return { summary: typeof example === 'string' ? example : example.message, value: bodyOf(status, example) };
}

function camel(text: string): string {
  return text.replace(/ (\w)/g, (_, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase());
}
