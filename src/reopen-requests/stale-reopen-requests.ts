import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { supersedeReopenRequest } from '../../machines';
import { AuditService } from '../audit/audit.service';
import type { SupervisionCase } from '../cases/case.entity';
import { statesOf } from '../cases/case-visibility';
import { CasesService, type CaseStep, type CaseTransitionFollower } from '../cases/cases.service';
import { Clock } from '../common/clock';
import { ReopenRequestChangedMeanwhile } from './reopen-request-errors';
import { ReopenRequestNotices } from './reopen-request-notices';
import { REOPEN_REQUEST_ACTIONS } from './reopen-request-steps';
import { decidedReopenRequest, writeReopenRequestChange } from './reopen-request-write';
import { ReopenRequest } from './reopen-request.entity';

/**
 * A case that leaves `closed` by any transition of its own (the compact office reopening it directly)
 * ends its pending reopen request in the same transaction: left pending, it could still be approved,
 * and it would block the next request once the case is closed again. Approving a request is the other
 * way out of `closed`, and that ends the request itself.
 */
@Injectable()
export class StaleReopenRequests implements CaseTransitionFollower, OnModuleInit {
  constructor(
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly notices: ReopenRequestNotices,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.cases.addFollower(this);
  }

  async follow(manager: EntityManager, before: SupervisionCase, after: SupervisionCase, step: CaseStep) {
    if (before.status !== 'closed' || after.status === 'closed') return null;
    const pending = await manager.findOneBy(ReopenRequest, { caseId: before.id, status: 'pending' });
    if (!pending) return null;
    const decision = supersedeReopenRequest(pending.snapshot, after.status, step.actor);
    if (!decision.allowed) throw new Error(`Reopen request ${pending.id} is stored as pending but cannot be superseded: ${decision.message}`);
    // What the requester most wants to know: why the case was moved without their request.
    const next = decidedReopenRequest(pending, decision, step.actor, step.event.reason?.trim() || null, this.clock.now());
    try {
      await writeReopenRequestChange(manager, pending, next);
    } catch (err) {
      // Withdrawn or denied meanwhile: it is no longer pending, which is all this is for.
      if (err instanceof ReopenRequestChangedMeanwhile) return null;
      throw err;
    }
    return async (m: EntityManager) => {
      await this.audit.append(m, {
        actor: step.actor, action: REOPEN_REQUEST_ACTIONS.SUPERSEDE, entityType: 'reopen_request', entityId: pending.id,
        caseId: before.id, states: statesOf(before), fromState: decision.from, toState: decision.to, outcome: 'allowed',
        reason: `${step.event.type} moved the case from ${before.status} to ${after.status} while this request was pending.`,
        meta: step.meta,
      });
      await this.notices.settled(m, after, next, 'superseded', step.actor);
    };
  }
}
