import type { CaseEventType } from './case-events';

interface EventWording {
  /** What the sender does, after "may": "Only ... may submit a transfer request." */
  action: string;
  /** Opens the sentence that says in which statuses the event is possible. */
  onlyWhen: string;
}

export const CASE_EVENT_WORDING: Readonly<Record<CaseEventType, EventWording>> = {
  REQUEST_REPORTING_INSTRUCTIONS: {
    action: 'request reporting instructions',
    onlyWhen: 'Reporting instructions can only be requested when the case is',
  },
  SUBMIT_TRANSFER_REQUEST: {
    action: 'submit a transfer request',
    onlyWhen: 'A transfer request can only be submitted when the case is',
  },
  TRANSMIT: {
    action: 'transmit what waits for the compact office',
    onlyWhen: 'A submission can only be transmitted when the case is',
  },
  SEND_BACK: {
    action: 'send a submission back to its author',
    onlyWhen: 'A submission can only be sent back when the case is',
  },
  GRANT_REPORTING_INSTRUCTIONS: {
    action: 'grant reporting instructions',
    onlyWhen: 'Reporting instructions can only be granted when the case is',
  },
  DENY_REPORTING_INSTRUCTIONS: {
    action: 'deny reporting instructions',
    onlyWhen: 'Reporting instructions can only be denied when the case is',
  },
  ACCEPT_TRANSFER: {
    action: 'accept a transfer request',
    onlyWhen: 'A transfer request can only be accepted when the case is',
  },
  REJECT_TRANSFER: {
    action: 'reject a transfer request',
    onlyWhen: 'A transfer request can only be rejected when the case is',
  },
  WITHDRAW: { action: 'withdraw a case', onlyWhen: 'A case can only be withdrawn when it is' },
  NOTICE_OF_DEPARTURE: {
    action: 'send a notice of departure',
    onlyWhen: 'A notice of departure can only be sent when the case is',
  },
  NOTICE_OF_ARRIVAL: {
    action: 'send a notice of arrival',
    onlyWhen: 'A notice of arrival can only be sent when the case is',
  },
  NOTICE_OF_FAILURE_TO_ARRIVE: {
    action: 'send a notice of failure to arrive',
    onlyWhen: 'A notice of failure to arrive can only be sent when the case is',
  },
  WITHDRAW_ACCEPTANCE: {
    action: 'withdraw an acceptance',
    onlyWhen: 'An acceptance can only be withdrawn when the case is',
  },
  SUBMIT_CLOSURE_NOTICE: {
    action: 'submit a closure notice',
    onlyWhen: 'A closure notice can only be submitted when the case is',
  },
  CONFIRM_CLOSURE: {
    action: 'confirm a closure notice',
    onlyWhen: 'A closure notice can only be confirmed when the case is',
  },
  REJECT_CLOSURE: {
    action: 'reject a closure notice',
    onlyWhen: 'A closure notice can only be rejected when the case is',
  },
  CLOSE_AFTER_RETAKING: {
    action: 'close a case whose person it has retaken',
    onlyWhen: 'A case can only be closed on its retaking when it is',
  },
  REOPEN: { action: 'reopen a closed case', onlyWhen: 'A case can only be reopened when it is' },
};
