// The lifecycle table (README, "The lifecycle"), typed out again for the specs, so the rules are
// checked against the table rather than against themselves.
import type { CaseEventInput, CaseEventType, CaseStatus } from '../case-events';
import type { Role } from '../roles';
import { actorOf } from './case-actors';

const WORKERS: Role[] = ['field_officer', 'supervisor', 'compact_office'];

export interface TableRow {
  type: CaseEventType;
  from: CaseStatus[];
  to: CaseStatus;
  side: 'sending' | 'receiving';
  roles: Role[];
  fields: Omit<CaseEventInput, 'type'>;
}

export const TABLE: readonly TableRow[] = [
  { type: 'SUBMIT_TRANSFER_REQUEST', from: ['draft', 'rejected'], to: 'transfer_requested', side: 'sending', roles: WORKERS, fields: {} },
  { type: 'ACCEPT_TRANSFER', from: ['transfer_requested'], to: 'accepted', side: 'receiving', roles: ['compact_office'], fields: {} },
  {
    type: 'REJECT_TRANSFER',
    from: ['transfer_requested'],
    to: 'rejected',
    side: 'receiving',
    roles: ['compact_office'],
    fields: { reason: 'No residence plan.' },
  },
  {
    type: 'WITHDRAW',
    from: ['draft', 'transfer_requested', 'rejected', 'accepted', 'departed'],
    to: 'withdrawn',
    side: 'sending',
    roles: WORKERS,
    fields: { reason: 'Stays home.' },
  },
  { type: 'NOTICE_OF_DEPARTURE', from: ['accepted'], to: 'departed', side: 'sending', roles: WORKERS, fields: {} },
  { type: 'NOTICE_OF_ARRIVAL', from: ['departed'], to: 'active', side: 'receiving', roles: WORKERS, fields: {} },
  { type: 'SUBMIT_CLOSURE_NOTICE', from: ['active'], to: 'closure_pending', side: 'receiving', roles: WORKERS, fields: { closureReason: 'deceased' } },
  { type: 'CONFIRM_CLOSURE', from: ['closure_pending'], to: 'closed', side: 'sending', roles: WORKERS, fields: {} },
  { type: 'REJECT_CLOSURE', from: ['closure_pending'], to: 'active', side: 'sending', roles: WORKERS, fields: { reason: 'Still on probation.' } },
  { type: 'REOPEN', from: ['closed'], to: 'active', side: 'receiving', roles: ['compact_office'], fields: { reason: 'New conviction.' } },
];

export const rowOf = (type: CaseEventType): TableRow => TABLE.find((r) => r.type === type)!;
export const eventOf = (type: CaseEventType): CaseEventInput => ({ type, ...rowOf(type).fields });
export const lawfulSender = (type: CaseEventType) => actorOf(rowOf(type).roles[0], rowOf(type).side);
