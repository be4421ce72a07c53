import { EVENTS_REQUIRING_REASON, type CaseEventType } from '../../machines';
import { CASE_EVENT_WORDING } from '../../machines/case-wording';

/** Steps that end or turn back a case: drawn as such, so nobody presses them in passing. */
const GRAVE: ReadonlySet<CaseEventType> = new Set(['REJECT_TRANSFER', 'WITHDRAW', 'REJECT_CLOSURE']);

export interface CaseAction {
  type: CaseEventType;
  label: string;
  needsReason: boolean;
  needsClosureReason: boolean;
  danger: boolean;
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The buttons of the case page, one per event the user may send now, in the compact's words. */
export function caseActions(allowed: readonly string[]): CaseAction[] {
  return allowed
    .filter((t): t is CaseEventType => t in CASE_EVENT_WORDING)
    .map((type) => ({
      type,
      label: capitalized(CASE_EVENT_WORDING[type].action),
      needsReason: EVENTS_REQUIRING_REASON.includes(type),
      needsClosureReason: type === 'SUBMIT_CLOSURE_NOTICE',
      danger: GRAVE.has(type),
    }));
}

/** The banner shown once after a step of the case page went through (see ConsoleFlashes). */
export function doneMessage(done: CaseEventType | 'REQUEST_REOPEN' | 'WITHDRAW_REOPEN_REQUEST'): string {
  if (done === 'REQUEST_REOPEN') return 'Your reopen request is sent to the compact office of the receiving state.';
  if (done === 'WITHDRAW_REOPEN_REQUEST') return 'Your reopen request is withdrawn.';
  return `Done: ${CASE_EVENT_WORDING[done].action}.`;
}
