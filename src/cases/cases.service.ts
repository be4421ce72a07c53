import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  CASE_MACHINE_VERSION,
  HELD_BACK_EVENTS,
  activityStartsOf,
  allowedCaseEvents,
  caseEventPossibleFrom,
  compactDateOf,
  maySendCaseEvent,
  decideCaseEvent,
  refusal,
  startCase,
  type CaseDecision,
  type CaseEventInput,
  type CaseEventType,
  type CaseStatus,
  type CompactDate,
  type Refusal,
} from '../../machines';
import { decideCaseOpening } from '../../machines/case-opening';
import type { Actor } from '../../machines/roles';
import type { AuditDraft } from '../audit/audit-draft';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { ChangedMeanwhile, RefusedException } from '../engine/refusals';
import { StateChanges, type Attempt, type Writes } from '../engine/state-changes';
import { encodeCaseListCursor, type CaseSort } from './case-cursor';
import { SupervisionCase } from './case.entity';
import { newCaseNumber } from './case-number';
import { CaseRepository, type CaseLabel } from './case.repository';
import { isVisibleTo, statesOf, transmittedAtAfter } from './case-visibility';
import { CaseListItemView, CasePage, CaseView, type PossibleLaterView } from './dto/case.view';
import type { CaseDeadlineView } from './dto/case-deadline.view';
import { HistoryEntryView } from './dto/history-entry.view';
import type { OpenCaseDto } from './dto/open-case.dto';
import type { Transaction } from '../database/transaction';

export interface CaseEventRequest extends CaseEventInput {
  expectedVersion?: number;
}

export interface CaseListFilter {
  status?: CaseStatus;
  side?: 'sending' | 'receiving';
  /** The start of words of the offender's name, or of the case number or offender number (case-search.ts). */
  q?: string;
  /** Last change first (the default), or the earliest open deadline first. */
  sort?: CaseSort;
  limit?: number;
  cursor?: string;
}

export const NOT_FOUND = 'No case with this id exists among the cases of your state.';

/** Why a transition found its case changed since it was decided on. */
const CASE_CHANGED_MEANWHILE = 'This case was changed by someone else meanwhile; reload it and try again.';

/** A step decided on another version of the case than the client saw is refused as stale; null when it saw this one. */
export function staleVersion(expected: number | undefined, current: SupervisionCase): Refusal | null {
  if (expected === undefined || expected === current.version) return null;
  return refusal(
    'stale',
    `This case has changed since you loaded it (you saw version ${expected}, it is now version ${current.version}); reload it and try again.`,
  );
}

/** The audit history's names for looking at a case and at its history. */
export const CASE_READ = 'CASE_READ';
const CASE_HISTORY_READ = 'CASE_HISTORY_READ';

/** What a look at a case, or at one of its reopen requests or activities, is recorded as if it is refused (requireAccess). */
export interface CaseAttempt {
  action: string;
  meta: RequestMeta | null;
  /** The object asked for, when it is not the case itself: one of its reopen requests or activities. */
  entityType?: 'case' | 'reopen_request' | 'activity';
  entityId?: string | null;
  fromState?: string | null;
  /** The 404's message, when the object asked for is not the case. */
  notFound?: string;
}
const DEFAULT_PAGE = 50;

/** A transition the lifecycle rules allowed, ready to be written. */
export type AllowedCaseDecision = Extract<CaseDecision, { allowed: true }>;

/** One step of a case, as the pipeline hands it to whoever writes its rows and entries. */
export interface CaseStep {
  event: CaseEventInput;
  actor: Actor;
  meta: RequestMeta | null;
  /** The reopen request whose approval this step is, when it is one. */
  approvesReopenRequest?: string;
}

/**
 * Work another feature does in the transaction of a case's transition, registered by that feature's
 * module so that cases need not know it. `follow` runs once the case's row is written and returns
 * the audit entries of what it wrote, appended after the case's own (every row lock before the
 * audit chain's head). Mails it enqueues go out after the commit.
 */
export interface CaseTransitionFollower {
  follow(tx: Transaction, before: SupervisionCase, after: SupervisionCase, step: CaseStep): Promise<AuditDraft[]>;
}

/**
 * The steps of another activity that a case's answer lists among what the user may do (asking for
 * a reopen), registered by that activity's module. `tx`: inside a transaction, the answer's own.
 */
