import type { DataSource, Repository } from 'typeorm';
import { PostgresStatement, PostgresTable } from '../database/postgres-table';
import { SqliteTable, onSqlite } from '../database/sqlite-table';
import { managerOf, type Transaction } from '../database/transaction';
import { Deadline } from './deadline.entity';
import { SHOWN_OF_DEADLINE, type ShownDeadline } from './deadline-view';

/** The statements every case step runs on its deadlines: read the case's, and write those it starts. */
export interface DeadlineRows {
  /** A case's deadlines as their views show them, in the order their clocks started; in `tx`'s transaction when given. */
  ofCase(tx: Transaction | null, caseId: string): Promise<ShownDeadline[]>;
  /** Those of a case's deadlines still open, likewise: a step reads only what it may end. */
  openOfCase(tx: Transaction, caseId: string): Promise<Deadline[]>;
  /** The deadlines of several cases (a page of a list), as ofCase: one prepared statement for any number of them. */
  ofCases(tx: Transaction | null, caseIds: readonly string[]): Promise<ShownDeadline[]>;
  /** An activity's deadlines, as ofCase. */
  ofActivity(tx: Transaction | null, activityId: string): Promise<ShownDeadline[]>;
  insert(tx: Transaction, rows: readonly Deadline[]): Promise<void>;
  /** Ends the deadline if it is still open, with no reminder left to send; in `tx`'s transaction. */
  end(tx: Transaction, id: string, ending: DeadlineEnding): Promise<void>;
}

/** How a step ends an open deadline. */
export type DeadlineEnding = Pick<Deadline, 'status' | 'endedAt' | 'endedBy' | 'onTime'>;

const ENDING = ['status', 'endedAt', 'endedBy', 'onTime', 'nextNoticeAt'] as const;

/** The columns an ending sets, in ENDING's order, as stored. */
const endingValues = (t: { stored(p: keyof Deadline & string, v: unknown): unknown }, ending: DeadlineEnding) =>
  ENDING.map((p) => t.stored(p, p === 'nextNoticeAt' ? null : ending[p]));

/**
 * Prepared statements on both engines, as for the case row itself: TypeORM's find and insert cost
 * a step more than its own SQL does.
 */
export function deadlineRowsFor(deadlines: Repository<Deadline>): DeadlineRows {
  const dataSource = deadlines.manager.connection;
  return onSqlite(dataSource) ? new SqliteDeadlineRows(dataSource) : new PostgresDeadlineRows(dataSource);
}

// Two clocks can start at one instant (a closure notice's, from the same supervision end date, after a reopen): the older row first.
const IN_CLOCK_ORDER = (t: { column(p: keyof Deadline & string): string }) => `ORDER BY ${t.column('startedAt')}, ${t.column('createdAt')}, ${t.column('id')}`;

const OPEN = (t: { column(p: keyof Deadline & string): string }) => `${t.column('status')} = 'open'`;

const SHOWN = (t: { column(p: keyof Deadline & string): string }) => SHOWN_OF_DEADLINE.map((p) => t.column(p)).join(', ');

class SqliteDeadlineRows implements DeadlineRows {
  private readonly table: SqliteTable<Deadline>;
  private readonly ofCaseSql: string;
  private readonly openOfCaseSql: string;
  private readonly ofCasesSql: string;
  private readonly ofActivitySql: string;
  private readonly endSql: string;

  constructor(dataSource: DataSource) {
    const t = (this.table = new SqliteTable(dataSource, Deadline));
    this.ofCaseSql = `SELECT ${SHOWN(t)} FROM "${t.name}" WHERE ${t.column('caseId')} = ? ${IN_CLOCK_ORDER(t)}`;
    this.openOfCaseSql = `SELECT * FROM "${t.name}" WHERE ${t.column('caseId')} = ? AND ${OPEN(t)} ${IN_CLOCK_ORDER(t)}`;
    // The ids as one JSON array: the statement stays the same whatever the page's size, and each id is looked up in the case index.
    this.ofCasesSql = `SELECT ${SHOWN(t)} FROM "${t.name}" WHERE ${t.column('caseId')} IN (SELECT value FROM json_each(?)) ${IN_CLOCK_ORDER(t)}`;
    this.ofActivitySql = `SELECT ${SHOWN(t)} FROM "${t.name}" WHERE ${t.column('activityId')} = ? ${IN_CLOCK_ORDER(t)}`;
    this.endSql = `UPDATE "${t.name}" SET ${ENDING.map((p) => `${t.column(p)} = ?`).join(', ')} WHERE ${t.column('id')} = ? AND ${OPEN(t)}`;
  }

