// The supervision activities as the issue describes them, typed out again for the specs, so the
// rule tables (machines/activities) are checked against this table rather than against themselves.
// Nothing here is read from SUPERVISION_ACTIVITY_RULES.
import { CASE_STATUSES, type CaseStatus } from '../case-events';
import type { PersistedSnapshot } from '../snapshot-json';
import type { Role } from '../roles';
import { decideActivityEvent, endActivityWithCase, startActivity } from '../activities/supervision-activities';
import { FACTS, ON, actorOf } from './case-actors';

export type Kind = 'progress_report' | 'violation_report' | 'warrant' | 'return_request' | 'action_request';
export type StartedBy = 'sending' | 'receiving';
/** Who sends: one side of the case, either, or the side the activity was sent to (not the one it came from). */
export type TableSide = StartedBy | 'either' | 'addressee';
type Fields = Readonly<Record<string, string>>;

const WORKERS: readonly Role[] = ['field_officer', 'supervisor', 'compact_office'];
const OFFICE: readonly Role[] = ['compact_office'];

/** The day every step of the specs is sent on, and an earlier one for the dates the steps give. */
export const TODAY = ON;
export const TOMORROW = '2026-12-04';
const EARLIER = '2026-11-20';

export interface KindRow {
  kind: Kind;
  statuses: readonly string[];
  finals: readonly string[];
  /** The case statuses it may start in. */
  startsOn: readonly CaseStatus[];
  /** Where it goes when its case closes or is withdrawn; null when it outlives its case. */
  endsWithCase: string | null;
}

export interface StartRow {
  kind: Kind;
  step: string;
  side: 'sending' | 'receiving' | 'either';
  roles: readonly Role[];
  to: string;
  /** The required fields, each with a value it may take. */
  requires: Fields;
  /** The optional ones. */
  offers: Fields;
}

export interface EventRow {
  kind: Kind;
  type: string;
  from: readonly string[];
  to: string;
  side: TableSide;
  roles: readonly Role[];
  requires: Fields;
  offers: Fields;
}

export const KINDS: readonly KindRow[] = [
  {
    kind: 'progress_report',
    statuses: ['requested', 'submitted', 'cancelled'],
    finals: ['submitted', 'cancelled'],
    startsOn: ['active'],
    endsWithCase: 'cancelled',
  },
  {
    kind: 'violation_report',
    statuses: ['reported', 'responded', 'cancelled'],
    finals: ['responded', 'cancelled'],
    startsOn: ['active'],
    endsWithCase: 'cancelled',
  },
  {
    kind: 'warrant',
    statuses: ['issued', 'in_custody', 'retaken', 'withdrawn', 'cancelled'],
    finals: ['retaken', 'withdrawn', 'cancelled'],
    startsOn: ['active'],
    endsWithCase: 'cancelled',
  },
  {
    kind: 'return_request',
    statuses: ['requested', 'granted', 'denied', 'cancelled'],
    finals: ['granted', 'denied', 'cancelled'],
    startsOn: ['active'],
    endsWithCase: 'cancelled',
  },
  {
    kind: 'action_request',
    statuses: ['open', 'answered', 'closed'],
    finals: ['closed'],
    // Once the receiving state has the case (it was transmitted), closed and withdrawn included; not while it is drafted or reviewed.
    startsOn: CASE_STATUSES.filter((s) => s !== 'draft' && s !== 'compact_office_review'),
    endsWithCase: null,
  },
];

export const STARTS: readonly StartRow[] = [
  { kind: 'progress_report', step: 'REQUEST', side: 'sending', roles: WORKERS, to: 'requested', requires: {}, offers: { message: 'Due by the 30th.' } },
  {
    kind: 'progress_report',
    step: 'REPORT',
    side: 'receiving',
    roles: WORKERS,
    to: 'submitted',
    requires: { summary: 'Reports weekly.', complianceStatus: 'compliant' },
    offers: {},
  },
  {
    kind: 'violation_report',
    step: 'REPORT',
    side: 'receiving',
    roles: WORKERS,
    to: 'reported',
    requires: { violationKind: 'absconding', discoveredOn: EARLIER, description: 'Missed three visits; not at home.' },
    offers: {},
  },
  {
    kind: 'warrant',
    step: 'ISSUE',
    side: 'sending',
    roles: WORKERS,
    to: 'issued',
    requires: { issuedOn: EARLIER, reason: 'Absconded.' },
    offers: { violationReportId: 'vr-3' },
  },
  { kind: 'return_request', step: 'REQUEST', side: 'receiving', roles: WORKERS, to: 'requested', requires: {}, offers: { reason: 'Mother is ill.' } },
  {
    kind: 'action_request',
    step: 'SEND',
    side: 'either',
    roles: WORKERS,
    to: 'open',
    requires: { subject: 'New address', message: 'Please confirm the new address.' },
    offers: {},
  },
];

