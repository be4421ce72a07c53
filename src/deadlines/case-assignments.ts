import { Injectable } from '@nestjs/common';
import { decideAssignment, sideOf, type Actor, type Assignee } from '../../machines';
import type { AuditDraft } from '../audit/audit-draft';
import type { SupervisionCase } from '../cases/case.entity';
import { statesOf } from '../cases/case-visibility';
import type { CaseView } from '../cases/dto/case.view';
import { CasesService, staleVersion } from '../cases/cases.service';
import type { RequestMeta } from '../common/request-meta';
import { StateChanges, type Attempt, type Writes } from '../engine/state-changes';
import { UsersService } from '../users/users.service';
import { DeadlineRepository } from './deadline.repository';
import type { AssignCaseDto } from './dto/assign-case.dto';

const REASSIGN_CASE = 'REASSIGN_CASE';

/**
 * Who works each side of a case: the sending side's officer is the one who opened it, the receiving
 * side's the one its compact office assigns on acceptance; either may be handed on by that side's
 * supervisor or compact office. The side's open deadlines go with the case, and so do their reminders.
 */
@Injectable()
export class CaseAssignments {
  constructor(
    private readonly cases: CasesService,
    private readonly changes: StateChanges,
    private readonly users: UsersService,
    private readonly deadlines: DeadlineRepository,
  ) {}

  assign(id: string, input: AssignCaseDto, actor: Actor, meta: RequestMeta | null): Promise<CaseView> {
    const attempt = (c: SupervisionCase): Attempt => ({
      actor,
      meta,
      action: REASSIGN_CASE,
      entityType: 'case',
      entityId: c.id,
      caseId: c.id,
      states: statesOf(c),
      fromState: c.status,
    });
    return this.changes.run({
      load: () => this.cases.findVisible(id, actor, { action: REASSIGN_CASE, meta }),
      attempt,
      decide: async (c) => {
        const stale = staleVersion(input.expectedVersion, c);
        if (stale) return stale;
        const side = input.side ?? sideOf(c, actor.state) ?? 'sending';
        const user = await this.users.findById(input.assigneeId);
        const assignee: Assignee | null = user && { id: user.id, displayName: user.displayName, role: user.role, state: user.state, active: user.active };
        const decision = decideAssignment(c, side, assignee, actor);
        if ('code' in decision) return decision;
        const before = side === 'sending' ? c.sendingAssigneeId : c.receivingAssigneeId;
        return {
          write: async (tx) => {
            const next = await this.cases.writeAssignment(tx, c, side, input.assigneeId);
            const moved = await this.deadlines.reassignOpen(tx, c.id, side, input.assigneeId);
            const entry: AuditDraft = {
              ...attempt(c),
              toState: c.status,
              outcome: 'allowed',
              reason: [
                `${side} side assigned from ${before ?? 'nobody'} to ${input.assigneeId} (${assignee!.displayName}); ${moved} open deadline(s) moved`,
                input.reason?.trim() || null,
              ]
                .filter(Boolean)
                .join('; '),
              meta,
            };
            return { entries: [entry], answer: await this.cases.view(next, actor, tx) };
          },
        } satisfies Writes<CaseView>;
      },
    });
  }
}
