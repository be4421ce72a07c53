import type { AuditFilter } from './audit-filter';
import { AuditSql } from './audit-sql';

/** The stretch of the history a page may come from: seq > after, and seq <= through unless null. */
export interface SeqRange {
  after: number;
  through: number | null;
}

/** A filter with its times as the database stores them. */
export type StoredFilter = Omit<AuditFilter, 'from' | 'to'> & { from?: unknown; to?: unknown };

/**
 * One walk of an index in seq order: the index's leading columns fixed to `keys`, then the rows it
 * passes checked against the rest of the filter. The walk stops after `limit` matches, so its cost
 * is the rows of its keys that it passes: the plan picks the index whose keys the filter narrows
 * most, and never a state's whole range when an index can narrow it further.
 */
export interface IndexWalk {
  /** null: the primary key, in seq order. */
  index: string | null;
  keys: ReadonlyArray<readonly [column: string, value: unknown]>;
  /** The auditor's state, checked row by row against both scope columns (for the case and actor walks). */
  scope?: string;
}

const SCOPE_COLUMNS = ['primary_state', 'secondary_state'] as const;

/** The outcome the partial outcome indexes leave out: the common one. */
const COMMON_OUTCOME = 'allowed';

/**
 * The walks that together find a page of `state`'s entries matching `f` (with `state` null, of every
 * entry: a national auditor's), by what narrows most:
 * - one case (a case has few entries): its (case_id, seq) range, the state checked row by row;
 * - one actor: their (actor_username, seq) range, likewise;
 * - a refused or failed outcome: the partial (state, outcome, seq) indexes, one per scope column;
 * - one action: the (state, action, seq) indexes, one per scope column;
 * - otherwise the state's own (state, seq) ranges.
 * An entry belongs to a state through either scope column, so the state walks come in pairs whose
 * results are merged; each stays a range (an OR of the two would make the database scan).
 * What a walk checks row by row it may pass many of: an actor's entries that are all about other
 * states' cases, or an actor together with an action they never took, cost the actor's whole range
 * after the cursor (an index per pair of filters would cost every append more).
 * Every entry, with no case or actor named, is the primary key in seq order, an action or an
 * outcome checked row by row: an index per action alone would cost every append more too.
 */
export function planAuditPage(f: StoredFilter, state: string | null): IndexWalk[] {
  const scope = state ?? undefined;
  if (f.caseId) return [{ index: 'idx_audit_case_seq', keys: [['case_id', f.caseId]], scope }];
  if (f.actor) return [{ index: 'idx_audit_actor_seq', keys: [['actor_username', f.actor]], scope }];
  if (state === null) return [{ index: null, keys: [] }];
  return SCOPE_COLUMNS.map((column): IndexWalk => {
    if (f.outcome && f.outcome !== COMMON_OUTCOME) {
      return {
        index: `idx_audit_${column}_outcome_seq`,
        keys: [
          [column, state],
          ['outcome', f.outcome],
        ],
      };
    }
    if (f.action)
      return {
        index: `idx_audit_${column}_action_seq`,
        keys: [
          [column, state],
          ['action', f.action],
        ],
      };
    return { index: `idx_audit_${column}_seq`, keys: [[column, state]] };
  });
}

/**
 * The seqs (or the `columns` given) of up to `limit` entries that `walk` finds in `range`, in order,
 * as one statement; with no limit, every one of them (an export).
 */
export function walkStatement(sql: AuditSql, walk: IndexWalk, f: StoredFilter, range: SeqRange, limit: number | null, columns = '"seq"'): string {
  const { where, orderBy } = sql.indexRange(walk.keys, range.after, range.through);
  if (walk.scope !== undefined) {
    // Checked on the rows the walk passes, never walked itself: as COALESCE(…), no index on a
    // state column can serve it, so PostgreSQL without statistics does not gather the state's
    // whole history through both state indexes to sort it (it cannot tell a case is small).
    const state = (column: string) => `COALESCE("${column}", '') = ${sql.param(walk.scope)}`;
    where.push(`(${state('primary_state')} OR ${state('secondary_state')})`);
  }
  const fixed = new Set(walk.keys.map(([column]) => column));
  const checks: Array<[string, unknown]> = [
    ['case_id', f.caseId],
    ['actor_username', f.actor],
    ['action', f.action],
    ['outcome', f.outcome],
  ];
  for (const [column, value] of checks) if (value && !fixed.has(column)) where.push(`"${column}" = ${sql.param(value)}`);
  // Spelled out, because a partial index serves only a query whose WHERE repeats its condition.
  if (f.outcome && f.outcome !== COMMON_OUTCOME) where.push(`"outcome" <> '${COMMON_OUTCOME}'`);
  if (f.from !== undefined) where.push(`"occurred_at" >= ${sql.param(f.from)}`);
  if (f.to !== undefined) where.push(`"occurred_at" < ${sql.param(f.to)}`);
  const statement = `SELECT ${columns} FROM ${sql.table(walk.index)} WHERE ${where.join(' AND ')} ORDER BY ${orderBy}`;
  return limit === null ? statement : `${statement} LIMIT ${sql.param(limit)}`;
}
