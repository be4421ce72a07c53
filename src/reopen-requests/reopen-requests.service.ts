import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, Repository, type QueryDeepPartialEntity } from 'typeorm';
import {
  REOPEN_REQUEST_MACHINE_VERSION, decideCaseEvent, decideReopenRequestEvent, openReopenRequest,
  type CaseEventInput, type ReopenRequestEventType,
} from '../../machines';
import type { Actor } from '../../machines/roles';
import { AuditService } from '../audit/audit.service';
import { SupervisionCase } from '../cases/case.entity';
import { CaseChangedMeanwhile, refusalException } from '../cases/case-refusal';
import { statesOf } from '../cases/case-visibility';
import { CasesService, type AllowedCaseDecision } from '../cases/cases.service';
import type { RequestMeta } from '../common/request-meta';
import { forShare } from '../database/row-locks';
import { Clock } from '../common/clock';
import { UnitOfWork } from '../database/unit-of-work';
import { isUniqueViolation } from '../database/unique-violation';
import { MailSender } from '../mail/mail-sender.service';
import type { ReopenRequestView } from './dto/reopen-request.view';
import {
  ONE_PENDING_INDEX, REQUEST_NOT_FOUND, ReopenRequestChangedMeanwhile, alreadyPending, caseNoLongerClosed,
} from './reopen-request-errors';
import { ReopenRequestNotices } from './reopen-request-notices';
import {
  NEWS_OF, REOPEN_REQUEST_ACTIONS, reopenReasonOf, type RefusalOrStale,
} from './reopen-request-steps';
import { decidedReopenRequest, writeReopenRequestChange } from './reopen-request-write';
import { reopenRequestView } from './reopen-request-views';
import { ReopenRequest } from './reopen-request.entity';

/**
 * Asking for a closed case to be reopened, and deciding or withdrawing the request. Like a case
 * transition: the rules decide, then the change, its audit entries and its mails are one transaction;
 * a refusal writes a denied entry instead and changes nothing.
 */
@Injectable()
export class ReopenRequestsService {
  constructor(
    @InjectRepository(ReopenRequest) private readonly requests: Repository<ReopenRequest>,
    @InjectRepository(SupervisionCase) private readonly cases: Repository<SupervisionCase>,
    private readonly casesService: CasesService,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly notices: ReopenRequestNotices,
    private readonly mailSender: MailSender,
    private readonly clock: Clock,
  ) {}

  async ask(caseId: string, reason: string | undefined, actor: Actor, meta: RequestMeta | null): Promise<ReopenRequestView> {
    const c = await this.casesService.requireAccess(await this.cases.findOneBy({ id: caseId }), actor, {
      action: REOPEN_REQUEST_ACTIONS.ASK, entityType: 'reopen_request', entityId: null, meta,
    });
    const refuse = async (kind: RefusalOrStale, message: string) => {
      await this.audit.record({
        actor, action: REOPEN_REQUEST_ACTIONS.ASK, entityType: 'reopen_request', entityId: null, caseId,
        states: statesOf(c), outcome: 'denied', reason: message, meta,
      });
      return refusalException(kind, message);
    };

    const opening = openReopenRequest({ caseId, status: c.status, sendingState: c.sendingState, receivingState: c.receivingState }, reason, actor);
    // Who, then when, then what is missing: a pending request is a "when", checked before the reason.
    if (!opening.allowed && opening.refusal !== 'bad_request') throw await refuse(opening.refusal, opening.message);
    const pending = await this.requests.findOneBy({ caseId, status: 'pending' });
    if (pending) throw await refuse('invalid', alreadyPending(pending));
    if (!opening.allowed) throw await refuse(opening.refusal, opening.message);

    const now = new Date();
    const request: ReopenRequest = {
      id: randomUUID(),
      caseId,
      sendingState: c.sendingState,
      receivingState: c.receivingState,
      status: 'pending',
      reason: reason!.trim(),
      requestedBy: actor.id,
      requestedByUsername: actor.username,
      decidedBy: null,
      decidedByUsername: null,
      decisionReason: null,
      snapshot: opening.snapshot,
      machineVersion: REOPEN_REQUEST_MACHINE_VERSION,
      version: 1,
      createdAt: now,
      updatedAt: now,
      decidedAt: null,
    };
    let view: ReopenRequestView;
    try {
      view = await this.unitOfWork.run(async (manager) => {
        await this.assertCaseUnchanged(manager, c);
        await manager.insert(ReopenRequest, request as QueryDeepPartialEntity<ReopenRequest>);
        await this.audit.append(manager, {
          actor, action: REOPEN_REQUEST_ACTIONS.ASK, entityType: 'reopen_request', entityId: request.id, caseId,
          states: statesOf(c), toState: request.status, outcome: 'allowed', reason: request.reason, meta,
        });
        await this.notices.requested(manager, c, request, actor);
        return reopenRequestView(request, c, actor);
      }, { answers: true });
    } catch (err) {
      if (err instanceof CaseChangedMeanwhile) throw await refuse('stale', err.message);
      // Another request got in between the check above and this insert; the index let only one through.
      if (isUniqueViolation(err, ONE_PENDING_INDEX)) throw await refuse('invalid', alreadyPending(null));
      throw err;
    }
    this.mailSender.nudge();
    return view;
  }

