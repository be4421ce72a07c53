import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type QueryDeepPartialEntity, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { Jurisdiction, ReopenRequestStatus } from '../../machines';
import { decodeCaseCursor } from '../cases/case-cursor';
import { keysetPage, mergedWalks } from '../database/keyset-page';
import { ChangedMeanwhile } from '../engine/refusals';
import { ReopenRequest } from './reopen-request.entity';
import { managerOf, type Transaction } from '../database/transaction';

/** One page of reopen requests: a compact office's queue (the cases its state receives), or every request of a state's cases. */
export interface ReopenRequestQuery {
  state: Jurisdiction;
  receivingOnly: boolean;
  status?: ReopenRequestStatus;
  cursor?: string;
  limit: number;
}

/** Every statement on the reopen requests table. */
@Injectable()
export class ReopenRequestRepository {
  constructor(@InjectRepository(ReopenRequest) private readonly requests: Repository<ReopenRequest>) {}

  find(id: string): Promise<ReopenRequest | null> {
    return this.requests.findOneBy({ id });
  }

  /** The request of the case that waits for the compact office, if any; in `tx` when given. */
  pendingOf(caseId: string, tx: Transaction | null = null): Promise<ReopenRequest | null> {
    return (tx ? managerOf(tx) : this.requests.manager).findOneBy(ReopenRequest, { caseId, status: 'pending' });
  }

  /** Which of these cases have a request waiting for the compact office; one query for a whole page. */
  async casesWithPending(caseIds: readonly string[], tx: Transaction | null): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const rows = await (tx ? managerOf(tx) : this.requests.manager).find(ReopenRequest, {
      select: { caseId: true },
      where: { caseId: In([...caseIds]), status: 'pending' },
    });
    return new Set(rows.map((r) => r.caseId));
  }

  /** Every request of one case, newest first. */
  ofCase(caseId: string): Promise<ReopenRequest[]> {
    return this.requests.find({ where: { caseId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** Oldest first; one more row than the page, so that the caller knows whether another page follows. */
  page(query: ReopenRequestQuery): Promise<ReopenRequest[]> {
    // A case is between two states: no request is on both sides of one.
    return mergedWalks(this.walks(query), (r) => r.createdAt.getTime(), query.limit);
  }

  /** The statements page() runs for `query`, with their parameters, for pinning their plans. */
  plannedStatements(query: ReopenRequestQuery): Array<[sql: string, parameters: unknown[]]> {
    return this.walks(query).map((walk) => walk.getQueryAndParameters());
  }

  /**
   * A walk of each side's index the page may show, in its order (of the status, with one), merged by
   * page(): an OR of the two sides in one statement has the database gather and sort every request
   * of the state.
   */
  private walks(query: ReopenRequestQuery): SelectQueryBuilder<ReopenRequest>[] {
    const cursor = query.cursor ? decodeCaseCursor(query.cursor) : null;
    const sides = query.receivingOnly ? (['receiving'] as const) : (['sending', 'receiving'] as const);
    return sides.map((side) => {
      const sql = this.requests.createQueryBuilder('r').where(`r.${side}_state = :state`, { state: query.state });
      if (query.status) sql.andWhere('r.status = :status', { status: query.status });
      return keysetPage(sql, 'r', 'ASC', cursor && { key: new Date(cursor.createdAt), id: cursor.id }, query.limit);
    });
  }

  async insert(tx: Transaction, request: ReopenRequest): Promise<void> {
    await managerOf(tx).insert(ReopenRequest, request as QueryDeepPartialEntity<ReopenRequest>);
  }

  /**
   * Conditional UPDATE on the version the decision was made on, as for a case: a concurrent decision
   * makes it miss (ChangedMeanwhile), and the caller's transaction rolls back.
   */
  async updateIfVersion(tx: Transaction, before: ReopenRequest, after: ReopenRequest): Promise<void> {
    const result = await managerOf(tx)
      .createQueryBuilder()
      .update(ReopenRequest)
      .set({
        status: after.status,
        snapshot: after.snapshot,
        machineVersion: after.machineVersion,
        version: after.version,
        decidedBy: after.decidedBy,
        decidedByUsername: after.decidedByUsername,
        decisionReason: after.decisionReason,
        decidedAt: after.decidedAt,
        updatedAt: after.updatedAt,
      } as QueryDeepPartialEntity<ReopenRequest>)
      .where('id = :id AND version = :version', { id: before.id, version: before.version })
      .execute();
    if (result.affected !== 1) throw new ChangedMeanwhile('This reopen request was decided or withdrawn by someone else meanwhile; reload it.');
  }
}
