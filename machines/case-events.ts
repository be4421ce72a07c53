import { isGivenReason } from './wording';
import type { Actor } from './roles';
import type { StateCode } from './jurisdiction';
import { addCalendarDays, calendarDaysBetween, isCompactDate, type CompactDate } from './calendar';

export const CASE_STATUSES = ['draft', 'transfer_requested', 'rejected', 'accepted', 'departed', 'active', 'closure_pending', 'closed', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The activities of the compact, in the order a case usually meets them. */
export const CASE_EVENT_TYPES = [
  'SUBMIT_TRANSFER_REQUEST',
  'ACCEPT_TRANSFER',
  'REJECT_TRANSFER',
  'WITHDRAW',
  'NOTICE_OF_DEPARTURE',
  'NOTICE_OF_ARRIVAL',
  'SUBMIT_CLOSURE_NOTICE',
  'CONFIRM_CLOSURE',
  'REJECT_CLOSURE',
  'REOPEN',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** Rule 4.112(a): the grounds on which the receiving state may close supervision. */
export const CLOSURE_REASONS = ['discharged', 'absconded', 'incarcerated', 'deceased', 'returned_to_sending_state', 'subsequent_state_transfer'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/**
 * Grounds the rules added later, and the Eastern date from which a closure notice may give them:
 * ground (6), departure on a subsequent-state transfer, from the amendments in force on 2026-04-01.
 */
export const CLOSURE_GROUNDS_FROM: Readonly<Partial<Record<ClosureReason, CompactDate>>> = { subsequent_state_transfer: '2026-04-01' };

/** Whether a ground may be given on a closure notice sent on `on` (Eastern); a step of no known date gives only the grounds of old. */
function isClosureGroundInForce(reason: ClosureReason, on: CompactDate | undefined): boolean {
  const from = CLOSURE_GROUNDS_FROM[reason];
  return from === undefined || (on !== undefined && on >= from);
}

/** A field an event may have to carry. */
export type CaseEventField = 'reason' | 'closureReason';

/**
 * The fields each event must carry: refusing, undoing or reopening must say why, for the other state
 * and for the audit history; a closure notice gives its reason of rule 4.112. The machine's guards
 * and the words of the refusals both read this one table.
 */
export const CASE_EVENT_FIELDS: Readonly<Record<CaseEventType, readonly CaseEventField[]>> = {
  SUBMIT_TRANSFER_REQUEST: [],
  ACCEPT_TRANSFER: [],
  REJECT_TRANSFER: ['reason'],
  WITHDRAW: ['reason'],
  NOTICE_OF_DEPARTURE: [],
  NOTICE_OF_ARRIVAL: [],
  SUBMIT_CLOSURE_NOTICE: ['closureReason'],
  CONFIRM_CLOSURE: [],
  REJECT_CLOSURE: ['reason'],
  REOPEN: ['reason'],
};

export const EVENTS_REQUIRING_REASON: readonly CaseEventType[] = CASE_EVENT_TYPES.filter((type) => CASE_EVENT_FIELDS[type].includes('reason'));

/** Whether the event carries `field` as the rules need it: a reason not blank, a closure reason of rule 4.112 in force the day it is sent. */
export function isFieldGiven(field: CaseEventField, event: Pick<CaseEventInput, CaseEventField | 'on'>): boolean {
  if (field === 'reason') return isGivenReason(event.reason);
  return isClosureReason(event.closureReason) && isClosureGroundInForce(event.closureReason, event.on);
}

/** The two states of a case: whose supervision it was, and who takes it on. */
export interface CaseFacts {
  sendingState: StateCode;
  receivingState: StateCode;
}

/** An event as it comes from a request, before the rules have looked at it. */
export interface CaseEventInput {
  type: CaseEventType;
  reason?: string | null;
  closureReason?: string | null;
  /** A transfer request sent before release: the date the person is to be released (rule 3.105). */
  plannedReleaseDate?: string | null;
  /** The Eastern date the step is sent: the rules in force that day judge it. */
  on?: CompactDate;
}

/** An event as the machine sees it: always with the person who sent it. */
export type CaseMachineEvent = {
  [K in CaseEventType]: {
    type: K;
    actor: Actor;
    reason?: string | null;
    closureReason?: string | null;
    plannedReleaseDate?: string | null;
    on?: CompactDate;
  };
}[CaseEventType];

export function isCaseEventType(value: unknown): value is CaseEventType {
  return typeof value === 'string' && (CASE_EVENT_TYPES as readonly string[]).includes(value);
}

export function isClosureReason(value: unknown): value is ClosureReason {
  return typeof value === 'string' && (CLOSURE_REASONS as readonly string[]).includes(value);
}

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

/** Rule 3.105: a transfer request before release goes no more than 120 calendar days before the planned release. */
const PRE_RELEASE_DAYS = 120;

/**
 * What is wrong with the planned release date a transfer request gives, judged on the Eastern date it
 * is sent; null when nothing is, or when it gives none (a person already released).
 */
export function plannedReleaseProblem(event: Pick<CaseEventInput, 'plannedReleaseDate' | 'on'>): string | null {
  const date = event.plannedReleaseDate;
  if (date == null || date === '') return null;
  if (!isCompactDate(date)) return `plannedReleaseDate must be a date such as 2027-03-01; it is ${JSON.stringify(date)}.`;
  if (!event.on) return 'A planned release date is judged by the date the transfer request is sent, and this step has none.';
  if (date < event.on) return `The planned release date ${date} has passed (today is ${event.on}): leave it out for a person already released.`;
  if (date > addCalendarDays(event.on, PRE_RELEASE_DAYS)) {
    return (
      `Rule 3.105: a transfer request before release may be sent no more than ${PRE_RELEASE_DAYS} days before the planned release; ` +
      `${date} is ${calendarDaysBetween(event.on, date)} days away, so it may be sent from ${addCalendarDays(date, -PRE_RELEASE_DAYS)}.`
    );
  }
  return null;
}
