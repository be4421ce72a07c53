import { CASE_STATUSES } from '../case-events';
import { CASE_WORKER_ROLES } from '../roles';
import type { ActivityRules } from './activity-rules';
import { activityMachine } from './activity-machine';

const ACTION_REQUEST_STATUSES = ['open', 'answered', 'closed'] as const;
type ActionRequestStatus = (typeof ACTION_REQUEST_STATUSES)[number];
type ActionRequestEvent = 'REPLY' | 'CLOSE';

/**
 * A compact action request: a message from one state's office to the other's about any case, a
 * closed one included, answered as often as needed and closed by either side. No limit runs on it.
 */
export const ACTION_REQUEST_RULES: ActivityRules<ActionRequestStatus, ActionRequestEvent> = {
  kind: 'action_request',
  title: 'action request',
  rule: 'ICOTS practice',
  statuses: ACTION_REQUEST_STATUSES,
  finals: ['closed'],
  starts: [{ step: 'SEND', by: { side: 'either', roles: CASE_WORKER_ROLES }, to: 'open', requires: ['subject', 'message'] }],
  events: {
    REPLY: { from: ['open', 'answered'], to: 'answered', by: { side: 'addressee', roles: CASE_WORKER_ROLES }, requires: ['message'] },
    CLOSE: { from: ['open', 'answered'], to: 'closed', by: { side: 'either', roles: CASE_WORKER_ROLES }, requires: [], offers: ['message'] },
  },
  // Any case the other state has received, a closed or withdrawn one included.
  startsOn: CASE_STATUSES.filter((s) => s !== 'draft' && s !== 'compact_office_review'),
  endsWithCase: null,
};

export const actionRequestMachine = activityMachine(ACTION_REQUEST_RULES);
