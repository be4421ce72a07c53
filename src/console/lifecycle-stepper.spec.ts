import { caseLifecycleMachine, reopenRequestMachine } from '../../machines';
import { lifecycleSteps } from './lifecycle-stepper';

const shown = (current: string) => lifecycleSteps(caseLifecycleMachine, current).map((s) => `${s.label}${s.note ? ` (${s.note})` : ''}`);

describe('the lifecycle stepper', () => {
  it('follows the main road of the machine, from draft to closed', () => {
    expect(lifecycleSteps(caseLifecycleMachine, 'draft').map((s) => s.status)).toEqual([
      'draft',
      'transfer_requested',
      'accepted',
      'departed',
      'active',
      'closure_pending',
      'closed',
    ]);
  });

  it('marks the steps before the current one done, the current one once, and the rest ahead', () => {
    expect(shown('active')).toEqual([
      'draft (done)',
      'transfer requested (done)',
      'accepted (done)',
      'departed (done)',
      'active (current)',
      'closure pending',
      'closed',
    ]);
    const steps = lifecycleSteps(caseLifecycleMachine, 'closed');
    expect(steps.filter((s) => s.progress === 'current').map((s) => s.status)).toEqual(['closed']);
    expect(steps.filter((s) => s.progress === 'done')).toHaveLength(6);
  });

  it('shows a state off the road after the steps every way to it passes', () => {
    // A failed arrival follows a departure, always; the arrival may still come.
    expect(shown('failed_to_arrive')).toEqual([
      'draft (done)',
      'transfer requested (done)',
      'accepted (done)',
      'departed (done)',
      'failed to arrive (current, off the usual road)',
      'active',
      'closure pending',
      'closed',
    ]);
    // A submission sent back from the review may come back rejected without a transfer request of its own.
    expect(shown('rejected').slice(0, 3)).toEqual(['draft (done)', 'rejected (current, off the usual road)', 'transfer requested']);
    expect(shown('compact_office_review')).toContain('compact office review (current, off the usual road)');
  });

  it('shows nothing ahead of a final state', () => {
    expect(shown('withdrawn')).toEqual(['draft (done)', 'withdrawn (current, off the usual road)']);
  });

  it('steps through any machine it is given, such as the reopen requests', () => {
    expect(lifecycleSteps(reopenRequestMachine, 'denied').map((s) => s.progress)).toContain('current');
    expect(lifecycleSteps(reopenRequestMachine, 'pending')[0]).toEqual({ status: 'pending', label: 'pending', progress: 'current', note: 'current' });
  });
});
