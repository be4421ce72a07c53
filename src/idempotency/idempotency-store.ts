import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { DatabaseOutage } from '../database/database-outage';
import { UnitOfWork } from '../database/unit-of-work';
import { IDEMPOTENCY_CONFIG, type IdempotencyConfig } from './idempotency-config';
import { IdempotencyKey } from './idempotency-key.entity';
import { managerOf, type Transaction } from '../database/transaction';

export interface KeyOfUser {
  userId: string;
  key: string;
}

/** A claimed key: the attempt that holds it writes the answer. */
export interface HeldKey extends KeyOfUser {
  attempt: string;
}

export type Claim =
  | { kind: 'claimed'; held: HeldKey }
  | { kind: 'replay'; status: number; body: string | null }
  | { kind: 'mismatch'; request: string }
  | { kind: 'in_progress'; since: Date; freeAt: Date };

/**
 * The stored answer no longer belongs to this attempt: a retry took the key over after its lease.
 * The attempt's transaction rolls back, and if its client is still listening it is told so (409):
 * the retry's answer is the one that counts.
 */
export class IdempotencyKeyTakenOver extends ConflictException {
  constructor() {
    super('A retry with the same Idempotency-Key took this request over; this attempt changed nothing.');
  }
}

/**
 * The idempotency_keys table: claiming a key, writing its answer, releasing it, purging old ones.
 *
 * A request that fails on the server frees its key so that the retry runs. When the failure was the
 * database going away, that release cannot be written either: the key is then remembered here as
 * abandoned, freed as soon as the database answers again (DatabaseOutage), and a retry that reaches
 * this process first takes it over at once. A key whose holder died keeps its lease.
 */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger('Idempotency');
  /** Attempts of this process that failed without freeing their key, by attempt, until their lease ends. */
  private readonly abandoned = new Map<string, { held: HeldKey; until: number }>();

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(IDEMPOTENCY_CONFIG) private readonly config: IdempotencyConfig,
    private readonly clock: Clock,
    outage: DatabaseOutage,
  ) {
    outage.whenBack(() => this.releaseAbandoned());
  }

  /**
   * Takes the key for this request, or says why not. The insert does nothing when the key exists
   * (on PostgreSQL it first waits for a concurrent insert of the same key to commit), so exactly one
   * of several simultaneous requests with one key claims it, on any instance.
   */
  claim(of: KeyOfUser, fingerprint: string, request: string): Promise<Claim> {
    return this.unitOfWork.run(async (m) => {
      const now = this.clock.now();
      const attempt = randomUUID();
      const lockedUntil = new Date(now.getTime() + this.config.leaseSeconds * 1000);
      await managerOf(m)
        .createQueryBuilder()
        .insert()
        .into(IdempotencyKey)
        .values({ ...of, fingerprint, request, status: 'in_progress', attempt, lockedUntil, createdAt: now })
        .orIgnore()
        .execute();
      const row = await managerOf(m).findOneByOrFail(IdempotencyKey, { userId: of.userId, key: of.key });
      if (row.attempt === attempt) return { kind: 'claimed', held: { ...of, attempt } };
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch', request: row.request };
      if (row.status === 'completed') return { kind: 'replay', status: row.responseStatus ?? 200, body: row.responseBody };
      if (row.lockedUntil > now && !this.abandoned.has(row.attempt)) return { kind: 'in_progress', since: row.createdAt, freeAt: row.lockedUntil };
      // The holder's lease ran out (it died, or is stuck), or it is an attempt of this process that
      // failed without freeing the key. A late answer of the holder will match no row (answerIn checks
      // the attempt), so taking over cannot apply a change twice.
      this.abandoned.delete(row.attempt);
      const taken = await managerOf(m).update(
        IdempotencyKey,
        { userId: of.userId, key: of.key, attempt: row.attempt, status: 'in_progress' },
        { attempt, lockedUntil },
      );
      return taken.affected === 1 ? { kind: 'claimed', held: { ...of, attempt } } : { kind: 'in_progress', since: row.createdAt, freeAt: lockedUntil };
    });
  }

  /** Writes the answer inside the transaction of the change; throws (rolling it back) if the key was taken over. */
  async answerIn(m: Transaction, held: HeldKey, status: number, body: string | null): Promise<void> {
    const done = await managerOf(m).update(
      IdempotencyKey,
      { userId: held.userId, key: held.key, attempt: held.attempt, status: 'in_progress' },
      { status: 'completed', responseStatus: status, responseBody: body, completedAt: this.clock.now() },
    );
    if (done.affected !== 1) throw new IdempotencyKeyTakenOver();
  }

  /** Writes the answer of a request whose change (if any) is already committed or that changed nothing. */
  async answer(held: HeldKey, status: number, body: string | null): Promise<void> {
    try {
      await this.unitOfWork.run((m) => this.answerIn(m, held, status, body));
    } catch (err) {
      if (!(err instanceof IdempotencyKeyTakenOver)) throw err;
      this.logger.warn({ key: held.key }, 'A retry took over an Idempotency-Key before its first attempt could store its answer.');
    }
  }

  /**
   * Frees the key of a request that failed without changing anything (a 5xx), so that a retry runs
   * again. Never throws: a release that fails is kept as abandoned (see above).
   */
  async release(held: HeldKey): Promise<void> {
    try {
      await this.deleteHeld(held);
    } catch {
      const now = this.clock.now().getTime();
      // Past its lease a key is free for any retry: what is remembered stays within a lease's failures.
      for (const [attempt, { until }] of this.abandoned) if (until <= now) this.abandoned.delete(attempt);
      this.abandoned.set(held.attempt, { held, until: now + this.config.leaseSeconds * 1000 });
    }
  }

  /** Frees the keys whose release failed while the database was away; a retry may have taken some over meanwhile. */
  async releaseAbandoned(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const [attempt, { held, until }] of this.abandoned) {
      // Past its lease the key is free for any retry anyway, and the row matches no attempt of ours.
      if (until > now) await this.deleteHeld(held);
      this.abandoned.delete(attempt);
    }
  }

  private async deleteHeld(held: HeldKey): Promise<void> {
    await this.unitOfWork.run((m) => managerOf(m).delete(IdempotencyKey, { userId: held.userId, key: held.key, attempt: held.attempt, status: 'in_progress' }));
  }

  /** Forgets keys older than the retention period by the clock; returns how many. */
  async purge(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.config.retentionHours * 3_600_000);
    const result = await this.unitOfWork.run((m) => managerOf(m).delete(IdempotencyKey, { createdAt: LessThan(before) }));
    return result.affected ?? 0;
  }
}
