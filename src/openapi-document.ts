import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject, type OperationObject, type ParameterObject, type ResponseObject } from '@nestjs/swagger';
import { AUDIT_CHAIN_BROKEN } from './audit/audit-chain-broken';
import { errorExample, type ErrorExample, type ErrorStatus } from './common/api-errors';
import { databaseAwayMessage } from './common/all-exceptions.filter';
import { keyInUseMessage, takesIdempotencyKey } from './idempotency/idempotency.interceptor';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The OpenAPI document served at /docs-json, and written by `npm run lint:openapi` to be linted.
 * Each controller declares what its operations answer; the facts that hold for every operation of
 * a kind, because one middleware, guard or interceptor makes them so, are added here once.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Compact Case Engine')
      .setDescription(
        'Interstate compact supervision cases: transfer requests, notices of departure and arrival, closure notices, ' +
          'and reopening of closed cases by the state compact office, with an append-only audit history.\n\n' +
          'Every error answer has one shape (ErrorBody). Every answer carries X-Request-Id: quote it (it is also ' +
          'the reference of an error) to your state compact office.',
      )
      .setVersion('0.1.0')
      .setLicense('UNLICENSED: proprietary, all rights reserved', 'https://choosealicense.com/no-permission/')
      .addServer('/', 'The server that serves this document')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The accessToken of POST /auth/login' })
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The METRICS_TOKEN of the server, for GET /metrics only' }, 'metrics')
      .build(),
  );
  document.components = {
    ...document.components,
    headers: {
      'X-Request-Id': {
        description: 'The id the server gave this request; the reference of an error answer, and in the logs',
        required: true,
        schema: { type: 'string' },
      },
      'Retry-After': { description: 'Seconds to wait before trying again', required: true, schema: { type: 'integer', minimum: 0 } },
      'Retry-After-Key-In-Use': {
        description: 'When the Idempotency-Key is still in use: seconds to wait before asking again for its answer',
        schema: { type: 'integer', minimum: 0 },
      },
      'Retry-After-Database-Away': {
        description: 'When the database does not answer: seconds to wait before sending the request again (with the same Idempotency-Key)',
        schema: { type: 'integer', minimum: 0 },
      },
      'Idempotent-Replayed': {
        description: 'true when this is the stored answer to an earlier request with the same Idempotency-Key (nothing was changed again)',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) addCrossCuttingFacts(path, method, operation);
    }
  }
  return document;
}

/**
 * What an operation appends to the audit history, which decides whether it answers 503 while the
 * chain cannot take an entry (AuditChainBrokenException): most append on every answer; these reads
 * only when they refuse (an audited denial); these others never. Stated in the document as
 * `x-audited`, and held to what the server does by the contract test.
 */
const AUDITED_WHEN_REFUSED = new Set([
  'GET /users',
  'GET /users/{id}',
  'GET /audit/verify',
  'POST /audit/verify',
  'GET /cases/{id}',
  'GET /cases/{id}/reopen-requests',
  'GET /reopen-requests/{id}',
  'GET /cases/{id}/activities',
  'GET /activities/{id}',
  'GET /workload',
  'GET /compliance',
  'GET /compliance/deadlines',
]);
const NEVER_AUDITED = new Set([
  'GET /me',
  'POST /auth/refresh',
  'POST /auth/password-reset/request',
  'GET /audit/public-key',
  'GET /cases',
  'GET /reopen-requests',
  'GET /activities',
]);
const UNAUDITED_PATHS = /^\/(health|metrics)(\/|$)/;

function auditedAnswers(method: string, path: string): 'every answer' | 'refusals' | 'none' {
  const key = `${method.toUpperCase()} ${path}`;
  if (UNAUDITED_PATHS.test(path) || NEVER_AUDITED.has(key)) return 'none';
  return AUDITED_WHEN_REFUSED.has(key) ? 'refusals' : 'every answer';
}

