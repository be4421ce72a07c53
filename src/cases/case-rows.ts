import type { DataSource, Repository } from 'typeorm';
import { PostgresStatement, PostgresTable } from '../database/postgres-table';
import { SqliteTable, onSqlite } from '../database/sqlite-table';
import { CaseSnapshotMigration, SupervisionCase } from './case.entity';
import { managerOf, type Transaction } from '../database/transaction';

/** The two statements of a transition's write path that touch the case row. */
export interface CaseRows {
  find(id: string): Promise<SupervisionCase | null>;
  /**
   * Writes `after` over the case, conditional on the version `before` was read at; false if another
   * transaction changed the case meanwhile (nothing was written). Runs in `tx`'s transaction.
   */
  updateIfVersion(tx: Transaction, before: SupervisionCase, after: SupervisionCase): Promise<boolean>;
}

/**
 * Prepared statements on both engines: TypeORM re-prepares nearly every call on SQLite, and has
 * PostgreSQL parse and plan every statement it sends.
 */
export function caseRowsFor(cases: Repository<SupervisionCase>): CaseRows {
  const dataSource = cases.manager.connection;
  return onSqlite(dataSource) ? new SqliteCaseRows(dataSource) : new PostgresCaseRows(dataSource);
}

/** TypeORM migrates the snapshots of the rows it loads; these statements are not its, so they ask too. */
const snapshotMigration = new CaseSnapshotMigration();

const CHANGED_BY_A_TRANSITION = [
  'status',
  'snapshot',
  'closureReason',
  'plannedReleaseDate',
  'transmittedAt',
  'sendingAssigneeId',
  'receivingAssigneeId',
  'machineVersion',
  'version',
  'updatedAt',
] as const;

class PostgresCaseRows implements CaseRows {
  private readonly table: PostgresTable<SupervisionCase>;
  private readonly select: PostgresStatement;
  private readonly update: PostgresStatement;

  constructor(private readonly dataSource: DataSource) {
    const t = (this.table = new PostgresTable(dataSource, SupervisionCase));
    const n = CHANGED_BY_A_TRANSITION.length;
    this.select = new PostgresStatement(`SELECT * FROM ${t.name} WHERE ${t.column('id')} = $1`);
    this.update = new PostgresStatement(
      `UPDATE ${t.name} SET ${CHANGED_BY_A_TRANSITION.map((p, i) => `${t.column(p)} = $${i + 1}`).join(', ')} ` +
        `WHERE ${t.column('id')} = $${n + 1} AND ${t.column('version')} = $${n + 2}`,
    );
  }

  async find(id: string): Promise<SupervisionCase | null> {
    const { rows } = await this.select.run(this.dataSource, null, [this.table.stored('id', id)]);
    return rows[0] ? snapshotMigration.apply(this.table.hydrate(rows[0])) : null;
  }

  async updateIfVersion(tx: Transaction, before: SupervisionCase, after: SupervisionCase): Promise<boolean> {
    const t = this.table;
    const values = CHANGED_BY_A_TRANSITION.map((p) => t.stored(p, after[p]));
    const result = await this.update.run(this.dataSource, managerOf(tx), [...values, t.stored('id', before.id), t.stored('version', before.version)]);
    return result.rowCount === 1;
  }
}

class SqliteCaseRows implements CaseRows {
  private readonly table: SqliteTable<SupervisionCase>;
  private readonly selectSql: string;
  private readonly updateSql: string;

  constructor(dataSource: DataSource) {
    const t = (this.table = new SqliteTable(dataSource, SupervisionCase));
    this.selectSql = `SELECT * FROM "${t.name}" WHERE ${t.column('id')} = ?`;
    this.updateSql =
      `UPDATE "${t.name}" SET ${CHANGED_BY_A_TRANSITION.map((p) => `${t.column(p)} = ?`).join(', ')} ` +
      `WHERE ${t.column('id')} = ? AND ${t.column('version')} = ?`;
  }

  async find(id: string): Promise<SupervisionCase | null> {
    const [found] = this.table.rows(this.selectSql, id);
    return found ? snapshotMigration.apply(found) : null;
  }

  async updateIfVersion(_manager: Transaction, before: SupervisionCase, after: SupervisionCase): Promise<boolean> {
    const t = this.table;
    const values = CHANGED_BY_A_TRANSITION.map((p) => t.stored(p, after[p]));
    const result = t.statement(this.updateSql).run(...values, t.stored('id', before.id), t.stored('version', before.version));
    return result.changes === 1;
  }
}
