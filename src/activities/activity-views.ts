import { BadRequestException, Injectable } from '@nestjs/common';
import {
  ACTIVITY_FIELDS,
  SUPERVISION_ACTIVITY_RULES,
  activityFilterProblem,
  activityRecordOf,
  allowedActivityEvents,
  compactDateOf,
  kindsInStatusOf,
  type ActivityFields,
  type ActivityListFilter,
} from '../../machines';
import type { Actor } from '../../machines/roles';
import type { SupervisionCase } from '../cases/case.entity';
import type { CaseLabel } from '../cases/case.repository';
import { decodeCaseListCursor, encodeCaseListCursor } from '../cases/case-cursor';
import { isVisibleTo } from '../cases/case-visibility';
import { CasesService } from '../cases/cases.service';
import type { CaseDeadlineView } from '../cases/dto/case-deadline.view';
import type { HistoryEntryView } from '../cases/dto/history-entry.view';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import type { Transaction } from '../database/transaction';
import { ActivityDeadlineSteps } from '../deadlines/activity-deadlines';
import type { ReopenRequestView } from '../reopen-requests/dto/reopen-request.view';
import { ReopenRequestReadsService } from '../reopen-requests/reopen-request-reads.service';
import type { CaseActivity } from './case-activity.entity';
import { CaseActivityRepository } from './case-activity.repository';
import type { ActivityPage, ActivityView } from './dto/activity.view';
import type { ActivitySort } from './dto/list-activities.query';

export const ACTIVITY_NOT_FOUND = 'No activity with this id exists among the cases of your state.';

/** An open action request addressed to a state: what a list of the state's work shows of it. */
export interface AddressedActionRequest {
  id: string;
  caseId: string;
  caseNumber: string;
  offenderName: string;
  subject: string;
  fromState: string;
  sentAt: string;
}

/** A page of the list of activities holds this many unless the request asks for another number. */
const DEFAULT_PAGE = 50;

/** What GET /activities asks for: the filter, the order, where the page starts and how long it is. */
export interface ActivityListRequest extends ActivityListFilter {
  side?: 'sending' | 'receiving';
  sort?: ActivitySort;
  cursor?: string;
  limit?: number;
}

/** At most this many open action requests are listed for a state: the oldest, which wait the longest. */
const ADDRESSED_LIMIT = 200;

/** What a refused look at an activity, or at a case's activities, is recorded as. */
const ACTIVITY_READ = 'ACTIVITY_READ';
const ACTIVITIES_READ = 'ACTIVITIES_READ';
const ACTIVITY_HISTORY_READ = 'ACTIVITY_HISTORY_READ';

/**
 * Fields in the order the rules list them (ACTIVITY_FIELDS), whatever order the database gives a
 * JSON document back in (PostgreSQL's jsonb keeps none).
 */
function inFieldOrder(fields: ActivityFields): Record<string, string> {
  return Object.fromEntries(ACTIVITY_FIELDS.flatMap((name) => (fields[name] === undefined ? [] : [[name, fields[name]]])));
}

