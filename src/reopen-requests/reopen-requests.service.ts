import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  REOPEN_REQUEST_MACHINE_VERSION,
  alreadyPending,
  caseNoLongerClosed,
  decideCaseEvent,
  decideReopenRequestEvent,
  openReopenRequest,
  type CaseEventInput,
  type PersistedReopenRequestSnapshot,
  type ReopenRequestEventType,
} from '../../machines';
import type { Actor } from '../../machines/roles';
import type { AuditDraft } from '../audit/audit-draft';
import type { SupervisionCase } from '../cases/case.entity';
import { statesOf } from '../cases/case-visibility';
import { CasesService, type AllowedCaseDecision, type CaseStep } from '../cases/cases.service';
import { Clock } from '../common/clock';
import type { RequestMeta } from '../common/request-meta';
import { isUniqueViolation } from '../database/unique-violation';
import { refused } from '../engine/refusals';
import { StateChanges, type Attempt, type Writes } from '../engine/state-changes';
import type { ReopenRequestView } from './dto/reopen-request.view';
import { ONE_PENDING_INDEX, REQUEST_NOT_FOUND } from './reopen-request-errors';
import { ReopenRequestNotices } from './reopen-request-notices';
import { REOPEN_REQUEST_ACTIONS } from './reopen-request-activity';
import { reopenReasonOf } from './reopen-request-steps';
import { decidedReopenRequest } from './reopen-request-write';
import { ReopenRequestRepository } from './reopen-request.repository';
import { reopenRequestView } from './reopen-request-views';
import { ReopenRequest } from './reopen-request.entity';

/**
 * Asking for a closed case to be reopened, and deciding or withdrawing the request, through the
 * pipeline of every state change (StateChanges): the rules decide, then the change, its audit
 * entries and its mails are one transaction; a refusal writes a denied entry instead.
 */
@Injectable()
export class ReopenRequestsService {
  constructor(
    private readonly requests: ReopenRequestRepository,
    private readonly cases: CasesService,
    private readonly changes: StateChanges,
    private readonly notices: ReopenRequestNotices,
    private readonly clock: Clock,
  ) {}

  ask(caseId: string, reason: string | undefined, actor: Actor, meta: RequestMeta | null): Promise<ReopenRequestView> {
    const action = REOPEN_REQUEST_ACTIONS.ASK;
    return this.changes.run({
      load: () => this.cases.findVisible(caseId, actor, { action, entityType: 'reopen_request', entityId: null, meta }),
      attempt: (c): Attempt => ({ actor, meta, action, entityType: 'reopen_request', entityId: null, caseId, states: statesOf(c) }),
      decide: async (c) => {
        const opening = openReopenRequest({ caseId, status: c.status, sendingState: c.sendingState, receivingState: c.receivingState }, reason, actor);
        // Who, then when, then what is missing: a pending request is a "when", checked before the reason.
        if (!opening.allowed && opening.refusal !== 'bad_request') return opening;
        const pending = await this.requests.pendingOf(caseId);
        if (pending) return alreadyPending(pending);
        if (!opening.allowed) return opening;
        return this.asking(c, reason!.trim(), opening.snapshot, actor, meta);
      },
    });
  }

