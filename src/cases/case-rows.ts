import type { DataSource, EntityManager, QueryDeepPartialEntity, Repository } from 'typeorm';
import { SqliteTable, onSqlite } from '../database/sqlite-table';
import { SupervisionCase } from './case.entity';

/** The two statements of a transition's write path that touch the case row. */
export interface CaseRows {
  find(id: string): Promise<SupervisionCase | null>;
  /**
   * Writes `after` over the case, conditional on the version `before` was read at; false if another
   * transaction changed the case meanwhile (nothing was written). Runs in `manager`'s transaction.
   */
  updateIfVersion(manager: EntityManager, before: SupervisionCase, after: SupervisionCase): Promise<boolean>;
}

/** Prepared statements on SQLite (where TypeORM re-prepares nearly every call); TypeORM elsewhere. */
export function caseRowsFor(cases: Repository<SupervisionCase>): CaseRows {
  const dataSource = cases.manager.connection;
  return onSqlite(dataSource) ? new SqliteCaseRows(dataSource) : new TypeOrmCaseRows(cases);
}

const CHANGED_BY_A_TRANSITION = ['status', 'snapshot', 'closureReason', 'machineVersion', 'version', 'updatedAt'] as const;

class TypeOrmCaseRows implements CaseRows {
  constructor(private readonly cases: Repository<SupervisionCase>) {}

  find(id: string): Promise<SupervisionCase | null> {
    return this.cases.findOneBy({ id });
  }

  async updateIfVersion(manager: EntityManager, before: SupervisionCase, after: SupervisionCase): Promise<boolean> {
    const changes = Object.fromEntries(CHANGED_BY_A_TRANSITION.map((p) => [p, after[p]]));
    const result = await manager
      .createQueryBuilder()
      .update(SupervisionCase)
      .set(changes as QueryDeepPartialEntity<SupervisionCase>)
      .where('id = :id AND version = :version', { id: before.id, version: before.version })
      .execute();
    return result.affected === 1;
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
    const row = this.table.statement(this.selectSql).get(id) as Record<string, unknown> | undefined;
    return row ? this.table.hydrate(row) : null;
  }

  async updateIfVersion(_manager: EntityManager, before: SupervisionCase, after: SupervisionCase): Promise<boolean> {
    const t = this.table;
    const values = CHANGED_BY_A_TRANSITION.map((p) => t.stored(p, after[p]));
    const result = t.statement(this.updateSql).run(...values, t.stored('id', before.id), t.stored('version', before.version));
    return result.changes === 1;
  }
}
