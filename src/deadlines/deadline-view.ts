import type { CaseDeadlineView } from '../cases/dto/case-deadline.view';
import type { DeadlineRuleTable } from './compact-calendar';
import type { Deadline } from './deadline.entity';

/**
 * What a deadline's view reads of its row, and the case and activity it is listed under: the lists of
 * a case's deadlines read these columns alone (about half of a row's, and half its cost to read).
 */
export const SHOWN_OF_DEADLINE = [
  'id',
  'caseId',
  'activityId',
  'limit',
  'rule',
  'ruleVersion',
  'responsibleState',
  'assigneeId',
  'startedAt',
  'dueOn',
  'dueAt',
  'status',
  'endedAt',
  'onTime',
] as const satisfies ReadonlyArray<keyof Deadline>;

/** A deadline as read for its view. */
export type ShownDeadline = Pick<Deadline, (typeof SHOWN_OF_DEADLINE)[number]>;

/** A deadline as the answers show it, whichever list it is in. */
export function deadlineViewOf(d: ShownDeadline, table: DeadlineRuleTable): CaseDeadlineView {
  return {
    id: d.id,
    activityId: d.activityId,
    limit: d.limit,
    rule: d.rule,
    // The version that governs it is never removed from the table, only given its end.
    activity: table.find((r) => r.version === d.ruleVersion)?.title ?? d.limit,
    responsibleState: d.responsibleState,
    assigneeId: d.assigneeId,
    startedAt: d.startedAt.toISOString(),
    dueOn: d.dueOn,
    dueAt: d.dueAt.toISOString(),
    status: d.status,
    metAt: d.status === 'met' && d.endedAt ? d.endedAt.toISOString() : null,
    onTime: d.onTime,
  };
}

/** The views of some deadlines, listed under each key (a case, an activity) in the order given; every key has a list. */
export function deadlineViewsBy(
  keys: readonly string[],
  rows: readonly ShownDeadline[],
  keyOf: (d: ShownDeadline) => string | null,
  table: DeadlineRuleTable,
): Map<string, CaseDeadlineView[]> {
  const by = new Map<string, CaseDeadlineView[]>(keys.map((k) => [k, []]));
  for (const d of rows) {
    const key = keyOf(d);
    if (key !== null) by.get(key)?.push(deadlineViewOf(d, table));
  }
  return by;
}

/** The kind of activity an activity's deadline is of, in words ("progress report"), from the step that started it; null for a case's own. */
export function activityKindOf(d: Pick<Deadline, 'activityId' | 'startedBy'>): string | null {
  if (d.activityId === null) return null;
  const [kind] = d.startedBy.split(':');
  return kind.replace(/_/g, ' ');
}
