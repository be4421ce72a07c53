import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CompactDate, ComplianceOutcome, Measure, OutcomeTally } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { onSqlite } from '../database/sqlite-table';
import { managerOf, type Transaction } from '../database/transaction';

/** The state of the tallies that pool every state's deadlines (the migration ComplianceTallies writes them so). */
const NATION = '';

/** Any fixed number: the PostgreSQL advisory lock that lets one instance at a time fold. */
const FOLD_LOCK = 4_807_211;

/** Both ends of the range, each period's last day, the state and today, as named parameters. */
type Parameters = Record<string, string>;

/**
 * The counts of the compliance report, kept as the deadlines are written (the migration
 * ComplianceTallies): each state's and the nation's by due date, measure and ending, and the
 * changes the deadlines' triggers appended since the last fold. A report reads a few rows per
 * day of its range, whatever the number of deadlines.
 */
@Injectable()
export class DeadlineTallyRepository {
  private readonly sqlite: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.sqlite = onSqlite(dataSource);
  }

  /**
   * How many deadlines of each measure due in each period came to each outcome as of `today`, the
   * owing state's apart from the others': a deadline still open is late once its due date has passed.
   */
  async tallies(query: ComplianceQuery): Promise<PeriodTally[]> {
    const [text, values] = this.talliesStatement(query);
    const rows = (await this.dataSource.query(text, values)) as TallyRow[];
    const own: PeriodTally[] = [];
    const national: PeriodTally[] = [];
    for (const r of rows) {
      const tally = { period: Number(r.period), measure: r.measure, ownState: Number(r.own_state) === 1, outcome: r.outcome, count: Number(r.count) };
      (tally.ownState ? own : national).push(tally);
    }
    // The nation's counts include the state's: the others' are the difference.
    const ofState = new Map(own.map((t) => [keyOf(t), t.count]));
    const others = national.map((t) => ({ ...t, count: t.count - (ofState.get(keyOf(t)) ?? 0) }));
    return [...own, ...others].filter((t) => t.count !== 0);
  }

  /** The statement tallies() runs, with its parameters: a range of the state's tallies, the nation's, and the changes not folded. */
  talliesStatement({ periods, state, today }: ComplianceQuery): [sql: string, parameters: unknown[]] {
    // The periods follow one another: a row is in the first whose last day is not before its due date.
    const periodOf = periods.map((_p, i) => `WHEN t.due_on <= :periodEnd${i} THEN ${i}`).join(' ');
    const parameters: Parameters = { from: periods[0].from, to: periods[periods.length - 1].to, state, nation: NATION, today };
    periods.forEach((p, i) => (parameters[`periodEnd${i}`] = p.to));
    const inRange = 'due_on >= :from AND due_on <= :to';
    return this.dataSource.driver.escapeQueryWithParameters(
      `SELECT CASE ${periodOf} END AS period, t.measure AS measure, CASE WHEN t.state = :state THEN 1 ELSE 0 END AS own_state,
         CASE WHEN t.ending = 'open' AND t.due_on < :today THEN 'late' ELSE t.ending END AS outcome, SUM(t.count) AS count
       FROM (
         SELECT state, due_on, measure, ending, count FROM deadline_tallies WHERE state IN (:state, :nation) AND ${inRange}
         UNION ALL SELECT state, due_on, measure, ending, delta FROM deadline_tally_changes WHERE state = :state AND ${inRange}
         UNION ALL SELECT :nation, due_on, measure, ending, delta FROM deadline_tally_changes WHERE ${inRange}
       ) t
       GROUP BY 1, 2, 3, 4`,
      parameters,
    );
  }

  /**
   * Moves the changes the triggers appended into the tallies, in `tx`: the number of changes moved.
   * On PostgreSQL an instance finding another folding leaves it to that one (0), and the changes
   * a transaction not yet committed appended wait for the next fold.
   */
  async fold(tx: Transaction): Promise<number> {
    const manager = managerOf(tx);
    const upsert = (changes: string) => `INSERT INTO deadline_tallies (state, due_on, measure, ending, count)
      SELECT state, due_on, measure, ending, SUM(delta) FROM (
        SELECT state, due_on, measure, ending, delta FROM ${changes} UNION ALL SELECT '${NATION}', due_on, measure, ending, delta FROM ${changes}
      ) c WHERE true GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (state, due_on, measure, ending) DO UPDATE SET count = deadline_tallies.count + excluded.count`;
    if (this.sqlite) {
      // SQLite's transactions run one after the other: nothing is appended between these statements.
      const [{ n }] = await this.query<{ n: number }>(manager, 'SELECT COUNT(*) AS n FROM deadline_tally_changes', {});
      if (n === 0) return 0;
      await manager.query(upsert('deadline_tally_changes'));
      await manager.query('DELETE FROM deadline_tally_changes');
      return n;
    }
    const [{ locked }] = await this.query<{ locked: boolean }>(manager, 'SELECT pg_try_advisory_xact_lock(:lock) AS locked', { lock: String(FOLD_LOCK) });
    if (!locked) return 0;
    // The DELETE takes only the rows committed before it: it and the upsert are one statement.
    const [{ n }] = await this.query<{ n: string }>(
      manager,
      `WITH moved AS (DELETE FROM deadline_tally_changes RETURNING state, due_on, measure, ending, delta), folded AS (${upsert('moved')})
       SELECT COUNT(*) AS n FROM moved`,
      {},
    );
    return Number(n);
  }

  private query<T>(manager: EntityManager, sql: string, parameters: Parameters): Promise<T[]> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, parameters);
    return manager.query(text, values) as Promise<T[]>;
  }
}

interface TallyRow {
  period: number | string;
  measure: Measure;
  own_state: number | string;
  outcome: ComplianceOutcome;
  count: number | string;
}

const keyOf = (t: PeriodTally) => `${t.period} ${t.measure} ${t.outcome}`;

export interface ComplianceQuery {
  /** One after the other, from the first day of the range to its last. */
  periods: readonly { from: CompactDate; to: CompactDate }[];
  state: StateCode;
  today: CompactDate;
}

/** The tallies of one period, by its index in the query. */
export interface PeriodTally extends OutcomeTally {
  period: number;
}
