import { HttpException, type HttpStatus } from '@nestjs/common';
import { refusal, type Refusal, type RefusalCode, type RefusalKind } from '../../machines';
import { messageOf } from '../common/all-exceptions.filter';

const STATUS_OF: Readonly<Record<RefusalKind, HttpStatus>> = { bad_request: 400, forbidden: 403, not_found: 404, invalid: 409 };

/**
 * A refusal of the rules as the API answers it: the one place where a refusal becomes an HTTP
 * status. The error body is the one of every error (AllExceptionsFilter); the console shows the
 * same message on the page (pageNoteOf).
 */
export class RefusedException extends HttpException {
  constructor(readonly refusal: Refusal) {
    super(refusal.message, STATUS_OF[refusal.refusal]);
  }
}

export function refused(code: RefusalCode, message: string): RefusedException {
  return new RefusedException(refusal(code, message));
}

/**
 * Thrown inside a transaction by a conditional write that found its row changed since the decision
 * was taken on it: the transaction rolls back and the pipeline refuses the attempt as stale.
 */
export class ChangedMeanwhile extends Error {}

/** The statuses a console page answers on the page itself: what the person can put right there. */
const SHOWN_ON_PAGE: ReadonlySet<number> = new Set([400, 403, 409]);

/**
 * What a console page shows when a step fails: the rules' own sentence (or the form's problems) and
 * the status to answer with. Null for what the page cannot show (not found, signed out, our faults),
 * which the console's exception filter answers instead.
 */
export function pageNoteOf(err: unknown): { error: string; status: number } | null {
  if (!(err instanceof HttpException) || !SHOWN_ON_PAGE.has(err.getStatus())) return null;
  return { error: messageOf(err), status: err.getStatus() };
}
