import type { Actor, CaseStatus } from '../../machines';
import type { CaseSort } from '../cases/case-cursor';
import type { CasesService } from '../cases/cases.service';
import type { CaseView } from '../cases/dto/case.view';
import { SUBMISSIONS } from './submissions';

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

/** The cases a part of a queue shows at most; the rest are a page of the case list away. */
export const QUEUE_LINES = 50;

/** The first cases of a part of a queue, and where the whole of it is when there are more. */
export interface QueuePart {
  cases: CaseView[];
  /** The console's case list of them all, in the same order; null when `cases` are all of them. */
  allHref: string | null;
}

/**
 * The first QUEUE_LINES cases of the actor's state in `status` on `side`, in the order `sort`: a
 * page of the case list, which walks its index however many cases wait.
 */
async function queuePart(cases: CasesService, status: CaseStatus, side: 'sending' | 'receiving', sort: CaseSort, actor: Actor): Promise<QueuePart> {
  const page = await cases.list({ status, side, sort, limit: QUEUE_LINES }, actor);
  return { cases: page.items, allHref: page.nextCursor ? `/console/cases?${new URLSearchParams({ status, side, sort }).toString()}` : null };
}

/**
 * What waits for a compact office, as its queue and My work show it: its officers' submissions to
 * review, the longest waiting first (sort=waiting), and the requests other states sent it, the
 * soonest due first.
 */
export async function officeQueue(cases: CasesService, actor: Actor): Promise<Record<'review' | 'instructions' | 'transfers', QueuePart>> {
  const [review, instructions, transfers] = await Promise.all([
    queuePart(cases, 'compact_office_review', 'sending', 'waiting', actor),
    queuePart(cases, 'reporting_instructions_requested', 'receiving', 'due', actor),
    queuePart(cases, 'transfer_requested', 'receiving', 'due', actor),
  ]);
  return { review, instructions, transfers };
}

/** A submission to review, with what waits in it. */
export function toReview(c: CaseView): QueueCase {
  return { case: c, what: c.awaitingTransmission ? SUBMISSIONS[c.awaitingTransmission] : 'submission' };
}
