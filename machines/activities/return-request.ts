import { CASE_WORKER_ROLES } from '../roles';
import type { ActivityRules } from './activity-rules';
import { activityMachine } from './activity-machine';

const RETURN_REQUEST_STATUSES = ['requested', 'granted', 'denied', 'cancelled'] as const;
type ReturnRequestStatus = (typeof RETURN_REQUEST_STATUSES)[number];
type ReturnRequestEvent = 'GRANT' | 'DENY';

/**
 * Rule 4.111: the person asks to go back; the receiving state asks the sending state for return
 * reporting instructions, which its compact office grants or denies within 2 business days.
 */
export const RETURN_REQUEST_RULES: ActivityRules<ReturnRequestStatus, ReturnRequestEvent> = {
  kind: 'return_request',
  title: 'return request',
  rule: '4.111',
  statuses: RETURN_REQUEST_STATUSES,
  finals: ['granted', 'denied', 'cancelled'],
  starts: [{ step: 'REQUEST', by: { side: 'receiving', roles: CASE_WORKER_ROLES }, to: 'requested', requires: [], offers: ['reason'] }],
  events: {
    GRANT: { from: ['requested'], to: 'granted', by: { side: 'sending', roles: ['compact_office'] }, requires: [] },
    DENY: { from: ['requested'], to: 'denied', by: { side: 'sending', roles: ['compact_office'] }, requires: ['reason'] },
  },
  startsOn: ['active'],
  endsWithCase: 'cancelled',
};

export const returnRequestMachine = activityMachine(RETURN_REQUEST_RULES);
