import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { BusinessCalendar, daysLeft } from '../../machines';
import type { Actor } from '../../machines/roles';
import { AuditService } from '../audit/audit.service';
import { decodeCaseCursor, encodeCaseCursor } from '../cases/case-cursor';
import { CasesService } from '../cases/cases.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { DEADLINE_RULE_TABLE, type DeadlineRuleTable } from './compact-calendar';
import type { Deadline } from './deadline.entity';
import { DeadlineRepository, WORKLOAD_COUNTED_UP_TO, type WorkloadFilter } from './deadline.repository';
import { deadlineViewOf } from './deadline-view';
import type { WorkloadQuery } from './dto/workload.query';
import type { WorkloadItem, WorkloadPage } from './dto/workload.view';

const DEFAULT_PAGE = 50;

/** Some of a workload's open deadlines, and how many there are in all, up to a count (`more`: there are more than `total`). */
export interface WorkloadPart {
  items: WorkloadItem[];
  total: number;
  more: boolean;
}

export const OWN_WORKLOAD_ONLY = "A field officer's workload is their own: leave assignee out, or give your own id.";

/**
 * Who owes what, by when: the open deadlines of a user, or of their state for those who hand the
 * work out (a supervisor, the compact office), the soonest due first.
 */
@Injectable()
export class Workloads {
  constructor(
    private readonly deadlines: DeadlineRepository,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly calendar: BusinessCalendar,
    @Inject(DEADLINE_RULE_TABLE) private readonly table: DeadlineRuleTable,
  ) {}

  async page(query: WorkloadQuery, actor: Actor, meta: RequestMeta | null): Promise<WorkloadPage> {
    const now = this.clock.now();
    const limit = query.limit ?? DEFAULT_PAGE;
    const filter: WorkloadFilter = { state: actor.state, assigneeId: await this.assigneeOf(query, actor, meta) };
    if (query.overdue !== undefined) filter.due = query.overdue ? { before: now } : { from: now };
    if (query.rule) filter.limits = [...new Set(this.table.filter((r) => r.limit === query.rule || r.rule === query.rule).map((r) => r.limit))];
    // The cursor is the (dueAt, id) of the last item, written as the list of cases writes its (createdAt, id).
    const cursor = query.cursor ? decodeCaseCursor(query.cursor) : null;
    const rows = await this.deadlines.workloadPage(filter, cursor && { key: new Date(cursor.createdAt), id: cursor.id }, limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.items(page, now),
      nextCursor: rows.length > limit && last ? encodeCaseCursor({ createdAt: last.dueAt.toISOString(), id: last.id }) : null,
    };
  }

  /**
   * A part of the actor's workload as My work shows it: the first `limit` open deadlines due in
   * `due`, soonest due first, of some assignees (null: nobody yet; left out: anyone's of the state),
   * and how many the part holds in all, up to `countedUpTo`. A field officer's is their own whatever is asked.
   */
  async soonestDue(
    actor: Actor,
    part: { due?: WorkloadFilter['due']; assignees?: ReadonlyArray<string | null> },
    limit: number,
    countedUpTo = WORKLOAD_COUNTED_UP_TO,
  ): Promise<WorkloadPart> {
    const now = this.clock.now();
    const whose = actor.role === 'field_officer' ? [actor.id] : (part.assignees ?? [undefined]);
    const filters: WorkloadFilter[] = whose.map((assigneeId) => ({ state: actor.state, assigneeId, due: part.due }));
    // One past the count says whether there are more.
    const [rows, counted] = await Promise.all([this.deadlines.workloadPage(filters, null, limit), this.deadlines.workloadCount(filters, countedUpTo + 1)]);
    return { items: await this.items(rows.slice(0, limit), now), total: Math.min(counted, countedUpTo), more: counted > countedUpTo };
  }

  /** The lines of some deadlines, with the number and the name of each one's case. */
  private async items(rows: readonly Deadline[], now: Date): Promise<WorkloadItem[]> {
    const cases = new Map((await this.cases.labelsOf([...new Set(rows.map((d) => d.caseId))])).map((c) => [c.id, c]));
    return rows.map((d) => this.item(d, cases.get(d.caseId), now));
  }

  /** A field officer sees what is assigned to them; a supervisor or the compact office anyone's of their state. */
  private async assigneeOf(query: WorkloadQuery, actor: Actor, meta: RequestMeta | null): Promise<string | null | undefined> {
    const asked = query.assignee === 'me' ? actor.id : query.assignee === 'none' ? null : query.assignee?.toLowerCase();
    if (actor.role !== 'field_officer') return asked;
    if (asked === undefined || asked === actor.id) return actor.id;
    await this.audit.record({
      actor,
      action: 'ACCESS',
      // A look at another user's work, refused.
      entityType: 'user',
      entityId: asked,
      states: [actor.state],
      outcome: 'denied',
      reason: OWN_WORKLOAD_ONLY,
      meta,
    });
    throw new ForbiddenException(OWN_WORKLOAD_ONLY);
  }

  private item(d: Deadline, c: { caseNumber: string; offenderName: string } | undefined, now: Date): WorkloadItem {
    const { id, activityId, limit, rule, activity, responsibleState, assigneeId, startedAt, dueOn, dueAt } = deadlineViewOf(d, this.table);
    return {
      id,
      activityId,
      caseId: d.caseId,
      caseNumber: c?.caseNumber ?? '',
      offenderName: c?.offenderName ?? '',
      limit,
      activity,
      rule,
      responsibleState,
      assigneeId,
      startedAt,
      dueOn,
      dueAt,
      daysLeft: daysLeft(d.dueOn, d.limitUnit, now, this.calendar),
      dayUnit: d.limitUnit,
      overdue: now > d.dueAt,
    };
  }
}