/** A reopen request among a case's activities: the same answer, its steps those of its own routes. */
function reopenRequestItem(r: ReopenRequestView): ActivityView {
  return {
    id: r.id,
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    offenderName: r.offenderName,
    caseStatus: r.caseStatus,
    kind: 'reopen_request',
    title: 'reopen request',
    rule: 'ICOTS reopen request',
    status: r.status,
    startedBy: r.requestedBy,
    startedByUsername: r.requestedByUsername,
    startedBySide: 'receiving',
    linkedActivityId: null,
    fields: { reason: r.reason, ...(r.decisionReason ? { decisionReason: r.decisionReason } : {}) },
    log: [],
    deadlines: [],
    allowedEvents: r.allowedEvents,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/** Reading supervision activities: a user sees those of the cases their state may see, each after the case's access check. */
@Injectable()
export class ActivityViews {
  constructor(
    private readonly activities: CaseActivityRepository,
    private readonly cases: CasesService,
    private readonly deadlines: ActivityDeadlineSteps,
    private readonly reopenRequests: ReopenRequestReadsService,
    private readonly clock: Clock,
  ) {}

  /** The answer for an activity of a case the caller found visible, inside `tx` when given. */
  async of(activity: CaseActivity, c: SupervisionCase, actor: Actor, tx: Transaction | null): Promise<ActivityView> {
    const [view] = await this.many([activity], new Map([[c.id, c]]), actor, tx);
    return view;
  }

  async one(id: string, actor: Actor, meta: RequestMeta | null): Promise<ActivityView> {
    const { activity, c } = await this.visible(id, actor, ACTIVITY_READ, meta);
    return this.of(activity, c, actor, null);
  }

  /**
   * Every activity of a case, oldest first, its reopen requests among them (kind reopen_request),
   * in the order they were started.
   */
  async ofCase(caseId: string, actor: Actor, meta: RequestMeta | null): Promise<ActivityView[]> {
    const c = await this.cases.findVisible(caseId, actor, { action: ACTIVITIES_READ, meta });
    const own = await this.many(await this.activities.ofCase(c.id), new Map([[c.id, c]]), actor, null);
    const reopens = (await this.reopenRequests.ofVisibleCase(c, actor)).map(reopenRequestItem);
    return [...own, ...reopens].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /**
   * A page of the activities of every case the actor's state may see, as filtered, in the order
   * asked. A filter is refused (400) when its status is not one of its kind's, or its cursor of the
   * other order.
   */
  async list(request: ActivityListRequest, actor: Actor): Promise<ActivityPage> {
    const problem = activityFilterProblem(request);
    if (problem) throw new BadRequestException(problem);
    const sort = request.sort ?? 'updated';
    const limit = request.limit ?? DEFAULT_PAGE;
    const cursor = request.cursor ? decodeCaseListCursor(request.cursor, sort) : null;
    const rows = await this.activities.page({
      state: actor.state,
      side: request.side,
      of: kindsInStatusOf(request),
      order: sort === 'updated' ? 'DESC' : 'ASC',
      after: cursor && { updatedAt: new Date(cursor.key as string), id: cursor.id },
      limit,
    });
    const page = rows.slice(0, limit);
    const cases = new Map((await this.cases.labelsOf([...new Set(page.map((r) => r.activity.caseId))])).map((c) => [c.id, c]));
    const items = await this.many(
      page.map((r) => r.activity),
      cases,
      actor,
      null,
    );
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCaseListCursor({ sort, key: last.at.toISOString(), id: last.activity.id }) : null };
  }

  /**
   * The action requests still open (not yet answered) that the other state of a case sent to the
   * actor's state, oldest first. The cases are the actor's state's own, so no access check refuses them.
   */
  async openActionRequestsTo(actor: Actor): Promise<AddressedActionRequest[]> {
    // A national account is party to no case: nothing is addressed to it.
    const state = actor.state;
    if (state === 'US') return [];
    const bySide = await Promise.all((['sending', 'receiving'] as const).map((side) => this.activities.openRequestsTo(state, side, ADDRESSED_LIMIT)));
    const addressed = bySide
      .flat()
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .slice(0, ADDRESSED_LIMIT);
    const cases = new Map((await this.cases.labelsOf([...new Set(addressed.map((a) => a.caseId))])).map((c) => [c.id, c]));
    // A request stored before the starts asked that the case was sent may be of a case this state never received.
    return addressed.flatMap((a) => {
      const c = cases.get(a.caseId);
      if (!c || !isVisibleTo(c, actor)) return [];
      const record = activityRecordOf(a.snapshot);
      return {
        id: a.id,
        caseId: a.caseId,
        caseNumber: c.caseNumber,
        offenderName: c.offenderName,
        subject: String((record.fields as Record<string, unknown>).subject ?? ''),
        fromState: record.startedBySide === 'sending' ? a.sendingState : a.receivingState,
        sentAt: a.createdAt.toISOString(),
      };
    });
  }

  /** The entries of the case's history that are about this activity, as the actor's state may read them. */
  async history(id: string, actor: Actor, meta: RequestMeta | null): Promise<HistoryEntryView[]> {
    const { c } = await this.visible(id, actor, ACTIVITY_HISTORY_READ, meta);
    return this.historyOfVisible(id, c, actor, meta);
  }

  /** The activity and its history after one visibility check, as its console page shows them. */
  async oneWithHistory(id: string, actor: Actor, meta: RequestMeta | null): Promise<{ view: ActivityView; history: HistoryEntryView[] }> {
    const { activity, c } = await this.visible(id, actor, ACTIVITY_READ, meta);
    return { view: await this.of(activity, c, actor, null), history: await this.historyOfVisible(id, c, actor, meta) };
  }

  private historyOfVisible(id: string, c: SupervisionCase, actor: Actor, meta: RequestMeta | null): Promise<HistoryEntryView[]> {
    return this.cases.historyOf(c, actor, meta, { entityType: 'activity', entityId: id, action: ACTIVITY_HISTORY_READ });
  }

  private async visible(id: string, actor: Actor, action: string, meta: RequestMeta | null): Promise<{ activity: CaseActivity; c: SupervisionCase }> {
    const activity = await this.activities.find(id);
    const c = await this.cases.requireAccess(activity && (await this.cases.find(activity.caseId)), actor, {
      action,
      entityType: 'activity',
      entityId: id,
      fromState: activity?.status,
      notFound: ACTIVITY_NOT_FOUND,
      meta,
    });
    return { activity: activity!, c };
  }

  /** The answers for activities of cases the caller found visible, each case in `cases` by its id. */
  private async many(list: readonly CaseActivity[], cases: ReadonlyMap<string, CaseLabel>, actor: Actor, tx: Transaction | null): Promise<ActivityView[]> {
    const deadlines = await this.deadlines.deadlinesOfActivities(
      list.map((a) => a.id),
      tx,
    );
    const today = compactDateOf(this.clock.now());
    return list.map((a) => {
      const record = activityRecordOf(a.snapshot);
      const rules = SUPERVISION_ACTIVITY_RULES[a.kind];
      const c = cases.get(a.caseId)!;
      return {
        id: a.id,
        caseId: c.id,
        caseNumber: c.caseNumber,
        offenderName: c.offenderName,
        caseStatus: c.status,
        kind: a.kind,
        title: rules.title,
        rule: rules.rule,
        status: a.status,
        startedBy: a.startedBy,
        startedByUsername: a.startedByUsername,
        startedBySide: record.startedBySide,
        linkedActivityId: a.linkedActivityId,
        fields: inFieldOrder(record.fields),
        log: record.log.map((l) => ({ step: l.step, side: l.side, on: l.on, fields: inFieldOrder(l.fields) })),
        deadlines: [...((deadlines.get(a.id) ?? []) as CaseDeadlineView[])],
        allowedEvents: allowedActivityEvents(a.snapshot, actor, today),
        version: a.version,
        createdAt: a.createdAt.toISOString(),
        updatedAt: a.updatedAt.toISOString(),
      };
    });
  }
}
