import { CASE_WORKER_ROLES } from '../roles';
import type { ActivityRules } from './activity-rules';
import { activityMachine } from './activity-machine';

const VIOLATION_REPORT_STATUSES = ['reported', 'responded', 'cancelled'] as const;
type ViolationReportStatus = (typeof VIOLATION_REPORT_STATUSES)[number];
type ViolationReportEvent = 'RESPOND';

/**
 * Rule 4.109: the receiving state reports behaviour requiring retaking within 30 calendar days of
 * discovering it (OVR); the sending state responds with its action within 10 business days (RVR).
 */
export const VIOLATION_REPORT_RULES: ActivityRules<ViolationReportStatus, ViolationReportEvent> = {
  kind: 'violation_report',
  title: 'violation report',
  rule: '4.109',
  statuses: VIOLATION_REPORT_STATUSES,
  finals: ['responded', 'cancelled'],
  starts: [
    {
      step: 'REPORT',
      by: { side: 'receiving', roles: CASE_WORKER_ROLES },
      to: 'reported',
      requires: ['violationKind', 'discoveredOn', 'description'],
    },
  ],
  events: {
    RESPOND: { from: ['reported'], to: 'responded', by: { side: 'sending', roles: CASE_WORKER_ROLES }, requires: ['response'], offers: ['text'] },
  },
  startsOn: ['active'],
  endsWithCase: 'cancelled',
};

export const violationReportMachine = activityMachine(VIOLATION_REPORT_RULES);