function addCrossCuttingFacts(path: string, method: string, operation: OperationObject): void {
  const signedIn = (operation.security ?? []).some((requirement: Record<string, string[]>) => 'bearer' in requirement);
  // Public routes say so: no security at all would read as "not documented".
  operation.security ??= [];
  // The sign-in guard is global: every route not marked @Public() refuses a request without a valid session.
  if (signedIn) {
    addError(operation, 401, 'Not signed in: no access token, or one that is invalid, expired, or of an ended session', {
      signedOut: 'Sign in first: send the access token as "Authorization: Bearer <token>".',
      sessionEnded: 'Your session has ended (signed out, or your account or password changed); sign in again.',
    });
  }
  // The JSON body parser runs before everything else, on every route.
  if (operation.requestBody) {
    addError(operation, 400, 'The body is not valid JSON, or not as this operation needs', {
      notJson: 'The request body is not valid JSON.',
    });
    addError(operation, 413, 'The body is larger than the server accepts (100 kB)', { tooLarge: 'The request body is too large.' });
  }
  if (signedIn && takesIdempotencyKey(method, path)) declareIdempotency(operation);
  const audited = auditedAnswers(method, path);
  (operation as OperationObject & { 'x-audited': string })['x-audited'] = audited;
  if (audited !== 'none') {
    const when = audited === 'refusals' ? ' (answered to a refused request, which is audited)' : '';
    addError(operation, 503, `The audit history was changed outside the engine: nothing is changed or recorded until it is repaired${when}`, {
      auditChainBroken: AUDIT_CHAIN_BROKEN,
    });
  }
  // Every operation needs the database but the probes (which answer their own 503) and the reset
  // request, which answers before its work starts (that work waits for the database's return).
  const awayAnswered = !UNAUDITED_PATHS.test(path) && `${method.toUpperCase()} ${path}` !== 'POST /auth/password-reset/request';
  if (awayAnswered) {
    addError(operation, 503, 'The database does not answer for now: send the request again after Retry-After seconds', {
      databaseAway: databaseAwayMessage(null),
    });
  }
  for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
    response.headers = {
      ...response.headers,
      ...(status === '503' && awayAnswered ? { 'Retry-After': { $ref: '#/components/headers/Retry-After-Database-Away' } } : {}),
      'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
      ...(status === '429' ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : {}),
    };
  }
}

/** Idempotency-Key (see IdempotencyInterceptor): accepted on every change a signed-in user makes outside /auth. */
function declareIdempotency(operation: OperationObject): void {
  const header: ParameterObject = {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'A new random value (a UUID, say) for each new request, and the same one when retrying it: a retry then gets the ' +
      'first answer again (marked Idempotent-Replayed) and changes nothing. A structured-field string ("…") or the bare value.',
    schema: { type: 'string', minLength: 1, maxLength: 257 },
  };
  operation.parameters = [...(operation.parameters ?? []), header];
  addError(operation, 400, 'The Idempotency-Key header is not valid', {
    badIdempotencyKey:
      'The Idempotency-Key header is not valid: it is empty. Send a new random value (a UUID, say) for each new request, ' +
      'and the same value when you retry it.',
  });
  addError(operation, 409, 'A request with this Idempotency-Key is still being processed (see Retry-After)', {
    keyInUse: keyInUseMessage(new Date('2026-12-07T14:02:11Z'), new Date('2026-12-07T14:02:21Z')),
  });
  addError(operation, 422, 'This Idempotency-Key was already used for another request or another body', {
    keyReused: 'This Idempotency-Key was already used for another request (POST /cases, or another body); use a new key for a new request.',
  });
  for (const [status, response] of Object.entries(operation.responses) as [string, ResponseObject][]) {
    if (status === '401' || status === '413') continue;
    response.headers = {
      ...response.headers,
      'Idempotent-Replayed': { $ref: '#/components/headers/Idempotent-Replayed' },
      ...(status === '409' ? { 'Retry-After': { $ref: '#/components/headers/Retry-After-Key-In-Use' } } : {}),
    };
  }
}

/** Adds a status to an operation, or merges a description and examples into the one it declares. */
function addError(operation: OperationObject, status: ErrorStatus, description: string, examples: Record<string, ErrorExample>): void {
  const existing = operation.responses[status] as ResponseObject | undefined;
  const json = existing?.content?.['application/json'];
  const named = Object.fromEntries(Object.entries(examples).map(([name, example]) => [name, errorExample(status, example)]));
  operation.responses[status] = {
    ...existing,
    description: existing?.description ? `${existing.description}. Or: ${description}` : description,
    content: {
      'application/json': {
        schema: json?.schema ?? { $ref: '#/components/schemas/ErrorBody' },
        examples: { ...json?.examples, ...named },
      },
    },
  };
}
