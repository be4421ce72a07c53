import { CallHandler, ConflictException, ExecutionContext, HttpException, Injectable, NestInterceptor, UnprocessableEntityException } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/current-actor.decorator';
import { httpErrorBody } from '../common/all-exceptions.filter';
import { answerScope, type AnswerScope } from '../database/answer-scope';
import { parseIdempotencyKey } from './idempotency-key-header';
import { IdempotencyStore, type HeldKey } from './idempotency-store';
import { requestFingerprint } from './request-fingerprint';

const CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Sign-in and session routes answer with tokens, which must never be stored: they take no key. */
const WITHOUT_KEYS = /^\/auth(\/|$)/;

/** Whether a signed-in user's request of this method and path may carry an Idempotency-Key (the OpenAPI document says so too). */
export function takesIdempotencyKey(method: string, path: string): boolean {
  return CHANGING.has(method.toUpperCase()) && !WITHOUT_KEYS.test(path);
}

/**
 * Idempotency-Key (IETF httpapi draft) on every request of a signed-in user that changes something.
 * The first request with a key runs, and its answer is stored with its change (see answer-scope.ts);
 * a retry with the same key and the same request gets that answer again and changes nothing, on any
 * instance, after any restart. The same key with another request: 422. A key still in use: 409.
 * Requests without the header run as before. /auth/* is left out: sign-in has no user to keep keys
 * for, and the session routes answer with tokens, which are never stored.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers['idempotency-key'];
    if (header === undefined || !req.actor || !takesIdempotencyKey(req.method, req.path)) return next.handle();
    return from(this.once(context, next, req, parseIdempotencyKey(header)));
  }

  private async once(context: ExecutionContext, next: CallHandler, req: AuthenticatedRequest, key: string): Promise<unknown> {
    const request = `${req.method} ${req.originalUrl}`.slice(0, 300);
    const claim = await this.store.claim({ userId: req.actor.id, key }, requestFingerprint(req.method, req.originalUrl, req.body), request);
    switch (claim.kind) {
      case 'mismatch':
        throw new UnprocessableEntityException(
          `This Idempotency-Key was already used for another request (${claim.request}, or another body); use a new key for a new request.`,
        );
      case 'in_progress':
        context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(KEY_IN_USE_RETRY_AFTER_SECONDS));
        throw new ConflictException(keyInUseMessage(claim.since, claim.freeAt));
      case 'replay':
        return replayed(claim.status, claim.body);
      case 'claimed':
        return this.run(context, next, req, claim.held);
    }
  }

  /** Runs the request holding the key, and stores its answer: with its change where it can. */
  private async run(context: ExecutionContext, next: CallHandler, req: Request, held: HeldKey): Promise<unknown> {
    const status = successStatusOf(context, req.method);
    const scope: AnswerScope = {
      written: false,
      write: (manager, answer) => this.store.answerIn(manager, held, status, jsonOf(answer)),
    };
    let result: unknown;
    try {
      result = await answerScope.run(scope, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
    } catch (err) {
      if (scope.written) throw err;
      if (err instanceof HttpException && err.getStatus() < 500) {
        await this.store.answer(held, err.getStatus(), JSON.stringify(httpErrorBody(err, String(req.id ?? ''))));
      } else {
        // A server failure rolled its transaction back: free the key, so that a retry runs again.
        await this.store.release(held);
      }
      throw err;
    }
    if (!scope.written) await this.store.answer(held, status, jsonOf(result));
    return result;
  }
}

/** Most requests take milliseconds: a retry a second later usually finds the answer. */
const KEY_IN_USE_RETRY_AFTER_SECONDS = 1;

/** Why a key is busy, and until when at most: a holder that died keeps it for its whole lease. */
export function keyInUseMessage(since: Date, freeAt: Date): string {
  const time = (d: Date) => `${d.toISOString().slice(11, 19)} UTC`;
  return (
    `A request with this Idempotency-Key is still being processed (since ${time(since)}); retry in ${KEY_IN_USE_RETRY_AFTER_SECONDS} s ` +
    `to get its answer. If the server running it stopped, the key is free again at ${time(freeAt)}.`
  );
}

function successStatusOf(context: ExecutionContext, method: string): number {
  const declared = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined;
  return declared ?? (method === 'POST' ? 201 : 200);
}

function jsonOf(answer: unknown): string | null {
  return answer === undefined ? null : JSON.stringify(answer);
}

/** The first answer again, status and body as they were sent, marked as a replay. */
function replayed(status: number, body: string | null): globalThis.Response {
  return new globalThis.Response(body, {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Idempotent-Replayed': 'true' },
  });
}
