/**
 * How an answer treats a refusal: forbidden -> 403, invalid (not possible now) -> 409, bad_request
 * -> 400, not_found (the object does not exist for this user) -> 404.
 */
export type RefusalKind = 'forbidden' | 'invalid' | 'bad_request' | 'not_found';

/**
 * Every reason the rules refuse an attempt, and the kind of answer each gets. A code names the
 * reason for programs (logs, the console, the tests); the message beside it is for the person.
 */
const REFUSAL_KINDS = {
  'case.not_visible': 'not_found',
  'case.unknown_event': 'bad_request',
  'case.not_case_worker': 'forbidden',
  'case.not_sender': 'forbidden',
  'case.not_in_status': 'invalid',
  'case.final': 'invalid',
  'case.reason_missing': 'bad_request',
  'case.closure_reason_missing': 'bad_request',
  'case.closure_ground_not_in_force': 'bad_request',
  'case.planned_release_not_allowed': 'bad_request',
  'case.rejection_kind_missing': 'bad_request',
  'case.instructions_kind_missing': 'bad_request',
  'case.sentencing_date_missing': 'bad_request',
  'case.last_known_missing': 'bad_request',
  'case.not_yet': 'invalid',
  'case.opening_not_case_worker': 'forbidden',
  'case.opening_not_sending_state': 'forbidden',
  'case.opening_same_state': 'bad_request',
  'reopen.not_visible': 'not_found',
  'reopen.not_asker': 'forbidden',
  'reopen.case_not_closed': 'invalid',
  'reopen.reason_missing': 'bad_request',
  'reopen.already_pending': 'invalid',
  'reopen.unknown_event': 'bad_request',
  'reopen.not_requester': 'forbidden',
  'reopen.not_compact_office': 'forbidden',
  'reopen.already_decided': 'invalid',
  'reopen.case_still_closed': 'invalid',
  'reopen.case_no_longer_closed': 'invalid',
  'reopen.denial_reason_missing': 'bad_request',
  'case.retaking_pending': 'invalid',
  'case.not_retaken': 'invalid',
  'activity.not_visible': 'not_found',
  'activity.unknown_kind': 'bad_request',
  'activity.unknown_event': 'bad_request',
  'activity.not_case_worker': 'forbidden',
  'activity.not_sender': 'forbidden',
  'activity.case_not_open': 'invalid',
  'activity.case_not_sent': 'invalid',
  'activity.final': 'invalid',
  'activity.not_in_status': 'invalid',
  'activity.field_missing': 'bad_request',
  'activity.field_not_taken': 'bad_request',
  'activity.field_invalid': 'bad_request',
  'activity.linked_not_found': 'bad_request',
  'assignment.not_permitted': 'forbidden',
  'assignment.case_finished': 'invalid',
  'assignment.not_accepted': 'invalid',
  'assignment.assignee_not_eligible': 'bad_request',
  'assignment.unchanged': 'invalid',
  'compliance.other_state': 'forbidden',
  'compliance.state_required': 'bad_request',
  /** The object changed since the decision was taken on it: reload and try again. */
  stale: 'invalid',
} as const satisfies Record<string, RefusalKind>;

export type RefusalCode = keyof typeof REFUSAL_KINDS;

export interface Refusal {
  code: RefusalCode;
  refusal: RefusalKind;
  message: string;
}

/** A refusal of this code, its kind read from the one table above. */
export function refusal(code: RefusalCode, message: string): Refusal {
  return { code, refusal: REFUSAL_KINDS[code], message };
}
