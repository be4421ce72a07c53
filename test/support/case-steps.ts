import type { CaseEventType, ClosureReason } from '../../machines';

/** One event of a case's life: who sends it, which, and its fields. */
export type CaseStep = [username: string, type: CaseEventType, extra?: { reason?: string; closureReason?: ClosureReason }];

/** An Ohio-to-Texas case from draft to closed, each step by the usual people of the side that sends it. */
export function stepsToClosed(closureReason: ClosureReason = 'absconded'): CaseStep[] {
  return [
    ['oh.field_officer', 'SUBMIT_TRANSFER_REQUEST'],
    ['tx.compact_office', 'ACCEPT_TRANSFER'],
    ['oh.field_officer', 'NOTICE_OF_DEPARTURE'],
    ['tx.field_officer', 'NOTICE_OF_ARRIVAL'],
    ['tx.field_officer', 'SUBMIT_CLOSURE_NOTICE', { closureReason }],
    ['oh.supervisor', 'CONFIRM_CLOSURE'],
  ];
}
