import { isGivenReason } from './wording';
import type { Actor } from './roles';
import type { StateCode } from './jurisdiction';
import { addCalendarDays, calendarDaysBetween, isCompactDate, type CompactDate } from './calendar';

export const CASE_STATUSES = [
  'draft',
  'compact_office_review',
  'reporting_instructions_requested',
  'reporting_instructions_granted',
  'reporting_instructions_denied',
  'transfer_requested',
  'rejected',
  'accepted',
  'acceptance_withdrawn',
  'departed',
  'failed_to_arrive',
  'active',
  'closure_pending',
  'closed',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The activities of the compact, in the order a case usually meets them. */
export const CASE_EVENT_TYPES = [
  'REQUEST_REPORTING_INSTRUCTIONS',
  'SUBMIT_TRANSFER_REQUEST',
  'TRANSMIT',
  'SEND_BACK',
  'GRANT_REPORTING_INSTRUCTIONS',
  'DENY_REPORTING_INSTRUCTIONS',
  'ACCEPT_TRANSFER',
  'REJECT_TRANSFER',
  'WITHDRAW',
  'NOTICE_OF_DEPARTURE',
  'NOTICE_OF_ARRIVAL',
  'NOTICE_OF_FAILURE_TO_ARRIVE',
  'WITHDRAW_ACCEPTANCE',
  'SUBMIT_CLOSURE_NOTICE',
  'CONFIRM_CLOSURE',
  'REJECT_CLOSURE',
  'CLOSE_AFTER_RETAKING',
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

/** Rule 3.104(b): a transfer request is rejected as incomplete, with its gaps, or denied on its merits. */
export const REJECTION_KINDS = ['incomplete', 'denied'] as const;
export type RejectionKind = (typeof REJECTION_KINDS)[number];

/**
 * The reporting instructions a sending state may ask for before the transfer is decided: for a
 * person who lived in the receiving state when sentenced (rule 3.103), or in an emergency both
 * states agree on (rule 3.103-2, formerly 3.106).
 */
export const INSTRUCTIONS_KINDS = ['living_in_receiving_state', 'expedited'] as const;
export type InstructionsKind = (typeof INSTRUCTIONS_KINDS)[number];

/** A field an event may have to carry. */
export type CaseEventField = 'reason' | 'closureReason' | 'rejectionKind' | 'instructionsKind' | 'sentencingDate' | 'lastKnownAddress' | 'lastKnownEmployment';

/**
 * The fields each event must carry: refusing, sending back, undoing or reopening must say why, for
 * the other state and for the audit history; a closure notice gives its ground of rule 4.112 and the
 * last known address and employment; a rejection says whether the request was incomplete or denied;
 * a request for reporting instructions says which kind, and a 3.103 request the sentencing date its
 * limit counts from. The machine's guards and the words of the refusals both read this one table.
 */
export const CASE_EVENT_FIELDS: Readonly<Record<CaseEventType, readonly CaseEventField[]>> = {
  REQUEST_REPORTING_INSTRUCTIONS: ['instructionsKind', 'sentencingDate'],
  SUBMIT_TRANSFER_REQUEST: [],
  TRANSMIT: [],
  SEND_BACK: ['reason'],
  GRANT_REPORTING_INSTRUCTIONS: [],
  DENY_REPORTING_INSTRUCTIONS: ['reason'],
  ACCEPT_TRANSFER: [],
  REJECT_TRANSFER: ['reason', 'rejectionKind'],
  WITHDRAW: ['reason'],
  NOTICE_OF_DEPARTURE: [],
  NOTICE_OF_ARRIVAL: [],
  NOTICE_OF_FAILURE_TO_ARRIVE: [],
  WITHDRAW_ACCEPTANCE: ['reason'],
  SUBMIT_CLOSURE_NOTICE: ['closureReason', 'lastKnownAddress', 'lastKnownEmployment'],
  CONFIRM_CLOSURE: [],
  REJECT_CLOSURE: ['reason'],
  CLOSE_AFTER_RETAKING: [],
  REOPEN: ['reason'],
};

export const EVENTS_REQUIRING_REASON: readonly CaseEventType[] = CASE_EVENT_TYPES.filter((type) => CASE_EVENT_FIELDS[type].includes('reason'));

/**
 * Whether the event carries `field` as the rules need it: a reason, address or employment not
 * blank; a closure reason of rule 4.112 in force the day it is sent; a rejection or instructions
 * kind of the rules; a sentencing date, for a 3.103 request only, that is a date not after the day
 * the request is sent.
 */
export function isFieldGiven(field: CaseEventField, event: Pick<CaseEventInput, CaseEventField | 'on'>): boolean {
  switch (field) {
    case 'reason':
    case 'lastKnownAddress':
    case 'lastKnownEmployment':
      return isGivenReason(event[field]);
    case 'closureReason':
      return isClosureReason(event.closureReason) && isClosureGroundInForce(event.closureReason, event.on);
    case 'rejectionKind':
      return isRejectionKind(event.rejectionKind);
    case 'instructionsKind':
      return isInstructionsKind(event.instructionsKind);
    case 'sentencingDate':
      return event.instructionsKind !== 'living_in_receiving_state' || sentencingDateProblem(event) === null;
  }
}

/** What is wrong with the sentencing date a 3.103 request gives; null when nothing is. */
export function sentencingDateProblem(event: Pick<CaseEventInput, 'sentencingDate' | 'on'>): string | null {
  const date = event.sentencingDate;
  if (date == null || date === '') return 'A request under rule 3.103 gives "sentencingDate", the date its 10 business days count from.';
  if (!isCompactDate(date)) return `sentencingDate must be a date such as 2026-11-20; it is ${JSON.stringify(date)}.`;
  if (event.on && date > event.on) return `The sentencing date ${date} is after today (${event.on}).`;
  return null;
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
  rejectionKind?: string | null;
  instructionsKind?: string | null;
  /** A sex offender's request for reporting instructions gets 5 business days' reply (rule 3.103-3). */
  sexOffender?: boolean | null;
  sentencingDate?: string | null;
  lastKnownAddress?: string | null;
  lastKnownEmployment?: string | null;
  /** The Eastern date the step is sent: the rules in force that day judge it. */
  on?: CompactDate;
  /**
   * Given by the engine, not the sender: the Eastern date the sending state retook the person on a
   * warrant of this case since its supervision last began, if it has (a supervision activity).
   */
  retakenOn?: CompactDate | null;
}

/** The fields of an event that the machine reads, as they come from a request. */
export type CaseEventFields = Omit<CaseEventInput, 'type'>;

/** An event as the machine sees it: always with the person who sent it. */
export type CaseMachineEvent = {
  [K in CaseEventType]: { type: K; actor: Actor } & CaseEventFields;
}[CaseEventType];

export function isCaseEventType(value: unknown): value is CaseEventType {
  return typeof value === 'string' && (CASE_EVENT_TYPES as readonly string[]).includes(value);
}

export function isClosureReason(value: unknown): value is ClosureReason {
  return typeof value === 'string' && (CLOSURE_REASONS as readonly string[]).includes(value);
}

export function isRejectionKind(value: unknown): value is RejectionKind {
  return typeof value === 'string' && (REJECTION_KINDS as readonly string[]).includes(value);
}

export function isInstructionsKind(value: unknown): value is InstructionsKind {
  return typeof value === 'string' && (INSTRUCTIONS_KINDS as readonly string[]).includes(value);
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
