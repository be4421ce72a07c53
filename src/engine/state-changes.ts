import { Injectable } from '@nestjs/common';
import { refusal, type Actor, type Refusal } from '../../machines';
import type { AuditDraft } from '../audit/audit-draft';
import { AuditService } from '../audit/audit.service';
import type { RequestMeta } from '../common/request-meta';
import { UnitOfWork } from '../database/unit-of-work';
import { ChangedMeanwhile, RefusedException } from './refusals';
import type { Transaction } from '../database/transaction';

/** Who tried which step on which object: the facts of the step's audit entry, allowed or denied. */
export interface Attempt {
  actor: Actor;
  meta: RequestMeta | null;
  action: string;
  entityType: AuditDraft['entityType'];
  entityId: string | null;
  caseId: string | null;
  states: ReadonlyArray<string>;
  fromState?: string | null;
}

/** What an allowed step wrote: its audit entries, in order, and the answer to the request. */
interface Written<T> {
  entries: AuditDraft[];
  answer: T;
}

/** A step the rules allowed, ready to be written. */
export interface Writes<T> {
  /**
   * Inside the transaction: the conditional writes (a row changed meanwhile throws ChangedMeanwhile),
   * every row lock taken in the order case, then its requests; the mails, through the outbox; the
   * answer, read in the transaction so that it shows what commits.
   */
  write(tx: Transaction): Promise<Written<T>>;
  /** A failed write that means another request won a race the rules name (a unique index, say). */
  lostRace?(err: unknown): Refusal | null;
}

/** One state change of any activity, as its use case describes it to the pipeline. */
export interface StateChange<O, T> {
  /** The object, through its visibility check: not visible is an audited denial and a 404. */
  load(): Promise<O>;
  attempt(object: O): Attempt;
  /** The rules' verdict on the object as loaded, before anything is written. */
  decide(object: O): Refusal | Writes<T> | Promise<Refusal | Writes<T>>;
}

function isRefusal<T>(verdict: Refusal | Writes<T>): verdict is Refusal {
  return 'code' in verdict;
}

/**
 * What happens on every state change, of every activity: load the object with its visibility
 * check, decide with the rules, and then either record the refusal (a denied entry, the change not
 * made, a coded refusal for the transport to answer) or, in ONE transaction, write conditionally on
 * the version decided on, enqueue the mails, build the answer, and append the audit entries LAST
 * (the chain's head is locked from the first append to the commit, so it is held for as short as
 * possible). A write that loses a race to another request is refused as stale, and audited so.
 * After the commit, the outbox wakes the mail sender and the audit counts the entries.
 */
@Injectable()
export class StateChanges {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  async run<O, T>(change: StateChange<O, T>): Promise<T> {
    const object = await change.load();
    const attempt = change.attempt(object);
    const verdict = await change.decide(object);
    if (isRefusal(verdict)) throw await this.refuse(attempt, verdict);
    try {
      return await this.unitOfWork.run(
        async (tx) => {
          const { entries, answer } = await verdict.write(tx);
          for (const entry of entries) await this.audit.append(tx, entry);
          return answer;
        },
        { answers: true },
      );
    } catch (err) {
      const lost = err instanceof ChangedMeanwhile ? refusal('stale', err.message) : verdict.lostRace?.(err);
      if (lost) throw await this.refuse(attempt, lost);
      throw err;
    }
  }

  /**
   * The denied entry of a refused step, in a transaction of its own, then the refusal to answer.
   * The entry gives the refusal's words unless the auditors are owed more than the user (`recorded`).
   */
  async refuse(attempt: Attempt, why: Refusal, recorded = why.message): Promise<RefusedException> {
    await this.audit.record({ ...attempt, outcome: 'denied', reason: recorded });
    return new RefusedException(why);
  }
}
