import { BadRequestException } from '@nestjs/common';
import { json, urlencoded, type NextFunction, type Request, type Response } from 'express';
import { hasBody } from 'type-is';

/**
 * How deeply arrays and objects may nest in a request body. No form or DTO of the engine nests more
 * than a few levels; class-transformer, which turns a body into its DTO, recurses once per level and
 * overflows the stack at about a thousand.
 */
const MAX_BODY_DEPTH = 32;

export const TOO_DEEP = `The request body nests arrays or objects more than ${MAX_BODY_DEPTH} levels deep.`;

/**
 * Whether a parsed body holds arrays or objects more than `max` levels inside one another (the body
 * itself is level 1). A loop over a list of pending values, not a recursion, so that the check
 * cannot overflow the stack on the very bodies it is there to refuse.
 */
export function nestsDeeperThan(body: unknown, max: number): boolean {
  const pending: Array<{ value: unknown; level: number }> = [{ value: body, level: 1 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.level > max) return true;
    for (const child of Object.values(item.value)) pending.push({ value: child, level: item.level + 1 });
  }
  return false;
}

function refuseDeepBodies(req: Request, _res: Response, next: NextFunction): void {
  next(nestsDeeperThan(req.body, MAX_BODY_DEPTH) ? new BadRequestException(TOO_DEEP) : undefined);
}

const parseJson = json();
const parseForm = urlencoded({ extended: true });

/**
 * The body parsers Nest would add at start with the same defaults (JSON, and the web console's
 * urlencoded forms; the app is created with `bodyParser: false`, see APP_OPTIONS), then the bound on
 * nesting, so that a body is checked before a pipe, guard or DTO walks it. JSON.parse itself does not
 * recurse; qs stops at its own depth (32 brackets) with a RangeError, reported with the same words.
 * One middleware, skipped at once by the requests without a body (every GET): three layers of
 * Express's router and two parsers' checks fewer on each of them.
 */
export function parseBodies(req: Request, res: Response, next: NextFunction): void {
  if (!hasBody(req)) return next();
  parseJson(req, res, (jsonError?: unknown) => {
    if (jsonError) return next(jsonError);
    parseForm(req, res, (formError?: unknown) => (formError ? next(formError) : refuseDeepBodies(req, res, next)));
  });
}
