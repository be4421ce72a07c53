import { deadlineReminderMail } from './deadline-reminder-mail';
import { activityKindOf } from './deadline-view';

const facts = {
  kind: 'due_today' as const,
  activity: 'Response to a violation report',
  rule: '4.109(c)',
  limitDays: 10,
  limitUnit: 'business' as const,
  dueOn: '2026-12-10',
  daysLeft: 0,
  responsibleSide: 'sending' as const,
  responsibleState: 'OH' as const,
  assignee: 'oh.field_officer',
  caseId: '5b0c9d3e-0000-4000-8000-000000000001',
  caseNumber: 'OH-2026-000123',
  offenderName: 'Sam Example',
  sendingState: 'OH' as const,
  receivingState: 'TX' as const,
  reader: 'assignee' as const,
  publicUrl: 'https://compact.example',
};

describe("a reminder of an activity's deadline", () => {
  it('names the kind of activity in words, beside the rule and the due date', () => {
    const activityKind = activityKindOf({ activityId: 'a1', startedBy: 'violation_report:REPORT' });
    const mail = deadlineReminderMail('officer@example.org', { ...facts, activityKind });
    expect(mail.subject).toBe('Due today: response to a violation report (violation report) for case OH-2026-000123 (Sam Example)');
    expect(mail.body).toContain('Activity:  violation report\n');
    expect(mail.body).toContain('Rule:      4.109(c), 10 business days');
    expect(mail.body).toContain('Due:       2026-12-10 (Thursday)');
  });

  it("says nothing of an activity for a case's own deadline", () => {
    expect(activityKindOf({ activityId: null, startedBy: 'SUBMIT_TRANSFER_REQUEST' })).toBeNull();
    const mail = deadlineReminderMail('officer@example.org', { ...facts, activity: 'Transfer reply', activityKind: null });
    expect(mail.subject).toBe('Due today: transfer reply for case OH-2026-000123 (Sam Example)');
    expect(mail.body).not.toContain('Activity:');
    expect(activityKindOf({ activityId: 'p1', startedBy: 'progress_report:REQUEST' })).toBe('progress report');
  });
});
