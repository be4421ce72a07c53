import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import type { CaseStatus, Jurisdiction } from '../../machines';
import { keysetPage } from '../database/keyset-page';
import { forShare } from '../database/row-locks';
import { decodeCaseCursor } from './case-cursor';
import { caseRowsFor, type CaseRows } from './case-rows';
import { visibleCasesSql } from './case-visibility';
import { SupervisionCase } from './case.entity';
import { managerOf, type Transaction } from '../database/transaction';

/** One page of a state's cases, by the filters of GET /cases. */
export interface CaseQuery {
  state: Jurisdiction;
  status?: CaseStatus;
  side?: 'sending' | 'receiving';
  /** Part of the offender's name, or of the case number. */
  q?: string;
  cursor?: string;
  limit: number;
}

/**
 * Every statement on the cases table. A transition's read and conditional write take the prepared
 * fast paths of CaseRows; the rest goes through TypeORM.
 */
@Injectable()
export class CaseRepository {
  private readonly rows: CaseRows;

  constructor(@InjectRepository(SupervisionCase) private readonly cases: Repository<SupervisionCase>) {
    this.rows = caseRowsFor(cases);
  }

  find(id: string): Promise<SupervisionCase | null> {
    return this.rows.find(id);
  }

  findMany(ids: readonly string[]): Promise<SupervisionCase[]> {
    return ids.length ? this.cases.findBy({ id: In([...ids]) }) : Promise.resolve([]);
  }

  findByNumber(caseNumber: string): Promise<SupervisionCase | null> {
    return this.cases.findOneBy({ caseNumber });
  }

  create(fields: SupervisionCase): SupervisionCase {
    return this.cases.create(fields);
  }

  async insert(tx: Transaction, c: SupervisionCase): Promise<void> {
    await managerOf(tx).insert(SupervisionCase, c as QueryDeepPartialEntity<SupervisionCase>);
  }

  /** False when another transaction changed the case since `before` was read: nothing was written. */
  updateIfVersion(tx: Transaction, before: SupervisionCase, after: SupervisionCase): Promise<boolean> {
    return this.rows.updateIfVersion(tx, before, after);
  }

  /**
   * Whether the case is still at the version `c` was read at, share-locked on PostgreSQL until the
   * commit, so that a transition of the case on another instance waits for this transaction.
   */
  async stillAt(tx: Transaction, c: SupervisionCase): Promise<boolean> {
    const now = await managerOf(tx).findOne(SupervisionCase, { select: { id: true, version: true }, where: { id: c.id }, ...forShare(managerOf(tx)) });
    return now?.version === c.version;
  }

  /** Newest first; one more row than the page, so that the caller knows whether another page follows. */
  page(query: CaseQuery): Promise<SupervisionCase[]> {
    const sql = this.cases.createQueryBuilder('c');
    sql.where(visibleCasesSql('c', query.side), { state: query.state });
    if (query.status) sql.andWhere('c.status = :status', { status: query.status });
    if (query.q) {
      // LIKE's own wildcards in the search text are matched as themselves.
      const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      sql.andWhere(
        new Brackets((b) =>
          b.where("LOWER(c.offender_name) LIKE :pattern ESCAPE '\\'", { pattern }).orWhere("LOWER(c.case_number) LIKE :pattern ESCAPE '\\'", { pattern }),
        ),
      );
    }
    const cursor = query.cursor ? decodeCaseCursor(query.cursor) : null;
    const after = cursor && { key: this.storedTimestamp(new Date(cursor.createdAt)), id: cursor.id };
    return keysetPage(sql, 'c', 'DESC', after, query.limit);
  }

  /** A time as this database stores it, for comparisons in hand-built WHERE clauses. */
  private storedTimestamp(at: Date): unknown {
    const column = this.cases.metadata.findColumnWithPropertyName('createdAt');
    return this.cases.manager.connection.driver.preparePersistentValue(at, column!);
  }
}
