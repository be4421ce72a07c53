import { CASE_EVENT_FIELDS, CASE_EVENT_TYPES, type CaseEventType } from '../../machines';
import { CASE_EVENT_WORDING } from '../../machines/case-wording';
import type { ActivityKind, ActivityStep } from '../engine/activity';

/** Steps that end or turn back a case. */
const GRAVE: ReadonlySet<CaseEventType> = new Set(['REJECT_TRANSFER', 'WITHDRAW', 'REJECT_CLOSURE']);

const TELLS_SENDING_OFFICE: ReadonlySet<CaseEventType> = new Set(['WITHDRAW_ACCEPTANCE', 'NOTICE_OF_FAILURE_TO_ARRIVE']);

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
        label: capitalized(CASE_EVENT_WORDING[type].action),
        requires: CASE_EVENT_FIELDS[type],
        // Rule 3.105: a request sent before release says when the person is to be released.
        offers: type === 'SUBMIT_TRANSFER_REQUEST' ? ['plannedReleaseDate'] : [],
        grave: GRAVE.has(type),
        done: `Done: ${CASE_EVENT_WORDING[type].action}.`,
        // The other state finds most steps in its lists and workload, and the deadlines' reminders follow;
        // the rules want the sending state told at once of an acceptance withdrawn or a person who did not arrive.
        tells: TELLS_SENDING_OFFICE.has(type) ? ['sending_compact_office'] : [],
      },
    ]),
  ) as Record<CaseEventType, ActivityStep>,
};