  /**
   * Approves (which reopens the case through the case machine's REOPEN), denies or withdraws. An
   * approval writes the case, the request, both audit entries and the requester's mail together.
   */
  async decide(
    id: string,
    type: ReopenRequestEventType,
    reason: string | undefined,
    actor: Actor,
    meta: RequestMeta | null,
  ): Promise<ReopenRequestView> {
    const request = await this.requests.findOneBy({ id });
    if (!request) throw new NotFoundException(REQUEST_NOT_FOUND);
    const action = REOPEN_REQUEST_ACTIONS[type];
    const c = await this.casesService.requireAccess(await this.cases.findOneByOrFail({ id: request.caseId }), actor, {
      action, entityType: 'reopen_request', entityId: id, fromState: request.status, notFound: REQUEST_NOT_FOUND, meta,
    });
    const refuse = async (kind: RefusalOrStale, message: string) => {
      await this.audit.record({
        actor, action, entityType: 'reopen_request', entityId: id, caseId: c.id, states: statesOf(c),
        fromState: request.status, outcome: 'denied', reason: message, meta,
      });
      return refusalException(kind, message);
    };

    const decision = decideReopenRequestEvent(request.snapshot, { type, reason }, actor);
    if (!decision.allowed) throw await refuse(decision.refusal, decision.message);
    const note = reason?.trim() || null;

    let reopening: { decision: AllowedCaseDecision; event: CaseEventInput } | null = null;
    if (type === 'APPROVE') {
      const event: CaseEventInput = { type: 'REOPEN', reason: reopenReasonOf(request, note) };
      const caseDecision = decideCaseEvent(c.snapshot, event, actor);
      if (!caseDecision.allowed) {
        throw await refuse(caseDecision.refusal, caseDecision.refusal === 'invalid' ? caseNoLongerClosed(c.status) : caseDecision.message);
      }
      reopening = { decision: caseDecision, event };
    }

    const next = decidedReopenRequest(request, decision, actor, note, this.clock.now());
    let view: ReopenRequestView;
    try {
      view = await this.unitOfWork.run(async (manager) => {
        // The case's row, then the request's, then the audit chain's head: the lock order of every
        // transaction (a reopen sent directly supersedes the pending request in this order too), which
        // keeps two instances from deadlocking. Not writeDecidedTransition, whose followers supersede
        // the case's pending request: that is this one, decided here.
        const caseNow = reopening ? await this.casesService.changeCase(manager, c, reopening.decision) : c;
        await writeReopenRequestChange(manager, request, next);
        await this.audit.append(manager, {
          actor, action, entityType: 'reopen_request', entityId: id, caseId: c.id, states: statesOf(c),
          fromState: decision.from, toState: decision.to, outcome: 'allowed', reason: note, meta,
        });
        if (reopening) {
          await this.casesService.auditTransition(manager, caseNow, reopening.decision, { event: reopening.event, actor, meta });
        }
        await this.notices.settled(manager, caseNow, next, NEWS_OF[type], actor);
        return reopenRequestView(next, caseNow, actor);
      }, { answers: true });
    } catch (err) {
      if (err instanceof CaseChangedMeanwhile || err instanceof ReopenRequestChangedMeanwhile) {
        throw await refuse('stale', err.message);
      }
      throw err;
    }
    this.mailSender.nudge();
    return view;
  }

  /**
   * A request is asked of the case as it was read; if it moved since (reopened directly, say), the ask
   * is refused rather than left pending on a case that is no longer closed.
   */
  private async assertCaseUnchanged(manager: EntityManager, c: SupervisionCase): Promise<void> {
    // Share-locked on PostgreSQL until the commit: a transition of the case on another instance waits.
    const now = await manager.findOne(SupervisionCase, { select: { id: true, version: true }, where: { id: c.id }, ...forShare(manager) });
    if (now?.version !== c.version) throw new CaseChangedMeanwhile();
  }
}
