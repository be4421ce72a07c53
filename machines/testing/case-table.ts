// The lifecycle table (README, "The lifecycle"), typed out again for the specs, so the rules are
// checked against the table rather than against themselves.
import { CASE_STATUSES, type CaseEventInput, type CaseEventType, type CaseStatus } from '../case-events';
import type { Role } from '../roles';
import { actorOf, LATER } from './case-actors';

const WORKERS: Role[] = ['field_officer', 'supervisor', 'compact_office'];
const AUTHORS: Role[] = ['field_officer', 'supervisor'];
const OFFICE: Role[] = ['compact_office'];

/** Where a reviewed submission goes: on to the other state, or back to the status it was submitted from. */
type ReviewOutcome = 'onward' | 'back';

export interface TableRow {
  type: CaseEventType;
  from: CaseStatus[];
  to: CaseStatus | ReviewOutcome;
  side: 'sending' | 'receiving';
  roles: Role[];
  fields: Omit<CaseEventInput, 'type'>;
}

const SUBMITTED_FROM: CaseStatus[] = ['draft', 'rejected', 'reporting_instructions_granted', 'acceptance_withdrawn'];
const BEFORE_ARRIVAL: CaseStatus[] = CASE_STATUSES.filter((s) => !['active', 'closure_pending', 'closed', 'withdrawn'].includes(s));
const EXPEDITED = { instructionsKind: 'expedited' };

export const TABLE: readonly TableRow[] = [
  { type: 'REQUEST_REPORTING_INSTRUCTIONS', from: ['draft'], to: 'compact_office_review', side: 'sending', roles: AUTHORS, fields: EXPEDITED },
  { type: 'REQUEST_REPORTING_INSTRUCTIONS', from: ['draft'], to: 'reporting_instructions_requested', side: 'sending', roles: OFFICE, fields: EXPEDITED },
  { type: 'SUBMIT_TRANSFER_REQUEST', from: SUBMITTED_FROM, to: 'compact_office_review', side: 'sending', roles: AUTHORS, fields: {} },
  { type: 'SUBMIT_TRANSFER_REQUEST', from: SUBMITTED_FROM, to: 'transfer_requested', side: 'sending', roles: OFFICE, fields: {} },
  { type: 'TRANSMIT', from: ['compact_office_review'], to: 'onward', side: 'sending', roles: OFFICE, fields: {} },
  { type: 'SEND_BACK', from: ['compact_office_review'], to: 'back', side: 'sending', roles: OFFICE, fields: { reason: 'Residence plan missing.' } },
  {
    type: 'GRANT_REPORTING_INSTRUCTIONS',
    from: ['reporting_instructions_requested'],
    to: 'reporting_instructions_granted',
    side: 'receiving',
    roles: OFFICE,
    fields: {},
  },
  {
    type: 'DENY_REPORTING_INSTRUCTIONS',
    from: ['reporting_instructions_requested'],
    to: 'reporting_instructions_denied',
    side: 'receiving',
    roles: OFFICE,
    fields: { reason: 'No residence in Texas.' },
  },
  { type: 'ACCEPT_TRANSFER', from: ['transfer_requested'], to: 'accepted', side: 'receiving', roles: OFFICE, fields: {} },
  {
    type: 'REJECT_TRANSFER',
    from: ['transfer_requested'],
    to: 'rejected',
    side: 'receiving',
    roles: OFFICE,
    fields: { reason: 'No residence plan.', rejectionKind: 'incomplete' },
  },
  { type: 'WITHDRAW', from: BEFORE_ARRIVAL, to: 'withdrawn', side: 'sending', roles: WORKERS, fields: { reason: 'Stays home.' } },
  { type: 'NOTICE_OF_DEPARTURE', from: ['accepted'], to: 'departed', side: 'sending', roles: WORKERS, fields: {} },
  { type: 'NOTICE_OF_ARRIVAL', from: ['departed', 'failed_to_arrive'], to: 'active', side: 'receiving', roles: WORKERS, fields: {} },
  { type: 'NOTICE_OF_FAILURE_TO_ARRIVE', from: ['departed'], to: 'failed_to_arrive', side: 'receiving', roles: WORKERS, fields: { on: LATER } },
  {
    type: 'WITHDRAW_ACCEPTANCE',
    from: ['accepted', 'departed'],
    to: 'acceptance_withdrawn',
    side: 'receiving',
    roles: OFFICE,
    fields: { reason: 'Never arrived.', on: LATER },
  },
  {
    type: 'SUBMIT_CLOSURE_NOTICE',
    from: ['active'],
    to: 'closure_pending',
    side: 'receiving',
    roles: WORKERS,
    fields: { closureReason: 'deceased', lastKnownAddress: '12 Elm St, Austin', lastKnownEmployment: 'None' },
  },
  { type: 'CONFIRM_CLOSURE', from: ['closure_pending'], to: 'closed', side: 'sending', roles: WORKERS, fields: {} },
  { type: 'REJECT_CLOSURE', from: ['closure_pending'], to: 'active', side: 'sending', roles: WORKERS, fields: { reason: 'Still on probation.' } },
  // The engine gives retakenOn once a warrant of the case was retaken (a supervision activity); without it, refused.
  { type: 'CLOSE_AFTER_RETAKING', from: ['active'], to: 'closed', side: 'sending', roles: WORKERS, fields: { retakenOn: '2026-11-20' } },
  { type: 'REOPEN', from: ['closed'], to: 'active', side: 'receiving', roles: OFFICE, fields: { reason: 'New conviction.' } },
];

/** The rows of an event: one, or one per group of senders where who sends it decides where it goes. */
const rowsOf = (type: CaseEventType): TableRow[] => TABLE.filter((r) => r.type === type);
export const rowOf = (type: CaseEventType): TableRow => rowsOf(type)[0];
/** Every role the table lets send the event. */
export const rolesOf = (type: CaseEventType): Role[] => rowsOf(type).flatMap((r) => r.roles);
export const eventOf = (type: CaseEventType): CaseEventInput => ({ type, ...rowOf(type).fields });
export const lawfulSender = (type: CaseEventType) => actorOf(rowOf(type).roles[0], rowOf(type).side);
/** Where a row leads for a case that reached `from` by its usual route (caseIn): a review of a transfer request submitted from draft. */
export const targetOf = (row: TableRow): CaseStatus => (row.to === 'onward' ? 'transfer_requested' : row.to === 'back' ? 'draft' : row.to);