export const EVENTS: readonly EventRow[] = [
  {
    kind: 'progress_report',
    type: 'SUBMIT_REPORT',
    from: ['requested'],
    to: 'submitted',
    side: 'receiving',
    roles: WORKERS,
    requires: { summary: 'Works; pays fines.', complianceStatus: 'non_compliant' },
    offers: {},
  },
  {
    kind: 'violation_report',
    type: 'RESPOND',
    from: ['reported'],
    to: 'responded',
    side: 'sending',
    roles: WORKERS,
    requires: { response: 'warrant_issued' },
    offers: { text: 'Warrant to follow.' },
  },
  {
    kind: 'warrant',
    type: 'REPORT_CUSTODY',
    from: ['issued'],
    to: 'in_custody',
    side: 'receiving',
    roles: WORKERS,
    requires: { custodySince: EARLIER },
    offers: {},
  },
  { kind: 'warrant', type: 'RETAKE', from: ['in_custody'], to: 'retaken', side: 'sending', roles: WORKERS, requires: {}, offers: {} },
  {
    kind: 'warrant',
    type: 'WITHDRAW_WARRANT',
    from: ['issued', 'in_custody'],
    to: 'withdrawn',
    side: 'sending',
    roles: WORKERS,
    requires: { reason: 'Charges dropped.' },
    offers: {},
  },
  { kind: 'return_request', type: 'GRANT', from: ['requested'], to: 'granted', side: 'sending', roles: OFFICE, requires: {}, offers: {} },
  { kind: 'return_request', type: 'DENY', from: ['requested'], to: 'denied', side: 'sending', roles: OFFICE, requires: { reason: 'No plan.' }, offers: {} },
  {
    kind: 'action_request',
    type: 'REPLY',
    from: ['open', 'answered'],
    to: 'answered',
    side: 'addressee',
    roles: WORKERS,
    requires: { message: 'Confirmed.' },
    offers: {},
  },
  {
    kind: 'action_request',
    type: 'CLOSE',
    from: ['open', 'answered'],
    to: 'closed',
    side: 'either',
    roles: WORKERS,
    requires: {},
    offers: { message: 'Thanks.' },
  },
];

/** A bad value of each field that is a choice or a date. */
export const INVALID: Readonly<Record<string, readonly string[]>> = {
  complianceStatus: ['sometimes', 'COMPLIANT'],
  violationKind: ['speeding'],
  response: ['ignore'],
  discoveredOn: [TOMORROW, 'last week', '2026-02-30'],
  issuedOn: [TOMORROW, '12/01/2026'],
  custodySince: [TOMORROW, '2026-13-01'],
};

export const kindRow = (kind: Kind): KindRow => KINDS.find((k) => k.kind === kind)!;
export const eventsOf = (kind: Kind): EventRow[] => EVENTS.filter((e) => e.kind === kind);
export const startsOf = (kind: Kind): StartRow[] => STARTS.filter((s) => s.kind === kind);
export const eventRow = (kind: Kind, type: string): EventRow => EVENTS.find((e) => e.kind === kind && e.type === type)!;

/** The side of the case a row's senders speak for, for an activity started by `startedBy`. */
function sideFor(side: TableSide, startedBy: StartedBy): StartedBy | 'either' {
  if (side === 'addressee') return startedBy === 'sending' ? 'receiving' : 'sending';
  return side;
}

/** Whether the table lets an actor of this role and state send a row's step. */
export function tableAllows(
  row: { side: TableSide; roles: readonly Role[] },
  role: Role,
  where: 'sending' | 'receiving' | 'third',
  startedBy: StartedBy,
): boolean {
  if (where === 'third' || !row.roles.includes(role)) return false;
  const side = sideFor(row.side, startedBy);
  return side === 'either' || side === where;
}

/** The step that ends an activity with its case, in a route. */
const WITH_CASE = 'ENDS_WITH_CASE';

export interface Route {
  kind: Kind;
  status: string;
  startedBy: StartedBy;
  /** The start's step, then the events; WITH_CASE when the case closes under it. */
  steps: readonly string[];
}

