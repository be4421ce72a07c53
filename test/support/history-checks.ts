import { compactDateOf, decideCaseEvent, startCase, type CaseEventType, type CaseStatus } from '../../machines';
import type { Actor, Role } from '../../machines/roles';
import type { StateCode } from '../../machines/jurisdiction';
import { checkChain } from '../../src/audit/audit-chain';
import type { AuditEntry } from '../../src/audit/audit-entry.entity';
import { SupervisionCase } from '../../src/cases/case.entity';
import type { TestApp } from './test-app';

/** A case's accepted transitions (its allowed audit entries after the opening), in order. */
export function acceptedTransitions(entries: AuditEntry[], caseId: string): AuditEntry[] {
  return entries.filter((e) => e.caseId === caseId && e.entityType === 'case' && e.outcome === 'allowed' && e.action !== 'OPEN_CASE');
}

/**
 * Runs a case's accepted history through the lifecycle machine from the start, as its actors: each
 * step must be allowed, from the status the entry says, to the status it says. Returns the status
 * the history leads to.
 */
function replayStatus(c: Pick<SupervisionCase, 'sendingState' | 'receivingState'>, accepted: AuditEntry[]): CaseStatus {
  let { status, snapshot } = startCase({ sendingState: c.sendingState, receivingState: c.receivingState });
  for (const e of accepted) {
    const actor: Actor = { id: e.actorId!, username: e.actorUsername!, role: e.actorRole as Role, state: e.actorState as StateCode };
    const closureReason = /closure reason: (\w+)/.exec(e.reason ?? '')?.[1];
    const rejectionKind = /rejected as (\w+)/.exec(e.reason ?? '')?.[1];
    const instructionsKind = /instructions: (\w+)/.exec(e.reason ?? '')?.[1];
    const sentencingDate = /sentenced ([\d-]+)/.exec(e.reason ?? '')?.[1];
    // Replayed on the day it was sent, for the steps the rules judge by their date.
    const on = compactDateOf(e.occurredAt);
    const decision = decideCaseEvent(
      snapshot,
      {
        type: e.action as CaseEventType,
        reason: 'replayed',
        closureReason,
        rejectionKind,
        instructionsKind,
        sentencingDate,
        lastKnownAddress: 'replayed',
        lastKnownEmployment: 'replayed',
        on,
      },
      actor,
    );
    if (!decision.allowed) throw new Error(`entry ${e.seq} (${e.action} from ${status}) does not replay: ${decision.message}`);
    if (decision.from !== e.fromState || decision.to !== e.toState) {
      throw new Error(`entry ${e.seq} says ${e.fromState} -> ${e.toState}, the machine ${decision.from} -> ${decision.to}`);
    }
    status = decision.to;
    snapshot = decision.snapshot;
  }
  return status;
}

export interface ConsistencyReport {
  cases: number;
  accepted: number;
  entries: number;
}

/**
 * What must hold after any load, crash or not: the chain is one unbroken chain, and every case is
 * exactly its accepted history: its version counts its accepted transitions (no lost update, no
 * change without its entry, no entry without its change) and its status is their replay.
 */
export async function expectConsistent(t: TestApp, caseIds: string[]): Promise<ConsistencyReport> {
  const entries = await t.auditEntries();
  const chain = checkChain(entries);
  expect(chain).toMatchObject({ ok: true, checked: entries.length, headSeq: entries.length });
  const [head] = await t.query('SELECT last_seq FROM audit_chain_head WHERE id = 1');
  expect(Number(head.last_seq)).toBe(entries.length);
  let accepted = 0;
  for (const id of caseIds) {
    const c = await t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id });
    const mine = acceptedTransitions(entries, id);
    accepted += mine.length;
    expect({ id, version: c.version, status: c.status }).toEqual({ id, version: 1 + mine.length, status: replayStatus(c, mine) });
  }
  return { cases: caseIds.length, accepted, entries: entries.length };
}