export interface CaseOffers {
  offered(cases: readonly SupervisionCase[], actor: Actor, tx: Transaction | null): Promise<ReadonlyMap<string, readonly string[]>>;
}

/**
 * The deadlines of cases, for their answers, registered by the feature that keeps them.
 * `tx`: inside a transaction, the answer's own.
 */
export interface CaseDeadlines {
  deadlinesOf(cases: readonly SupervisionCase[], tx: Transaction | null): Promise<ReadonlyMap<string, CaseDeadlineView[]>>;
}

/** What a case's other activities tell its rules: the steps they hold back, and a retaking. */
export interface CaseHold {
  /** The refusal of a step they hold back (a closure notice while a warrant's retaking is pending), or null. */
  held(type: CaseEventType): Refusal | null;
  /** When the sending state retook the person on a warrant of the case, if it has. */
  retakenOn: CompactDate | null;
}

/** Registered by the module of activities that tell a case's rules something (CaseHold), for each case. */
export interface CaseHolds {
  holdsOf(cases: readonly SupervisionCase[], tx: Transaction | null): Promise<ReadonlyMap<string, CaseHold>>;
}

const NO_HOLD: CaseHold = { held: () => null, retakenOn: null };

/** A transition the case's rows took, and the audit entries that say so, the case's own first. */
export interface CaseTransitionWritten {
  next: SupervisionCase;
  entries: AuditDraft[];
}

/** What the user said, plus the kinds and grounds the step gave, as one line of the history. */
function reasonOf(event: CaseEventInput): string | null {
  const parts = [
    event.instructionsKind ? `instructions: ${event.instructionsKind}${event.sexOffender ? ', sex offender' : ''}` : null,
    event.sentencingDate && event.instructionsKind === 'living_in_receiving_state' ? `sentenced ${event.sentencingDate}` : null,
    event.rejectionKind ? `rejected as ${event.rejectionKind}` : null,
    event.closureReason ? `closure reason: ${event.closureReason}` : null,
    event.reason?.trim() || null,
  ];
  return parts.filter(Boolean).join('; ') || null;
}

/** The steps the actor could take once a limit passes: those the rules hold back, which they may send and may not yet. */
function possibleLater(c: SupervisionCase, actor: Actor, allowed: readonly CaseEventType[]): PossibleLaterView[] {
  return HELD_BACK_EVENTS.filter((type) => !allowed.includes(type) && maySendCaseEvent(type, actor, c)).flatMap((type) => {
    const from = caseEventPossibleFrom(c.snapshot, type);
    return from ? [{ type, from }] : [];
  });
}

@Injectable()
export class CasesService {
  private readonly followers: CaseTransitionFollower[] = [];
  private readonly offers: CaseOffers[] = [];
  private deadlines: CaseDeadlines | null = null;
  private readonly holds: CaseHolds[] = [];

