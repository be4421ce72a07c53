import type { Actor, CaseStatus } from '../../machines';
import type { CasesService } from '../cases/cases.service';
import type { CaseView } from '../cases/dto/case.view';

const HOUR = 3_600_000;

/** A case in a queue: the case, what waits in it, and for the other state's part, the time its reply has left. */
export interface QueueCase {
  case: CaseView;
  what: string;
  timeLeft?: string;
}

/** The receiving state's open time limit on the case that falls due first, if any runs. */
export function replyDue(c: CaseView): Date | null {
  const dues = c.deadlines.filter((d) => d.status === 'open' && d.responsibleState === c.receivingState).map((d) => new Date(d.dueAt).getTime());
  return dues.length > 0 ? new Date(Math.min(...dues)) : null;
}

/** "31 h left", or "overdue by 5 h": in whole hours. */
export function hoursLeft(due: Date | null, now: Date): string {
  if (!due) return 'no time limit running';
  const ms = due.getTime() - now.getTime();
  return ms >= 0 ? `${Math.floor(ms / HOUR)} h left` : `overdue by ${Math.floor(-ms / HOUR)} h`;
}

/** Every case of the actor's state in `status` on `side`: a queue shows them all, in an order of its own. */
export async function allCases(cases: CasesService, status: CaseStatus, side: 'sending' | 'receiving', actor: Actor): Promise<CaseView[]> {
  const all: CaseView[] = [];
  let cursor: string | undefined;
  do {
    const page = await cases.list({ status, side, cursor, limit: 100 }, actor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
}
