import { CASE_STATUSES, type CaseStatus } from './case-events';
import { SUPERVISION_ACTIVITY_RULES } from './activities/supervision-activities';
import { ACTIVITY_WAYS_OUT, CASE_WAYS_OUT, activityNextMoveOf, nextMoveOf, rolesInWords } from './next-move';

const WORKERS = ['field_officer', 'supervisor', 'compact_office'];
const OFFICE = ['compact_office'];

/** Every status of the case, and who moves next in it: [side, roles][]; none when nothing waits. */
const CASE_TABLE: Record<CaseStatus, [string, string[]][]> = {
  draft: [['sending', WORKERS]],
  compact_office_review: [['sending', OFFICE]],
  reporting_instructions_requested: [['receiving', OFFICE]],
  reporting_instructions_granted: [['sending', WORKERS]],
  reporting_instructions_denied: [],
  transfer_requested: [['receiving', OFFICE]],
  // A rejected request may be submitted again, completed or after a new look.
  rejected: [['sending', WORKERS]],
  accepted: [['sending', WORKERS]],
  acceptance_withdrawn: [['sending', WORKERS]],
  departed: [['receiving', WORKERS]],
  // The person may still turn up: the receiving state notes the arrival late.
  failed_to_arrive: [['receiving', WORKERS]],
  active: [['receiving', WORKERS]],
  closure_pending: [['sending', WORKERS]],
  closed: [],
  withdrawn: [],
};

describe('nextMoveOf', () => {
  it('covers every status of the case', () => {
    expect(Object.keys(CASE_TABLE).sort()).toEqual([...CASE_STATUSES].sort());
  });

  it.each(CASE_STATUSES.map((s) => [s]))('%s', (status) => {
    expect(nextMoveOf(status).map((m) => [m.side, m.roles])).toEqual(CASE_TABLE[status]);
  });

  it('names the steps each side may take, the ways out left aside', () => {
    expect(nextMoveOf('transfer_requested')).toEqual([{ side: 'receiving', roles: OFFICE, steps: ['ACCEPT_TRANSFER', 'REJECT_TRANSFER'] }]);
    expect(nextMoveOf('closure_pending')[0].steps).toEqual(['CONFIRM_CLOSURE', 'REJECT_CLOSURE']);
  });

  it('never names a way out as the move waited for', () => {
    const named = CASE_STATUSES.flatMap((s) => nextMoveOf(s).flatMap((m) => m.steps));
    expect(named.length).toBeGreaterThan(0);
    for (const step of CASE_WAYS_OUT) expect(named).not.toContain(step);
  });
});

describe('activityNextMoveOf', () => {
  const { progress_report, violation_report, warrant, return_request, action_request } = SUPERVISION_ACTIVITY_RULES;
  it.each([
    [progress_report, 'requested', 'sending', [['receiving', WORKERS]]],
    [progress_report, 'submitted', 'sending', []],
    [violation_report, 'reported', 'receiving', [['sending', WORKERS]]],
    [violation_report, 'responded', 'receiving', []],
    [warrant, 'issued', 'sending', [['receiving', WORKERS]]],
    [warrant, 'in_custody', 'sending', [['sending', WORKERS]]],
    [warrant, 'retaken', 'sending', []],
    [return_request, 'requested', 'receiving', [['sending', OFFICE]]],
    [return_request, 'granted', 'receiving', []],
    [action_request, 'open', 'sending', [['receiving', WORKERS]]],
    [action_request, 'open', 'receiving', [['sending', WORKERS]]],
    [action_request, 'closed', 'receiving', []],
  ] as const)('%s in %s, started by the %s side', (rules, status, startedBy, expected) => {
    expect(activityNextMoveOf(rules, status, startedBy).map((m) => [m.side, m.roles])).toEqual(expected);
  });

  it('names only ways out that the rule tables have', () => {
    for (const [kind, steps] of Object.entries(ACTIVITY_WAYS_OUT)) {
      expect(steps.length).toBeGreaterThan(0);
      for (const step of steps) expect(Object.keys(SUPERVISION_ACTIVITY_RULES[kind as keyof typeof SUPERVISION_ACTIVITY_RULES].events)).toContain(step);
    }
  });

  it('every final status waits for nobody', () => {
    for (const rules of Object.values(SUPERVISION_ACTIVITY_RULES)) {
      for (const status of rules.finals) expect(activityNextMoveOf(rules, status, 'sending')).toEqual([]);
    }
  });
});

describe('rolesInWords', () => {
  it('says the roles as the compact says them', () => {
    expect(rolesInWords(['compact_office'])).toBe('compact office');
    expect(rolesInWords(['field_officer', 'supervisor', 'compact_office'])).toBe('field officer, supervisor or compact office');
  });
});
