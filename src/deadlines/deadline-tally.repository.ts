import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { addCalendarDays, type CompactDate, type ComplianceOutcome, type Measure, type OutcomeTally } from '../../machines';
import type { StateCode } from '../../machines/jurisdiction';
import { onSqlite } from '../database/sqlite-table';
import { managerOf, type Transaction } from '../database/transaction';

/** The state of the tallies that pool every state's deadlines (the migration ComplianceTallies writes them so). */
const NATION = '';

/** Any fixed number: the PostgreSQL advisory lock that lets one instance at a time fold. */
const FOLD_LOCK = 4_807_211;

/**
 * A fold that took this many changes or more vacuums their table after it, on PostgreSQL: the rows
 * it deleted stay in the table until a vacuum, and every report's scan of the changes reads them
 * (3.4M of them made a report 350 ms). Fewer are left to autovacuum.
 */
const VACUUM_AFTER = 10_000;

/** Both ends of the range, each period's last day, the state and today, as named parameters. */
type Parameters = Record<string, string>;

/**
 * The counts of the compliance report, kept as the deadlines are written (the migration
 * ComplianceTallies): each state's and the nation's by due date (and by month), measure and
 * ending, and the changes the deadlines' triggers appended since the last fold. A report reads a
 * few rows per month of its range (per day at its ends and in the current month), whatever the
 * number of deadlines.
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

  /**
   * The statement tallies() runs, with its parameters: the state's and the nation's tallies of the
   * range (its whole months but today's by month, the rest by day), and the changes not folded yet.
   */
  talliesStatement({ periods, state, today }: ComplianceQuery): [sql: string, parameters: unknown[]] {
    const from = periods[0].from;
    const to = periods[periods.length - 1].to;
    // The periods follow one another: a row is in the first whose last day is not before its due date.
    // A month is read as its first day: a whole month lies in one period, and before today or after it.
    const periodOf = periods.map((_p, i) => `WHEN t.due_on <= :periodEnd${i} THEN ${i}`).join(' ');
    const parameters: Parameters = { from, to, state, nation: NATION, today };
    periods.forEach((p, i) => (parameters[`periodEnd${i}`] = p.to));
    const tallies = `SELECT state, due_on, measure, ending, count FROM deadline_tallies WHERE state IN (:state, :nation)`;
    const arms: string[] = [];
    const days = (first: CompactDate, last: CompactDate) => {
      if (first > last) return;
      const n = arms.length;
      Object.assign(parameters, { [`first${n}`]: first, [`last${n}`]: last });
      arms.push(`${tallies} AND due_on >= :first${n} AND due_on <= :last${n}`);
    };
    const months = wholeMonthsOf(from, to);
    if (!months) days(from, to);
    else {
      Object.assign(parameters, { firstMonth: months.first, lastMonth: months.last, todayMonth: monthOf(today) });
      arms.push(
        `SELECT state, month || '-01' AS due_on, measure, ending, count FROM deadline_month_tallies
         WHERE state IN (:state, :nation) AND month >= :firstMonth AND month <= :lastMonth AND month <> :todayMonth`,
      );
      days(from, addCalendarDays(`${months.first}-01`, -1));
      days(addCalendarDays(lastDayOf(months.last), 1), to);
      if (monthOf(today) >= months.first && monthOf(today) <= months.last) days(`${monthOf(today)}-01`, lastDayOf(monthOf(today)));
    }
    const inRange = 'due_on >= :from AND due_on <= :to';
    return this.dataSource.driver.escapeQueryWithParameters(
      `SELECT CASE ${periodOf} END AS period, t.measure AS measure, CASE WHEN t.state = :state THEN 1 ELSE 0 END AS own_state,
         CASE WHEN t.ending = 'open' AND t.due_on < :today THEN 'late' ELSE t.ending END AS outcome, SUM(t.count) AS count
       FROM (
         ${arms.join('\n         UNION ALL ')}
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
    // Into the days' tallies and the months', each change under its own state and the nation's.
    const upsert = (changes: string, table: string, key: 'due_on' | 'month') => `INSERT INTO ${table} (state, ${key}, measure, ending, count)
      SELECT state, ${key}, measure, ending, SUM(delta) FROM (
        SELECT state, ${key === 'month' ? 'substr(due_on, 1, 7)' : 'due_on'} AS ${key}, measure, ending, delta FROM ${changes}
      ) c WHERE true GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (state, ${key}, measure, ending) DO UPDATE SET count = ${table}.count + excluded.count`;
    const both = (changes: string) =>
      `SELECT state, due_on, measure, ending, delta FROM ${changes} UNION ALL SELECT '${NATION}', due_on, measure, ending, delta FROM ${changes}`;
    const folds = (changes: string) => [
      upsert(`(${both(changes)}) s`, 'deadline_tallies', 'due_on'),
      upsert(`(${both(changes)}) s`, 'deadline_month_tallies', 'month'),
    ];
    if (this.sqlite) {
      // SQLite's transactions run one after the other: nothing is appended between these statements.
      const [{ n }] = await this.query<{ n: number }>(manager, 'SELECT COUNT(*) AS n FROM deadline_tally_changes', {});
      if (n === 0) return 0;
      for (const fold of folds('deadline_tally_changes')) await manager.query(fold);
      await manager.query('DELETE FROM deadline_tally_changes');
      return n;
    }
    const [{ locked }] = await this.query<{ locked: boolean }>(manager, 'SELECT pg_try_advisory_xact_lock(:lock) AS locked', { lock: String(FOLD_LOCK) });
    if (!locked) return 0;
    // The DELETE takes only the rows committed before it: it and the upserts are one statement.
    const [byDay, byMonth] = folds('moved');
    const [{ n }] = await this.query<{ n: string }>(
      manager,
      `WITH moved AS (DELETE FROM deadline_tally_changes RETURNING state, due_on, measure, ending, delta), days AS (${byDay}), months AS (${byMonth})
       SELECT COUNT(*) AS n FROM moved`,
      {},
    );
    return Number(n);
  }

  /**
   * After a fold of `folded` changes has committed: on PostgreSQL, after a large one, the changes'
   * table vacuumed (outside a transaction, as VACUUM must be; skipped while another instance vacuums it).
   */
  async afterFold(folded: number): Promise<void> {
    if (!this.sqlite && folded >= VACUUM_AFTER) await this.dataSource.query('VACUUM (SKIP_LOCKED) deadline_tally_changes');
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

const monthOf = (date: CompactDate) => date.slice(0, 7);
/** The last day of a month (YYYY-MM): the day before the first of the next, which is 31 days after its first at most. */
const lastDayOf = (month: string): CompactDate => addCalendarDays(`${monthOf(addCalendarDays(`${month}-01`, 31))}-01`, -1);

/** The first and last of the whole months from `from` to `to`; null when there is none. */
function wholeMonthsOf(from: CompactDate, to: CompactDate): { first: string; last: string } | null {
  const first = from.endsWith('-01') ? monthOf(from) : monthOf(addCalendarDays(lastDayOf(monthOf(from)), 1));
  const last = to === lastDayOf(monthOf(to)) ? monthOf(to) : monthOf(addCalendarDays(`${monthOf(to)}-01`, -1));
  return first <= last ? { first, last } : null;
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