  constructor(
    private readonly repository: CaseRepository,
    private readonly changes: StateChanges,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Registers work to do in every transition's transaction (see CaseTransitionFollower). */
  addFollower(follower: CaseTransitionFollower): void {
    this.followers.push(follower);
  }

  /** Registers steps of another activity that a case's answer offers (see CaseOffers). */
  addOffers(offers: CaseOffers): void {
    this.offers.push(offers);
  }

  /** Registers steps another activity holds back (see CaseHolds). */
  addHolds(holds: CaseHolds): void {
    this.holds.push(holds);
  }

  /** Registers where the answers' deadlines come from (see CaseDeadlines). */
  addDeadlines(deadlines: CaseDeadlines): void {
    this.deadlines = deadlines;
  }

  open(input: OpenCaseDto, actor: Actor, meta: RequestMeta | null): Promise<CaseView> {
    return this.changes.run({
      load: async () => input,
      attempt: (): Attempt => ({
        actor,
        meta,
        action: 'OPEN_CASE',
        entityType: 'case',
        entityId: null,
        caseId: null,
        states: [...new Set([actor.state, input.sendingState])],
      }),
      decide: () => {
        const decision = decideCaseOpening(input, actor);
        return decision.allowed ? this.opening(input, actor, meta) : decision;
      },
    });
  }

  async get(id: string, actor: Actor, meta: RequestMeta | null): Promise<CaseView> {
    return this.view(await this.findVisible(id, actor, { action: CASE_READ, meta }), actor);
  }

  /** The case, if it exists for the actor's state; a 404 otherwise, audited, as for every case route (requireAccess). */
  async findVisible(id: string, actor: Actor, attempt: CaseAttempt): Promise<SupervisionCase> {
    return this.requireAccess(await this.repository.find(id), actor, attempt);
  }

  /**
   * The one access check of every route that reads or changes a case or its reopen requests: the
   * case, if it exists for the actor's state (isVisibleTo). Otherwise a 404, and, for a case that
   * does exist, a denied entry for the auditors of the states it exists for: to the actor the case
   * does not exist; to them, the attempt does.
   */
  async requireAccess(found: SupervisionCase | null, actor: Actor, attempt: CaseAttempt): Promise<SupervisionCase> {
    const code =
      attempt.entityType === 'reopen_request' ? 'reopen.not_visible' : attempt.entityType === 'activity' ? 'activity.not_visible' : 'case.not_visible';
    const notVisible = refusal(code, attempt.notFound ?? NOT_FOUND);
    if (!found) throw new RefusedException(notVisible);
    if (isVisibleTo(found, actor)) return found;
    const why = found.receivingState === actor.state ? ` (not yet transmitted to ${actor.state})` : '';
    const refused: Attempt = {
      actor,
      meta: attempt.meta,
      action: attempt.action,
      entityType: attempt.entityType ?? 'case',
      entityId: attempt.entityId === undefined ? found.id : attempt.entityId,
      caseId: found.id,
      states: statesOf(found),
      fromState: attempt.fromState ?? null,
    };
    throw await this.changes.refuse(refused, notVisible, `Refused as not found: the case is not one of ${actor.state}'s cases${why}.`);
  }

  async list(filter: CaseListFilter, actor: Actor): Promise<CasePage> {
    const limit = filter.limit ?? DEFAULT_PAGE;
    const sort = filter.sort ?? 'updated';
    const rows = await this.repository.page({ ...filter, q: filter.q?.trim() || undefined, sort, state: actor.state, limit });
    const page = rows.slice(0, limit);
    const views = await this.views(
      page.map((r) => r.case),
      actor,
    );
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeCaseListCursor(
            sort === 'due'
              ? { sort, key: last.nextDue?.dueOn ?? null, id: last.case.id, ...(last.exact ? { exact: true } : {}) }
              : { sort, key: last.case.updatedAt.toISOString(), id: last.case.id, ...(last.exact ? { exact: true } : {}) },
          )
        : null;
    return { items: views.map((v, i) => CaseListItemView.listed(v, page[i].nextDue)), nextCursor };
  }

  /** A case by id, without a visibility check: for a feature that checks access itself, through requireAccess. */
  find(id: string): Promise<SupervisionCase | null> {
    return this.repository.find(id);
  }

  findMany(ids: readonly string[]): Promise<SupervisionCase[]> {
    return this.repository.findMany(ids);
  }

  /** The number, name, status and states of these cases, without a visibility check, like find: for lines of lists of other things. */
  labelsOf(ids: readonly string[]): Promise<CaseLabel[]> {
    return this.repository.labelsOf(ids);
  }

  /** A case by the number people quote, without a visibility check, like find. */
  findByNumber(caseNumber: string): Promise<SupervisionCase | null> {
    return this.repository.findByNumber(caseNumber);
  }

  /**
   * For a step of another activity that depends on the case as it was read (asking for a reopen of
   * a closed case): a case changed since throws ChangedMeanwhile, and the step is refused as stale.
   */
  async holdUnchanged(tx: Transaction, c: SupervisionCase): Promise<void> {
    if (!(await this.repository.stillAt(tx, c))) throw new ChangedMeanwhile(CASE_CHANGED_MEANWHILE);
  }

  /**
   * For a step of another activity that may write the case's deadlines: the case's row locked first,
   * as a transition of the case locks it. The deadlines' triggers write what falls due next into it,
   * and a lock taken there, after the rows the step holds by then, would deadlock with a transition
   * that ends the activity.
   */
  lockBeforeDeadlines(tx: Transaction, c: SupervisionCase): Promise<void> {
    return this.repository.lock(tx, c.id);
  }

  /** Moves the case along its lifecycle, through the one pipeline of every state change (StateChanges). */
  applyEvent(id: string, event: CaseEventRequest, actor: Actor, meta: RequestMeta | null): Promise<CaseView> {
    return this.changes.run({
      load: () => this.findVisible(id, actor, { action: event.type, meta }),
      attempt: (current): Attempt => ({
        actor,
        meta,
        action: event.type,
        entityType: 'case',
        entityId: id,
        caseId: id,
        states: statesOf(current),
        fromState: current.status,
      }),
      decide: async (current) => {
        const stale = staleVersion(event.expectedVersion, current);
        if (stale) return stale;
        const hold = (await this.heldBack([current], null)).get(current.id) ?? NO_HOLD;
        const decision = decideCaseEvent(current.snapshot, { ...event, on: compactDateOf(this.clock.now()), retakenOn: hold.retakenOn }, actor);
        if (!decision.allowed) return decision;
        const held = hold.held(event.type);
        if (held) return held;
        return {
          write: async (tx) => {
            const { next, entries } = await this.writeTransition(tx, current, decision, { event, actor, meta });
            return { entries, answer: await this.view(next, actor, tx) };
          },
        } satisfies Writes<CaseView>;
      },
    });
  }

  /**
   * Writes a transition the rules allowed, inside the caller's transaction: the conditional UPDATE on
   * the version it was decided on (a case changed meanwhile throws ChangedMeanwhile, which rolls the
   * whole transaction back), then what the followers write. Returns the audit entries for the
   * pipeline to append last.
   */
  async writeTransition(tx: Transaction, current: SupervisionCase, decision: AllowedCaseDecision, step: CaseStep): Promise<CaseTransitionWritten> {
    const now = this.clock.now();
    const next: SupervisionCase = {
      ...current,
      status: decision.to,
      snapshot: decision.snapshot,
      closureReason: decision.closureReason,
      // A transfer request sent again gives the release date anew when it has changed (rule 3.105).
      plannedReleaseDate: (step.event.type === 'SUBMIT_TRANSFER_REQUEST' && step.event.plannedReleaseDate) || current.plannedReleaseDate,
      transmittedAt: transmittedAtAfter(current, decision.to, now),
      machineVersion: CASE_MACHINE_VERSION,
      version: current.version + 1,
      updatedAt: now,
    };
    if (!(await this.repository.updateIfVersion(tx, current, next))) throw new ChangedMeanwhile(CASE_CHANGED_MEANWHILE);
    // Read from the changed case: the transfer request that transmits it is the receiving state's first entry of it.
    const entries: AuditDraft[] = [
      {
        actor: step.actor,
        action: step.event.type,
        entityType: 'case',
        entityId: next.id,
        caseId: next.id,
        states: statesOf(next),
        fromState: decision.from,
        toState: decision.to,
        outcome: 'allowed',
        reason: reasonOf(step.event),
        meta: step.meta,
      },
    ];
    for (const follower of this.followers) entries.push(...(await follower.follow(tx, current, next, step)));
    return { next, entries };
  }

  /**
   * Gives one side's work on the case to `assigneeId`, inside the caller's transaction, conditional
   * on the version it was decided on (a case changed meanwhile throws ChangedMeanwhile).
   */
  async writeAssignment(tx: Transaction, current: SupervisionCase, side: 'sending' | 'receiving', assigneeId: string): Promise<SupervisionCase> {
    const next: SupervisionCase = {
      ...current,
      ...(side === 'sending' ? { sendingAssigneeId: assigneeId } : { receivingAssigneeId: assigneeId }),
      version: current.version + 1,
      updatedAt: this.clock.now(),
    };
    if (!(await this.repository.updateIfVersion(tx, current, next))) throw new ChangedMeanwhile(CASE_CHANGED_MEANWHILE);
    return next;
  }

  /**
   * The case's entries that the actor's state's auditors may read (so a receiving state's history
   * begins with the transfer request), the reads of the history left out; the read itself is recorded.
   */
  async history(id: string, actor: Actor, meta: RequestMeta | null): Promise<HistoryEntryView[]> {
    return this.historyOf(await this.findVisible(id, actor, { action: CASE_HISTORY_READ, meta }), actor, meta);
  }

  /**
   * The history of a case the caller found visible (requireAccess), its read recorded; or, with
   * `of`, only the entries about one object of the case (an activity), its read recorded as that.
   */
  async historyOf(
    c: SupervisionCase,
    actor: Actor,
    meta: RequestMeta | null,
    of?: { entityType: 'activity'; entityId: string; action: string },
  ): Promise<HistoryEntryView[]> {
    const reads = new Set([CASE_HISTORY_READ, of?.action]);
    const entries = (await this.audit.historyOfCase(c.id)).filter(
      (e) =>
        (e.primaryState === actor.state || e.secondaryState === actor.state) &&
        !(reads.has(e.action) && e.outcome === 'allowed') &&
        (!of || (e.entityType === of.entityType && e.entityId === of.entityId)),
    );
    await this.audit.record({
      actor,
      action: of?.action ?? CASE_HISTORY_READ,
      entityType: of?.entityType ?? 'case',
      entityId: of?.entityId ?? c.id,
      caseId: c.id,
      states: statesOf(c),
      outcome: 'allowed',
      reason: `${entries.length} entries`,
      meta,
    });
    return entries.map(HistoryEntryView.of);
  }

  /** The answer for a case the caller found visible (requireAccess): the case and what the actor may do with it. */
  async view(c: SupervisionCase, actor: Actor, manager?: Transaction): Promise<CaseView> {
    const [view] = await this.views([c], actor, manager);
    return view;
  }

  /** A new case in draft, and its entry. */
  private opening(input: OpenCaseDto, actor: Actor, meta: RequestMeta | null): Writes<CaseView> {
    const now = this.clock.now();
    const { status, snapshot } = startCase({ sendingState: input.sendingState, receivingState: input.receivingState });
    const created = this.repository.create({
      id: randomUUID(),
      caseNumber: newCaseNumber(input.sendingState, now),
      offenderName: input.offenderName.trim(),
      offenderId: input.offenderId?.trim() || null,
      sendingState: input.sendingState,
      receivingState: input.receivingState,
      status,
      closureReason: null,
      transmittedAt: null,
      supervisionEndsOn: input.supervisionEndsOn ?? null,
      plannedReleaseDate: null,
      sendingAssigneeId: actor.id,
      receivingAssigneeId: null,
      snapshot,
      machineVersion: CASE_MACHINE_VERSION,
      version: 1,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    return {
      write: async (tx) => {
        await this.repository.insert(tx, created);
        const entry: AuditDraft = {
          actor,
          action: 'OPEN_CASE',
          entityType: 'case',
          entityId: created.id,
          caseId: created.id,
          states: statesOf(created),
          toState: status,
          outcome: 'allowed',
          meta,
        };
        return { entries: [entry], answer: await this.view(created, actor, tx) };
      },
    };
  }

  /** For each case, what its other activities tell its rules, all of them together. */
  private async heldBack(cases: readonly SupervisionCase[], tx: Transaction | null): Promise<ReadonlyMap<string, CaseHold>> {
    const all = await Promise.all(this.holds.map((h) => h.holdsOf(cases, tx)));
    return new Map(
      cases.map((c): [string, CaseHold] => {
        const mine = all.map((byCase) => byCase.get(c.id) ?? NO_HOLD);
        return [
          c.id,
          {
            held: (type) => mine.map((h) => h.held(type)).find((r) => r !== null) ?? null,
            retakenOn: mine.map((h) => h.retakenOn).find((d) => d !== null) ?? null,
          },
        ];
      }),
    );
  }

  /** What the actor may do with each case now: its own events, then the steps of other activities offered on it. */
  private async views(page: SupervisionCase[], actor: Actor, tx: Transaction | null = null): Promise<CaseView[]> {
    const offered = await Promise.all(this.offers.map((o) => o.offered(page, actor, tx)));
    const held = await this.heldBack(page, tx);
    const deadlines = (await this.deadlines?.deadlinesOf(page, tx)) ?? new Map<string, CaseDeadlineView[]>();
    const today = compactDateOf(this.clock.now());
    return page.map((c) => {
      const hold = held.get(c.id) ?? NO_HOLD;
      const allowed = allowedCaseEvents(c.snapshot, actor, today, hold.retakenOn).filter((type) => !hold.held(type));
      return CaseView.of(
        c,
        [...allowed, ...offered.flatMap((o) => o.get(c.id) ?? [])],
        deadlines.get(c.id) ?? [],
        possibleLater(c, actor, allowed),
        activityStartsOf(c, actor).map((s) => s.kind),
      );
    });
  }
}
