import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from './transaction';

/**
 * A request that wants its answer written by the very transaction that makes its change, so that
 * a stored answer (an Idempotency-Key's) can never claim a change that was rolled back, and a
 * committed change never lacks its answer. Set around a request's handler; read by UnitOfWork.
 */
export interface AnswerScope {
  write(tx: Transaction, answer: unknown): Promise<void>;
  /** Set once the transaction that wrote the answer has committed. */
  written: boolean;
}

export const answerScope = new AsyncLocalStorage<AnswerScope>();
