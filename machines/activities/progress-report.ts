import { CASE_WORKER_ROLES } from '../roles';
import type { ActivityRules } from './activity-rules';
import { activityMachine } from './activity-machine';

const PROGRESS_REPORT_STATUSES = ['requested', 'submitted', 'cancelled'] as const;
type ProgressReportStatus = (typeof PROGRESS_REPORT_STATUSES)[number];
type ProgressReportEvent = 'SUBMIT_REPORT';

/**
 * Rule 4.106: the sending state asks for a progress report and the receiving state sends it within
 * 30 calendar days (the limit PR); the receiving state may also report unasked, which owes nothing.
 */
export const PROGRESS_REPORT_RULES: ActivityRules<ProgressReportStatus, ProgressReportEvent> = {
  kind: 'progress_report',
  title: 'progress report',
  rule: '4.106',
  statuses: PROGRESS_REPORT_STATUSES,
  finals: ['submitted', 'cancelled'],
  starts: [
    { step: 'REQUEST', by: { side: 'sending', roles: CASE_WORKER_ROLES }, to: 'requested', requires: [], offers: ['message'] },
    { step: 'REPORT', by: { side: 'receiving', roles: CASE_WORKER_ROLES }, to: 'submitted', requires: ['summary', 'complianceStatus'] },
  ],
  events: {
    SUBMIT_REPORT: { from: ['requested'], to: 'submitted', by: { side: 'receiving', roles: CASE_WORKER_ROLES }, requires: ['summary', 'complianceStatus'] },
  },
  startsOn: ['active'],
  endsWithCase: 'cancelled',
};

export const progressReportMachine = activityMachine(PROGRESS_REPORT_RULES);