/** The usual way an activity reaches each status. */
export const ROUTES: readonly Route[] = [
  { kind: 'progress_report', status: 'requested', startedBy: 'sending', steps: ['REQUEST'] },
  { kind: 'progress_report', status: 'submitted', startedBy: 'sending', steps: ['REQUEST', 'SUBMIT_REPORT'] },
  { kind: 'progress_report', status: 'submitted', startedBy: 'receiving', steps: ['REPORT'] },
  { kind: 'progress_report', status: 'cancelled', startedBy: 'sending', steps: ['REQUEST', WITH_CASE] },
  { kind: 'violation_report', status: 'reported', startedBy: 'receiving', steps: ['REPORT'] },
  { kind: 'violation_report', status: 'responded', startedBy: 'receiving', steps: ['REPORT', 'RESPOND'] },
  { kind: 'violation_report', status: 'cancelled', startedBy: 'receiving', steps: ['REPORT', WITH_CASE] },
  { kind: 'warrant', status: 'issued', startedBy: 'sending', steps: ['ISSUE'] },
  { kind: 'warrant', status: 'in_custody', startedBy: 'sending', steps: ['ISSUE', 'REPORT_CUSTODY'] },
  { kind: 'warrant', status: 'retaken', startedBy: 'sending', steps: ['ISSUE', 'REPORT_CUSTODY', 'RETAKE'] },
  { kind: 'warrant', status: 'withdrawn', startedBy: 'sending', steps: ['ISSUE', 'WITHDRAW_WARRANT'] },
  { kind: 'warrant', status: 'cancelled', startedBy: 'sending', steps: ['ISSUE', 'REPORT_CUSTODY', WITH_CASE] },
  { kind: 'return_request', status: 'requested', startedBy: 'receiving', steps: ['REQUEST'] },
  { kind: 'return_request', status: 'granted', startedBy: 'receiving', steps: ['REQUEST', 'GRANT'] },
  { kind: 'return_request', status: 'denied', startedBy: 'receiving', steps: ['REQUEST', 'DENY'] },
  { kind: 'return_request', status: 'cancelled', startedBy: 'receiving', steps: ['REQUEST', WITH_CASE] },
  ...(['sending', 'receiving'] as const).flatMap((startedBy): Route[] => [
    { kind: 'action_request', status: 'open', startedBy, steps: ['SEND'] },
    { kind: 'action_request', status: 'answered', startedBy, steps: ['SEND', 'REPLY'] },
    { kind: 'action_request', status: 'closed', startedBy, steps: ['SEND', 'REPLY', 'CLOSE'] },
  ]),
];

/** The case the specs' activities belong to, in a status. */
/** A case of this status, sent to the receiving state unless `sent` says otherwise (a draft, or one in review, never is). */
export const caseFor = (status: CaseStatus, sent = status !== 'draft' && status !== 'compact_office_review') => ({
  caseId: 'case-7',
  status,
  transmittedAt: sent ? new Date('2026-11-02T15:00:00Z') : null,
  ...FACTS,
});

/** A case worker who may send a row's step (its first role), on the side it is for. */
export function lawfulActor(row: { side: TableSide; roles: readonly Role[] }, startedBy: StartedBy) {
  const side = sideFor(row.side, startedBy);
  return actorOf(row.roles[0], side === 'either' ? startedBy : side);
}

/** A stored activity that followed a route, through the public API itself. */
export function activityIn(route: Route): PersistedSnapshot {
  const [first, ...rest] = route.steps;
  const start = startsOf(route.kind).find((s) => s.step === first && (s.side === 'either' || s.side === route.startedBy))!;
  const opening = startActivity(route.kind, caseFor('active'), { ...start.requires, ...start.offers }, actorOf(start.roles[0], route.startedBy), TODAY);
  if (!opening.allowed) throw new Error(`Route to ${route.status} broke at ${first}: ${opening.message}`);
  let stored = opening.snapshot;
  for (const step of rest) {
    if (step === WITH_CASE) {
      stored = endActivityWithCase(stored, actorOf('compact_office', 'receiving'), TODAY)!.snapshot;
      continue;
    }
    const row = eventRow(route.kind, step);
    const decision = decideActivityEvent(stored, step, { ...row.requires, ...row.offers }, lawfulActor(row, route.startedBy), TODAY);
    if (!decision.allowed) throw new Error(`Route to ${route.status} broke at ${step}: ${decision.message}`);
    stored = decision.snapshot;
  }
  return stored;
}
