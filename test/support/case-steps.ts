import type { CaseEventFields, CaseEventType, ClosureReason } from '../../machines';

/** One event of a case's life: who sends it, which, and its fields. */
export type CaseStep = [username: string, type: CaseEventType, extra?: Omit<CaseEventFields, 'on'>];

/** Where a closure notice says the person was last known to live and work (rule 4.112). */
export const LAST_KNOWN = { lastKnownAddress: '2210 Elm St, Austin, TX 78702', lastKnownEmployment: 'Warehouse associate' } as const;

/** An Ohio officer's transfer request, transmitted by the Ohio compact office: the case is then transfer_requested. */
export const TO_REQUESTED: CaseStep[] = [
  ['oh.field_officer', 'SUBMIT_TRANSFER_REQUEST'],
  ['oh.compact_office', 'TRANSMIT'],
];

/** An Ohio-to-Texas case from draft to active, each step by the usual people of the side that sends it. */
export const TO_ACTIVE: CaseStep[] = [
  ...TO_REQUESTED,
  ['tx.compact_office', 'ACCEPT_TRANSFER'],
  ['oh.field_officer', 'NOTICE_OF_DEPARTURE'],
  ['tx.field_officer', 'NOTICE_OF_ARRIVAL'],
];

/** An Ohio-to-Texas case from draft to closed, each step by the usual people of the side that sends it. */
export function stepsToClosed(closureReason: ClosureReason = 'absconded'): CaseStep[] {
  return [...TO_ACTIVE, ['tx.field_officer', 'SUBMIT_CLOSURE_NOTICE', { closureReason, ...LAST_KNOWN }], ['oh.supervisor', 'CONFIRM_CLOSURE']];
}
