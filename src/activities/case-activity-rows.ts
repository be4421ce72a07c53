import type { DataSource, Repository } from 'typeorm';
import { PostgresStatement, PostgresTable } from '../database/postgres-table';
import { SqliteTable, onSqlite } from '../database/sqlite-table';
import { managerOf, type Transaction } from '../database/transaction';
import { CaseActivity } from './case-activity.entity';

/**
 * The activities of one kind of one case, as prepared statements on both engines: every read and
 * every step of an active case asks for its warrants (ActivitiesOfCase.holdsOf), and TypeORM's find
 * cost about an eighth of the CPU of GET /cases/:id building its query each time.
 */
export interface CaseActivityRows {
  /** In `tx`'s transaction when given; in no particular order, as TypeORM's find answered it. */
  ofKind(tx: Transaction | null, caseId: string, kind: CaseActivity['kind']): Promise<CaseActivity[]>;
  /** The same for several cases (a page of a list): one prepared statement for any number of them. */
  ofKindOfCases(tx: Transaction | null, caseIds: readonly string[], kind: CaseActivity['kind']): Promise<CaseActivity[]>;
}

export function caseActivityRowsFor(activities: Repository<CaseActivity>): CaseActivityRows {
  const dataSource = activities.manager.connection;
  return onSqlite(dataSource) ? new SqliteCaseActivityRows(dataSource) : new PostgresCaseActivityRows(dataSource);
}

class SqliteCaseActivityRows implements CaseActivityRows {
  private readonly table: SqliteTable<CaseActivity>;
  private readonly sql: string;
  private readonly ofCasesSql: string;

  constructor(dataSource: DataSource) {
    const t = (this.table = new SqliteTable(dataSource, CaseActivity));
    this.sql = `SELECT * FROM "${t.name}" WHERE ${t.column('caseId')} = ? AND ${t.column('kind')} = ?`;
    // The ids as one JSON array: the statement stays the same whatever the page's size.
    this.ofCasesSql = `SELECT * FROM "${t.name}" WHERE ${t.column('caseId')} IN (SELECT value FROM json_each(?)) AND ${t.column('kind')} = ?`;
  }

  // On SQLite every statement runs on the one connection, inside whatever transaction is open on it.
  async ofKind(_tx: Transaction | null, caseId: string, kind: CaseActivity['kind']): Promise<CaseActivity[]> {
    return this.table.rows(this.sql, this.table.stored('caseId', caseId), this.table.stored('kind', kind));
  }

  async ofKindOfCases(_tx: Transaction | null, caseIds: readonly string[], kind: CaseActivity['kind']): Promise<CaseActivity[]> {
    return this.table.rows(this.ofCasesSql, JSON.stringify(caseIds), this.table.stored('kind', kind));
  }
}

class PostgresCaseActivityRows implements CaseActivityRows {
  private readonly table: PostgresTable<CaseActivity>;
  private readonly select: PostgresStatement;
  private readonly selectOfCases: PostgresStatement;

  constructor(private readonly dataSource: DataSource) {
    const t = (this.table = new PostgresTable(dataSource, CaseActivity));
    this.select = new PostgresStatement(`SELECT * FROM ${t.name} WHERE ${t.column('caseId')} = $1 AND ${t.column('kind')} = $2`);
    this.selectOfCases = new PostgresStatement(`SELECT * FROM ${t.name} WHERE ${t.column('caseId')} = ANY($1::varchar[]) AND ${t.column('kind')} = $2`);
  }

  async ofKind(tx: Transaction | null, caseId: string, kind: CaseActivity['kind']): Promise<CaseActivity[]> {
    const values = [this.table.stored('caseId', caseId), this.table.stored('kind', kind)];
    const { rows } = await this.select.run(this.dataSource, tx ? managerOf(tx) : null, values);
    return rows.map((row) => this.table.hydrate(row));
  }

  async ofKindOfCases(tx: Transaction | null, caseIds: readonly string[], kind: CaseActivity['kind']): Promise<CaseActivity[]> {
    const { rows } = await this.selectOfCases.run(this.dataSource, tx ? managerOf(tx) : null, [[...caseIds], this.table.stored('kind', kind)]);
    return rows.map((row) => this.table.hydrate(row));
  }
}
