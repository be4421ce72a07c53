import { CASE_WORKER_ROLES } from '../roles';
import type { ActivityRules } from './activity-rules';
import { activityMachine } from './activity-machine';

const WARRANT_STATUSES = ['issued', 'in_custody', 'retaken', 'withdrawn', 'cancelled'] as const;
type WarrantStatus = (typeof WARRANT_STATUSES)[number];
type WarrantEvent = 'REPORT_CUSTODY' | 'RETAKE' | 'WITHDRAW_WARRANT';

/** The statuses in which the sending state is retaking the person: rule 4.112(b) holds the case open meanwhile. */
export const RETAKING_PENDING: readonly WarrantStatus[] = ['issued', 'in_custody'];

/**
 * Rules 5.103 and 5.105: the sending state issues a warrant (within 15 business days of a violation
 * report that requires retaking), the receiving state reports the person held on it, and the
 * sending state retakes within 30 calendar days of that custody, or withdraws the warrant.
 */
export const WARRANT_RULES: ActivityRules<WarrantStatus, WarrantEvent> = {
  kind: 'warrant',
  title: 'warrant',
  rule: '5.103, 5.105',
  statuses: WARRANT_STATUSES,
  finals: ['retaken', 'withdrawn', 'cancelled'],
  starts: [{ step: 'ISSUE', by: { side: 'sending', roles: CASE_WORKER_ROLES }, to: 'issued', requires: ['issuedOn', 'reason'], offers: ['violationReportId'] }],
  events: {
    REPORT_CUSTODY: { from: ['issued'], to: 'in_custody', by: { side: 'receiving', roles: CASE_WORKER_ROLES }, requires: ['custodySince'] },
    RETAKE: { from: ['in_custody'], to: 'retaken', by: { side: 'sending', roles: CASE_WORKER_ROLES }, requires: [] },
    WITHDRAW_WARRANT: { from: ['issued', 'in_custody'], to: 'withdrawn', by: { side: 'sending', roles: CASE_WORKER_ROLES }, requires: ['reason'] },
  },
  startsOn: ['active'],
  endsWithCase: 'cancelled',
};

export const warrantMachine = activityMachine(WARRANT_RULES);
