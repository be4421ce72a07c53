import { Injectable, type OnModuleInit } from '@nestjs/common';
import { supersedeReopenRequest } from '../../machines';
import type { AuditDraft } from '../audit/audit-draft';
import type { SupervisionCase } from '../cases/case.entity';
import { statesOf } from '../cases/case-visibility';
import { CasesService, type CaseStep, type CaseTransitionFollower } from '../cases/cases.service';
import { Clock } from '../common/clock';
import { ChangedMeanwhile } from '../engine/refusals';
import { ReopenRequestNotices } from './reopen-request-notices';
import { REOPEN_REQUEST_ACTIONS } from './reopen-request-activity';
import { decidedReopenRequest } from './reopen-request-write';
import { ReopenRequestRepository } from './reopen-request.repository';
import type { Transaction } from '../database/transaction';

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
    private readonly requests: ReopenRequestRepository,
    private readonly notices: ReopenRequestNotices,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.cases.addFollower(this);
  }

  async follow(tx: Transaction, before: SupervisionCase, after: SupervisionCase, step: CaseStep): Promise<AuditDraft[]> {
    if (before.status !== 'closed' || after.status === 'closed' || step.approvesReopenRequest) return [];
    const pending = await this.requests.pendingOf(before.id, tx);
    if (!pending) return [];
    const decision = supersedeReopenRequest(pending.snapshot, after.status, step.actor);
    if (!decision.allowed) throw new Error(`Reopen request ${pending.id} is stored as pending but cannot be superseded: ${decision.message}`);
    // What the requester most wants to know: why the case was moved without their request.
    const next = decidedReopenRequest(pending, decision, step.actor, step.event.reason?.trim() || null, this.clock.now());
    try {
      await this.requests.updateIfVersion(tx, pending, next);
    } catch (err) {
      // Withdrawn or denied meanwhile: it is no longer pending, which is all this is for.
      if (err instanceof ChangedMeanwhile) return [];
      throw err;
    }
    await this.notices.told(tx, 'SUPERSEDE', after, next, step.actor);
    return [
      {
        actor: step.actor,
        action: REOPEN_REQUEST_ACTIONS.SUPERSEDE,
        entityType: 'reopen_request',
        entityId: pending.id,
        caseId: before.id,
        states: statesOf(before),
        fromState: decision.from,
        toState: decision.to,
        outcome: 'allowed',
        reason: `${step.event.type} moved the case from ${before.status} to ${after.status} while this request was pending.`,
        meta: step.meta,
      },
    ];
  }
}
