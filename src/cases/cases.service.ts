import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Brackets, EntityManager, Repository, type QueryDeepPartialEntity } from 'typeorm';
import {
  CASE_MACHINE_VERSION, allowedCaseEvents, decideCaseEvent, mayRequestReopen, startCase,
  type CaseDecision, type CaseEventInput, type CaseStatus,
} from '../../machines';
import { decideCaseOpening } from '../../machines/case-opening';
import type { Actor } from '../../machines/roles';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { UnitOfWork } from '../database/unit-of-work';
import { casesWithPendingReopenRequest } from '../reopen-requests/pending-reopen-requests';
import { decodeCaseCursor, encodeCaseCursor } from './case-cursor';
import { SupervisionCase } from './case.entity';
import { caseRowsFor, type CaseRows } from './case-rows';
import { newCaseNumber } from './case-number';
import { CaseChangedMeanwhile, refusalException } from './case-refusal';
import { isVisibleTo, statesOf, transmittedAtAfter, visibleCasesSql } from './case-visibility';
import { CasePage, CaseView } from './dto/case.view';
import { HistoryEntryView } from './dto/history-entry.view';
import type { OpenCaseDto } from './dto/open-case.dto';

export interface CaseEventRequest extends CaseEventInput {
  expectedVersion?: number;
}

export interface CaseListFilter {
  status?: CaseStatus;
  side?: 'sending' | 'receiving';
  /** Part of the offender's name, or of the case number. */
  q?: string;
  limit?: number;
  cursor?: string;
}

export const NOT_FOUND = 'No case with this id exists among the cases of your state.';

/** The audit history's names for looking at a case and at its history. */
export const CASE_READ = 'CASE_READ';
export const CASE_HISTORY_READ = 'CASE_HISTORY_READ';

/** What a look at a case, or at one of its reopen requests, is recorded as if it is refused (requireAccess). */
export interface CaseAttempt {
  action: string;
  meta: RequestMeta | null;
  /** The object asked for, when it is not the case itself: one of its reopen requests. */
  entityType?: 'case' | 'reopen_request';
  entityId?: string | null;
  fromState?: string | null;
  /** The 404's message, when the object asked for is not the case. */
  notFound?: string;
}
const DEFAULT_PAGE = 50;

/** A transition the lifecycle rules allowed, ready to be written. */
export type AllowedCaseDecision = Extract<CaseDecision, { allowed: true }>;

/** Not a case event: asking is POST /cases/:id/reopen-requests, but the case lists it among what the user may do. */
export const REQUEST_REOPEN = 'REQUEST_REOPEN' as const;

/** One step of a case, as the pipeline hands it to whoever writes its rows and entries. */
export interface CaseStep {
  event: CaseEventInput;
  actor: Actor;
  meta: RequestMeta | null;
}

/**
 * Work another feature does in the transaction of a case's transition, registered by that feature's
 * module so that cases need not know it. `follow` runs once the case's row is written and before any
 * audit entry (every row lock before the audit chain's head); what it answers runs after the case's own entry.
 */
export interface CaseTransitionFollower {
  follow(
    manager: EntityManager,
    before: SupervisionCase,
    after: SupervisionCase,
    step: CaseStep,
  ): Promise<((manager: EntityManager) => Promise<void>) | null>;
}

/** What the user said, plus the closure reason, as one line of the history. */
function reasonOf(event: CaseEventInput): string | null {
  const parts = [event.closureReason ? `closure reason: ${event.closureReason}` : null, event.reason?.trim() || null];
  return parts.filter(Boolean).join('; ') || null;
}

@Injectable()
export class CasesService {
  private readonly rows: CaseRows;
  private readonly followers: CaseTransitionFollower[] = [];

  constructor(
    @InjectRepository(SupervisionCase) private readonly cases: Repository<SupervisionCase>,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.rows = caseRowsFor(cases);
  }

  /** Registers work to do in every transition's transaction (see CaseTransitionFollower). */
  addFollower(follower: CaseTransitionFollower): void {
    this.followers.push(follower);
  }