  // On SQLite every statement runs on the one connection, inside whatever transaction is open on it.
  async ofCase(_tx: Transaction | null, caseId: string): Promise<ShownDeadline[]> {
    return this.table.rows(this.ofCaseSql, caseId);
  }

  async openOfCase(_tx: Transaction, caseId: string): Promise<Deadline[]> {
    return this.table.rows(this.openOfCaseSql, caseId);
  }

  async ofCases(_tx: Transaction | null, caseIds: readonly string[]): Promise<ShownDeadline[]> {
    return this.table.rows(this.ofCasesSql, JSON.stringify(caseIds));
  }

  async ofActivity(_tx: Transaction | null, activityId: string): Promise<ShownDeadline[]> {
    return this.table.rows(this.ofActivitySql, activityId);
  }

  async insert(_tx: Transaction, rows: readonly Deadline[]): Promise<void> {
    for (const row of rows) this.table.insert(row);
  }

  async end(_tx: Transaction, id: string, ending: DeadlineEnding): Promise<void> {
    this.table.statement(this.endSql).run(...endingValues(this.table, ending), this.table.stored('id', id));
  }
}

class PostgresDeadlineRows implements DeadlineRows {
  private readonly table: PostgresTable<Deadline>;
  private readonly select: PostgresStatement;
  private readonly selectOpen: PostgresStatement;
  private readonly selectOfCases: PostgresStatement;
  private readonly selectOfActivity: PostgresStatement;
  private readonly insertOne: PostgresStatement;
  private readonly endOne: PostgresStatement;

  constructor(private readonly dataSource: DataSource) {
    const t = (this.table = new PostgresTable(dataSource, Deadline));
    this.select = new PostgresStatement(`SELECT ${SHOWN(t)} FROM ${t.name} WHERE ${t.column('caseId')} = $1 ${IN_CLOCK_ORDER(t)}`);
    this.selectOpen = new PostgresStatement(`SELECT * FROM ${t.name} WHERE ${t.column('caseId')} = $1 AND ${OPEN(t)} ${IN_CLOCK_ORDER(t)}`);
    this.selectOfCases = new PostgresStatement(`SELECT ${SHOWN(t)} FROM ${t.name} WHERE ${t.column('caseId')} = ANY($1::varchar[]) ${IN_CLOCK_ORDER(t)}`);
    this.selectOfActivity = new PostgresStatement(`SELECT ${SHOWN(t)} FROM ${t.name} WHERE ${t.column('activityId')} = $1 ${IN_CLOCK_ORDER(t)}`);
    this.insertOne = new PostgresStatement(
      `INSERT INTO ${t.name} (${t.columns.map((c) => `"${c.databaseName}"`).join(', ')}) VALUES (${t.columns.map((_c, i) => `$${i + 1}`).join(', ')})`,
    );
    this.endOne = new PostgresStatement(
      `UPDATE ${t.name} SET ${ENDING.map((p, i) => `${t.column(p)} = $${i + 1}`).join(', ')} WHERE ${t.column('id')} = $${ENDING.length + 1} AND ${OPEN(t)}`,
    );
  }

  async end(tx: Transaction, id: string, ending: DeadlineEnding): Promise<void> {
    await this.endOne.run(this.dataSource, managerOf(tx), [...endingValues(this.table, ending), this.table.stored('id', id)]);
  }

  async ofCase(tx: Transaction | null, caseId: string): Promise<ShownDeadline[]> {
    const { rows } = await this.select.run(this.dataSource, tx ? managerOf(tx) : null, [caseId]);
    return rows.map((row) => this.table.hydrate(row));
  }

  async openOfCase(tx: Transaction, caseId: string): Promise<Deadline[]> {
    const { rows } = await this.selectOpen.run(this.dataSource, managerOf(tx), [caseId]);
    return rows.map((row) => this.table.hydrate(row));
  }

  async ofCases(tx: Transaction | null, caseIds: readonly string[]): Promise<ShownDeadline[]> {
    const { rows } = await this.selectOfCases.run(this.dataSource, tx ? managerOf(tx) : null, [[...caseIds]]);
    return rows.map((row) => this.table.hydrate(row));
  }

  async ofActivity(tx: Transaction | null, activityId: string): Promise<ShownDeadline[]> {
    const { rows } = await this.selectOfActivity.run(this.dataSource, tx ? managerOf(tx) : null, [activityId]);
    return rows.map((row) => this.table.hydrate(row));
  }

  async insert(tx: Transaction, rows: readonly Deadline[]): Promise<void> {
    const t = this.table;
    for (const row of rows)
      await this.insertOne.run(
        this.dataSource,
        managerOf(tx),
        t.columns.map((c) => t.storedIn(c, row[c.propertyName as keyof Deadline])),
      );
  }
}