  /**
   * Approves (which reopens the case through the case machine's REOPEN), denies or withdraws. An
   * approval writes the case, the request, both audit entries and the requester's mail together.
   */
  decide(id: string, type: ReopenRequestEventType, reason: string | undefined, actor: Actor, meta: RequestMeta | null): Promise<ReopenRequestView> {
    const action = REOPEN_REQUEST_ACTIONS[type];
    return this.changes.run({
      load: async () => {
        const request = await this.requests.find(id);
        if (!request) throw refused('reopen.not_visible', REQUEST_NOT_FOUND);
        const c = await this.cases.requireAccess(await this.cases.find(request.caseId), actor, {
          action,
          entityType: 'reopen_request',
          entityId: id,
          fromState: request.status,
          notFound: REQUEST_NOT_FOUND,
          meta,
        });
        return { request, c };
      },
      attempt: ({ request, c }): Attempt => ({
        actor,
        meta,
        action,
        entityType: 'reopen_request',
        entityId: id,
        caseId: c.id,
        states: statesOf(c),
        fromState: request.status,
      }),
      decide: ({ request, c }) => {
        const decision = decideReopenRequestEvent(request.snapshot, { type, reason }, actor);
        if (!decision.allowed) return decision;
        const note = reason?.trim() || null;
        let reopening: (CaseStep & { decision: AllowedCaseDecision }) | null = null;
        if (type === 'APPROVE') {
          const event: CaseEventInput = { type: 'REOPEN', reason: reopenReasonOf(request, note) };
          const caseDecision = decideCaseEvent(c.snapshot, event, actor);
          if (!caseDecision.allowed) return caseDecision.refusal === 'invalid' ? caseNoLongerClosed(c.status) : caseDecision;
          reopening = { decision: caseDecision, event, actor, meta, approvesReopenRequest: id };
        }
        const next = decidedReopenRequest(request, decision, actor, note, this.clock.now());
        const entry: AuditDraft = {
          actor,
          action,
          entityType: 'reopen_request',
          entityId: id,
          caseId: c.id,
          states: statesOf(c),
          fromState: decision.from,
          toState: decision.to,
          outcome: 'allowed',
          reason: note,
          meta,
        };
        return {
          write: async (tx) => {
            // The case's row, then the request's: the lock order of every transaction (a reopen sent
            // directly supersedes the pending request in this order too), which keeps two instances
            // from deadlocking.
            const reopened = reopening ? await this.cases.writeTransition(tx, c, reopening.decision, reopening) : null;
            const caseNow = reopened?.next ?? c;
            await this.requests.updateIfVersion(tx, request, next);
            await this.notices.told(tx, type, caseNow, next, actor);
            return { entries: [entry, ...(reopened?.entries ?? [])], answer: reopenRequestView(next, caseNow, actor) };
          },
        } satisfies Writes<ReopenRequestView>;
      },
    });
  }

  /** A new pending request of a closed case, its entry and the compact office's mails. */
  private asking(
    c: SupervisionCase,
    reason: string,
    snapshot: PersistedReopenRequestSnapshot,
    actor: Actor,
    meta: RequestMeta | null,
  ): Writes<ReopenRequestView> {
    const now = this.clock.now();
    const request: ReopenRequest = {
      id: randomUUID(),
      caseId: c.id,
      sendingState: c.sendingState,
      receivingState: c.receivingState,
      status: 'pending',
      reason,
      requestedBy: actor.id,
      requestedByUsername: actor.username,
      decidedBy: null,
      decidedByUsername: null,
      decisionReason: null,
      snapshot,
      machineVersion: REOPEN_REQUEST_MACHINE_VERSION,
      version: 1,
      createdAt: now,
      updatedAt: now,
      decidedAt: null,
    };
    return {
      write: async (tx) => {
        // Asked of the case as it was read: if it moved since (reopened directly, say), the ask is
        // refused rather than left pending on a case that is no longer closed.
        await this.cases.holdUnchanged(tx, c);
        await this.requests.insert(tx, request);
        await this.notices.told(tx, 'ASK', c, request, actor);
        const entry: AuditDraft = {
          actor,
          action: REOPEN_REQUEST_ACTIONS.ASK,
          entityType: 'reopen_request',
          entityId: request.id,
          caseId: c.id,
          states: statesOf(c),
          toState: request.status,
          outcome: 'allowed',
          reason: request.reason,
          meta,
        };
        return { entries: [entry], answer: reopenRequestView(request, c, actor) };
      },
      // Another request got in between the check in ask and this insert; the index let only one through.
      lostRace: (err) => (isUniqueViolation(err, ONE_PENDING_INDEX) ? alreadyPending(null) : null),
    };
  }
}
