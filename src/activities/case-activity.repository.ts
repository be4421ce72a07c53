import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import type { StateCode } from '../../machines/jurisdiction';
import { ChangedMeanwhile } from '../engine/refusals';
import { managerOf, type Transaction } from '../database/transaction';
import { caseActivityRowsFor, type CaseActivityRows } from './case-activity-rows';
import { CaseActivity } from './case-activity.entity';

/** Every statement on the case activities table. */
@Injectable()
export class CaseActivityRepository {
  private readonly rows: CaseActivityRows;

  constructor(@InjectRepository(CaseActivity) private readonly activities: Repository<CaseActivity>) {
    this.rows = caseActivityRowsFor(activities);
  }

  find(id: string): Promise<CaseActivity | null> {
    return this.activities.findOneBy({ id });
  }

  /** Every activity of a case, oldest first; in `tx` when given. */
  ofCase(caseId: string, tx: Transaction | null = null): Promise<CaseActivity[]> {
    return (tx ? managerOf(tx) : this.activities.manager).find(CaseActivity, { where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The activities of a case not in one of `ended`, in the step's transaction. */
  openOf(tx: Transaction, caseId: string, ended: readonly string[]): Promise<CaseActivity[]> {
    return managerOf(tx).find(CaseActivity, { where: { caseId, status: Not(In([...ended])) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The activities of one kind of these cases, in `tx` when given: one query for a whole page of cases. */
  ofKind(caseIds: readonly string[], kind: CaseActivity['kind'], tx: Transaction | null): Promise<CaseActivity[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return caseIds.length === 1 ? this.rows.ofKind(tx, caseIds[0], kind) : this.rows.ofKindOfCases(tx, caseIds, kind);
  }

  /**
   * The activities of `kind` in `status` of the cases `state` is a party to, either side, oldest
   * first (the state indexes answer it); which side the activity is addressed to is the caller's to read.
   */
  ofStateIn(state: StateCode, kind: CaseActivity['kind'], status: string, limit: number): Promise<CaseActivity[]> {
    return this.activities.find({
      where: [
        { sendingState: state, kind, status },
        { receivingState: state, kind, status },
      ],
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }

  async insert(tx: Transaction, activity: CaseActivity): Promise<void> {
    await managerOf(tx).insert(CaseActivity, activity as QueryDeepPartialEntity<CaseActivity>);
  }

  /** Conditional UPDATE on the version the decision was made on: a concurrent step makes it miss (ChangedMeanwhile). */
  async updateIfVersion(tx: Transaction, before: CaseActivity, after: CaseActivity): Promise<void> {
    const result = await managerOf(tx)
      .createQueryBuilder()
      .update(CaseActivity)
      .set({
        status: after.status,
        snapshot: after.snapshot,
        machineVersion: after.machineVersion,
        version: after.version,
        updatedAt: after.updatedAt,
      } as QueryDeepPartialEntity<CaseActivity>)
      .where('id = :id AND version = :version', { id: before.id, version: before.version })
      .execute();
    if (result.affected !== 1) throw new ChangedMeanwhile('This activity was changed by someone else meanwhile; reload it and try again.');
  }
}
