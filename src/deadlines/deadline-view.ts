import type { CaseDeadlineView } from '../cases/dto/case-deadline.view';
import type { DeadlineRuleTable } from './compact-calendar';
import type { Deadline } from './deadline.entity';

/** A deadline as the answers show it, whichever list it is in. */
export function deadlineViewOf(d: Deadline, table: DeadlineRuleTable): CaseDeadlineView {
  return {
    id: d.id,
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
