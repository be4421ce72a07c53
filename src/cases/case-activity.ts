import { CASE_EVENT_FIELDS, CASE_EVENT_TYPES, type CaseEventType } from '../../machines';
import { CASE_EVENT_WORDING } from '../../machines/case-wording';
import type { ActivityKind, ActivityStep } from '../engine/activity';

/** Steps that end or turn back a case, or what was sent for it. */
const GRAVE: ReadonlySet<CaseEventType> = new Set([
  'SEND_BACK',
  'DENY_REPORTING_INSTRUCTIONS',
  'REJECT_TRANSFER',
  'WITHDRAW',
  'WITHDRAW_ACCEPTANCE',
  'REJECT_CLOSURE',
]);

/** Buttons whose sentence of the rules reads poorly on a button. */
const LABELS: Partial<Record<CaseEventType, string>> = {
  TRANSMIT: 'Transmit to the receiving state',
  SEND_BACK: 'Send back to its author',
  WITHDRAW_ACCEPTANCE: 'Withdraw acceptance',
  CLOSE_AFTER_RETAKING: 'Close: retaken, back in the sending state',
};

/** Fields a step may carry beyond those the rules refuse it without. */
const OFFERS: Partial<Record<CaseEventType, ActivityStep['offers']>> = {
  // Rule 3.105: a request sent before release says when the person is to be released.
  SUBMIT_TRANSFER_REQUEST: ['plannedReleaseDate'],
  // Rule 3.103-3: a sex offender's request is answered sooner; most requests are not one.
  REQUEST_REPORTING_INSTRUCTIONS: ['sexOffender'],
};

/**
 * Who is told at once: the sending state of an acceptance withdrawn or a person who did not arrive;
 * the receiving state of a case its supervision ends on because the sending state retook the person.
 */
const TELLS: Partial<Record<CaseEventType, ActivityStep['tells']>> = {
  WITHDRAW_ACCEPTANCE: ['sending_compact_office'],
  NOTICE_OF_FAILURE_TO_ARRIVE: ['sending_compact_office'],
  CLOSE_AFTER_RETAKING: ['receiving_compact_office'],
};

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The case lifecycle as an activity: each event's audit name is the event itself. */
export const CASE_ACTIVITY: ActivityKind<CaseEventType> = {
  entityType: 'case',
  title: 'case',
  steps: Object.fromEntries(
    CASE_EVENT_TYPES.map((type): [CaseEventType, ActivityStep] => [
      type,
      {
        action: type,
        label: LABELS[type] ?? capitalized(CASE_EVENT_WORDING[type].action),
        requires: CASE_EVENT_FIELDS[type],
        offers: OFFERS[type] ?? [],
        grave: GRAVE.has(type),
        done: `Done: ${CASE_EVENT_WORDING[type].action}.`,
        // The other state finds most steps in its lists and workload, and the deadlines' reminders follow.
        tells: TELLS[type] ?? [],
      },
    ]),
  ) as Record<CaseEventType, ActivityStep>,
};
