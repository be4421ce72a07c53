import { CASE_EVENT_FIELDS, CASE_EVENT_TYPES, type CaseEventType } from '../../machines';
import { CASE_EVENT_WORDING } from '../../machines/case-wording';
import { capitalized } from '../../machines/wording';
import type { ActivityKind, ActivityStep } from '../engine/activity';

/**
 * Steps that end or turn back a case, or what was sent for it, and what each will do, in words:
 * the console asks the user to confirm it before it takes the step.
 */
const GRAVE: Partial<Record<CaseEventType, string>> = {
  SEND_BACK: 'Send the submission back to its author: the case returns to them, and must be submitted again to go further.',
  DENY_REPORTING_INSTRUCTIONS: 'Deny the reporting instructions: the person may not go to the receiving state on this request, and the sending state is told.',
  REJECT_TRANSFER: 'Reject the transfer request: the case ends as rejected, for both states.',
  WITHDRAW: 'Withdraw the case: it ends for both states and cannot be undone.',
  WITHDRAW_ACCEPTANCE: 'Withdraw the acceptance: the receiving state no longer takes the person, and the sending state is told at once.',
  CONFIRM_CLOSURE: 'Confirm the closure: the case is closed for both states; only a reopen request can bring it back.',
  REJECT_CLOSURE: 'Reject the closure notice: the case stays active, and the receiving state supervises on.',
  CLOSE_AFTER_RETAKING: 'Close the case: supervision ends for both states on the retaking; only a reopen request can bring it back.',
};

/** The usual next step first: a transfer request is what most drafts go on to, reporting instructions the exception. */
const BUTTON_ORDER: readonly CaseEventType[] = ['SUBMIT_TRANSFER_REQUEST', 'REQUEST_REPORTING_INSTRUCTIONS'];

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

/** The case lifecycle as an activity: each event's audit name is the event itself. */
export const CASE_ACTIVITY: ActivityKind<CaseEventType> = {
  entityType: 'case',
  title: 'case',
  buttonOrder: BUTTON_ORDER,
  steps: Object.fromEntries(
    CASE_EVENT_TYPES.map((type): [CaseEventType, ActivityStep] => [
      type,
      {
        action: type,
        label: LABELS[type] ?? capitalized(CASE_EVENT_WORDING[type].action),
        requires: CASE_EVENT_FIELDS[type],
        offers: OFFERS[type] ?? [],
        grave: GRAVE[type] !== undefined,
        consequence: GRAVE[type],
        done: `Done: ${CASE_EVENT_WORDING[type].action}.`,
        // The other state finds most steps in its lists and workload, and the deadlines' reminders follow.
        tells: TELLS[type] ?? [],
      },
    ]),
  ) as Record<CaseEventType, ActivityStep>,
};