  async open(input: OpenCaseDto, actor: Actor, meta: RequestMeta | null): Promise<CaseView> {
    const decision = decideCaseOpening(input, actor);
    if (!decision.allowed) {
      await this.audit.record({
        actor, action: 'OPEN_CASE', entityType: 'case', entityId: null, outcome: 'denied', reason: decision.message, meta,
        states: [...new Set([actor.state, input.sendingState])],
      });
      throw refusalException(decision.refusal, decision.message);
    }
    const now = this.clock.now();
    const { status, snapshot } = startCase({ sendingState: input.sendingState, receivingState: input.receivingState });
    const created = this.cases.create({
      id: randomUUID(),
      caseNumber: newCaseNumber(input.sendingState, now),
      offenderName: input.offenderName.trim(),
      offenderId: input.offenderId?.trim() || null,
      sendingState: input.sendingState,
      receivingState: input.receivingState,
      status,
      closureReason: null,
      transmittedAt: null,
      snapshot,
      machineVersion: CASE_MACHINE_VERSION,
      version: 1,
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    return this.unitOfWork.run(async (manager) => {
      await manager.insert(SupervisionCase, created as QueryDeepPartialEntity<SupervisionCase>);
      await this.audit.append(manager, {
        actor, action: 'OPEN_CASE', entityType: 'case', entityId: created.id, caseId: created.id, states: statesOf(created),
        toState: status, outcome: 'allowed', meta,
      });
      return this.view(created, actor, manager);
    }, { answers: true });
  }

  async get(id: string, actor: Actor, meta: RequestMeta | null): Promise<CaseView> {
    return this.view(await this.findVisible(id, actor, { action: CASE_READ, meta }), actor);
  }

  /** The case, if it exists for the actor's state; a 404 otherwise, audited, as for every case route (requireAccess). */
  async findVisible(id: string, actor: Actor, attempt: CaseAttempt): Promise<SupervisionCase> {
    return this.requireAccess(await this.rows.find(id), actor, attempt);
  }

  /**
   * The one access check of every route that reads or changes a case or its reopen requests: the
   * case, if it exists for the actor's state (isVisibleTo). Otherwise a 404, and, for a case that
   * does exist, a denied entry for the auditors of the states it exists for: to the actor the case
   * does not exist; to them, the attempt does.
   */
  async requireAccess(found: SupervisionCase | null, actor: Actor, attempt: CaseAttempt): Promise<SupervisionCase> {
    const notFound = attempt.notFound ?? NOT_FOUND;
    if (!found) throw new NotFoundException(notFound);
    if (isVisibleTo(found, actor)) return found;
    const why = found.receivingState === actor.state ? ` (not yet transmitted to ${actor.state})` : '';
    await this.audit.record({
      actor, action: attempt.action, entityType: attempt.entityType ?? 'case', entityId: attempt.entityId === undefined ? found.id : attempt.entityId,
      caseId: found.id, states: statesOf(found), fromState: attempt.fromState ?? null, outcome: 'denied',
      reason: `Refused as not found: the case is not one of ${actor.state}'s cases${why}.`, meta: attempt.meta,
    });
    throw new NotFoundException(notFound);
  }

  async list(filter: CaseListFilter, actor: Actor): Promise<CasePage> {
    const limit = filter.limit ?? DEFAULT_PAGE;
    const query = this.cases.createQueryBuilder('c');
    query.where(visibleCasesSql('c', filter.side), { state: actor.state });
    if (filter.status) query.andWhere('c.status = :status', { status: filter.status });
    if (filter.q) {
      // LIKE's own wildcards in the search text are matched as themselves.
      const pattern = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      query.andWhere(
        new Brackets((b) =>
          b.where("LOWER(c.offender_name) LIKE :pattern ESCAPE '\\'", { pattern })
            .orWhere("LOWER(c.case_number) LIKE :pattern ESCAPE '\\'", { pattern }),
        ),
      );
    }
    if (filter.cursor) {
      const cursor = decodeCaseCursor(filter.cursor);
      const createdAt = this.storedTimestamp(new Date(cursor.createdAt));
      query.andWhere(
        new Brackets((b) =>
          b.where('c.created_at < :createdAt', { createdAt })
            .orWhere('(c.created_at = :createdAt AND c.id < :id)', { createdAt, id: cursor.id }),
        ),
      );
    }
    const rows = await query.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'DESC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await this.views(page, actor),
      nextCursor: rows.length > limit && last ? encodeCaseCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null,
    };
  }

  /**
   * Asks the lifecycle machine, then writes the new state and its audit entry in one transaction.
   * A refusal writes a denied entry instead and changes nothing.
   */
  async applyEvent(id: string, event: CaseEventRequest, actor: Actor, meta: RequestMeta | null): Promise<CaseView> {
    const current = await this.findVisible(id, actor, { action: event.type, meta });
    const denied = async (kind: Parameters<typeof refusalException>[0], message: string) => {
      await this.audit.record({
        actor, action: event.type, entityType: 'case', entityId: id, caseId: id, states: statesOf(current),
        fromState: current.status, outcome: 'denied', reason: message, meta,
      });
      return refusalException(kind, message);
    };
    if (event.expectedVersion !== undefined && event.expectedVersion !== current.version) {
      throw await denied(
        'stale',
        `This case has changed since you loaded it (you saw version ${event.expectedVersion}, it is now version ${current.version}); reload it and try again.`,
      );
    }
    const decision = decideCaseEvent(current.snapshot, event, actor);
    if (!decision.allowed) throw await denied(decision.refusal, decision.message);

    try {
      return await this.unitOfWork.run(async (manager) => {
        const next = await this.writeDecidedTransition(manager, current, decision, { event, actor, meta });
        return this.view(next, actor, manager);
      }, { answers: true });
    } catch (err) {
      // Another request (of this instance or another) changed the case since it was read: the
      // conditional UPDATE matched no row, nothing was written, and the loser is told so.
      if (err instanceof CaseChangedMeanwhile) throw await denied('stale', err.message);
      throw err;
    }
  }

  /**
   * Writes a transition the rules allowed, inside the caller's transaction: the conditional UPDATE on
   * the version it was decided on, what the followers do with it, and its audit entry. A case changed
   * meanwhile throws CaseChangedMeanwhile, so that the caller's whole transaction rolls back; the caller
   * audits the refusal.
   */
  async writeDecidedTransition(
    manager: EntityManager,
    current: SupervisionCase,
    decision: AllowedCaseDecision,
    step: CaseStep,
  ): Promise<SupervisionCase> {
    const next = await this.changeCase(manager, current, decision);
    const afterEntry = [];
    for (const follower of this.followers) {
      const then = await follower.follow(manager, current, next, step);
      if (then) afterEntry.push(then);
    }
    await this.auditTransition(manager, next, decision, step);
    for (const then of afterEntry) await then(manager);
    return next;
  }

  /**
   * The conditional UPDATE of a transition alone. A caller that writes other rows too takes every
   * row lock before the audit chain's head (auditTransition), so that two instances never deadlock.
   */
  async changeCase(manager: EntityManager, current: SupervisionCase, decision: AllowedCaseDecision): Promise<SupervisionCase> {
    const now = this.clock.now();
    const next: SupervisionCase = {
      ...current,
      status: decision.to,
      snapshot: decision.snapshot,
      closureReason: decision.closureReason,
      transmittedAt: transmittedAtAfter(current, decision.to, now),
      machineVersion: CASE_MACHINE_VERSION,
      version: current.version + 1,
      updatedAt: now,
    };
    await this.writeTransition(manager, current, next);
    return next;
  }

  /** The audit entry of a transition changeCase wrote, in the same transaction: `changed` is the case it answered. */
  async auditTransition(manager: EntityManager, changed: SupervisionCase, decision: AllowedCaseDecision, step: CaseStep): Promise<void> {
    // Read from the changed case: the transfer request that transmits it is the receiving state's first entry of it.
    await this.audit.append(manager, {
      actor: step.actor, action: step.event.type, entityType: 'case', entityId: changed.id, caseId: changed.id,
      states: statesOf(changed), fromState: decision.from, toState: decision.to, outcome: 'allowed',
      reason: reasonOf(step.event), meta: step.meta,
    });
  }

  /**
   * The case's entries that the actor's state's auditors may read (so a receiving state's history
   * begins with the transfer request), the reads of the history left out; the read itself is recorded.
   */
  async history(id: string, actor: Actor, meta: RequestMeta | null): Promise<HistoryEntryView[]> {
    const c = await this.findVisible(id, actor, { action: CASE_HISTORY_READ, meta });
    const entries = (await this.audit.historyOfCase(id)).filter(
      (e) => (e.primaryState === actor.state || e.secondaryState === actor.state) && !(e.action === CASE_HISTORY_READ && e.outcome === 'allowed'),
    );
    await this.audit.record({
      actor, action: CASE_HISTORY_READ, entityType: 'case', entityId: id, caseId: id, states: statesOf(c), outcome: 'allowed',
      reason: `${entries.length} entries`, meta,
    });
    return entries.map(HistoryEntryView.of);
  }

  /** Conditional UPDATE on the version the decision was made on: a concurrent change makes it miss. */
  private async writeTransition(manager: EntityManager, before: SupervisionCase, after: SupervisionCase): Promise<void> {
    if (!(await this.rows.updateIfVersion(manager, before, after))) throw new CaseChangedMeanwhile();
  }

  private async view(c: SupervisionCase, actor: Actor, manager?: EntityManager): Promise<CaseView> {
    const [view] = await this.views([c], actor, manager);
    return view;
  }

  /**
   * Asking for a reopen is offered to who may ask, unless a request already waits for the compact
   * office. Inside a transaction, `manager` is that transaction's: the view is its answer.
   */
  private async views(page: SupervisionCase[], actor: Actor, manager: EntityManager = this.cases.manager): Promise<CaseView[]> {
    const askable = page.filter((c) => mayRequestReopen(c, actor));
    const pending = await casesWithPendingReopenRequest(manager, askable.map((c) => c.id));
    return page.map((c) =>
      CaseView.of(c, [
        ...allowedCaseEvents(c.snapshot, actor),
        ...(mayRequestReopen(c, actor) && !pending.has(c.id) ? [REQUEST_REOPEN] : []),
      ]),
    );
  }

  /** A time as this database stores it, for comparisons in hand-built WHERE clauses. */
  private storedTimestamp(at: Date): unknown {
    const column = this.cases.metadata.findColumnWithPropertyName('createdAt');
    return this.cases.manager.connection.driver.preparePersistentValue(at, column!);
  }
}
