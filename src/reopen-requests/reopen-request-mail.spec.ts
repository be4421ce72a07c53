import { reopenRequestMail, type ReopenRequestMailFacts } from './reopen-request-mail';

const facts = (over: Partial<ReopenRequestMailFacts> = {}): ReopenRequestMailFacts => ({
  news: 'requested',
  caseId: '0b7c6a0e-3f3c-4b7e-9a55-2f1e1f0c9d11',
  caseNumber: 'OH-2026-7KQ2M9XD',
  offenderName: 'Jordan Example',
  sendingState: 'OH',
  receivingState: 'TX',
  caseStatus: 'closed',
  by: { username: 'oh.officer', role: 'field_officer', state: 'OH' },
  requestReason: 'Apprehended in Dallas on a new warrant.',
  decisionReason: null,
  publicUrl: 'https://compact.example',
  ...over,
});

describe('the mails of a reopen request', () => {
  it('tells the compact office who asks about which case, why, and where to decide', () => {
    const mail = reopenRequestMail('tx.compact@compact.example', facts());
    expect(mail.to).toBe('tx.compact@compact.example');
    expect(mail.subject).toBe('Reopen requested for case OH-2026-7KQ2M9XD (Jordan Example)');
    expect(mail.body).toContain('oh.officer (field officer, OH) asks the compact office of TX to reopen a closed case.');
    expect(mail.body).toContain('Case:      OH-2026-7KQ2M9XD');
    expect(mail.body).toContain('Offender:  Jordan Example');
    expect(mail.body).toContain('  Apprehended in Dallas on a new warrant.');
    expect(mail.body).toContain('Approve or deny the request in your queue: https://compact.example/console/queue\n');
    expect(mail.body).toContain('The case: https://compact.example/console/cases/0b7c6a0e-3f3c-4b7e-9a55-2f1e1f0c9d11\n');
  });

  it('tells the requester of an approval, with the approver and their note', () => {
    const mail = reopenRequestMail(
      'oh.officer@compact.example',
      facts({
        news: 'approved',
        by: { username: 'tx.compact', role: 'compact_office', state: 'TX' },
        decisionReason: 'Confirmed with the Dallas police.',
      }),
    );
    expect(mail.subject).toBe('Reopen request approved: case OH-2026-7KQ2M9XD is active again (Jordan Example)');
    expect(mail.body).toMatch(/^tx\.compact \(compact office, TX\) approved the request to reopen this case\. The case is active again\./);
    expect(mail.body).toContain('Reason given by tx.compact:\n  Confirmed with the Dallas police.');
    expect(mail.body).toContain('The case: https://compact.example/console/cases/0b7c6a0e-3f3c-4b7e-9a55-2f1e1f0c9d11\n');
  });

  it('gives the reason of a denial', () => {
    const mail = reopenRequestMail(
      'oh.officer@compact.example',
      facts({
        news: 'denied',
        by: { username: 'tx.compact', role: 'compact_office', state: 'TX' },
        decisionReason: 'The warrant is for another person.',
      }),
    );
    expect(mail.subject).toMatch(/^Reopen request denied: case OH-2026-7KQ2M9XD stays closed/);
    expect(mail.body).toContain('denied the request');
    expect(mail.body).toContain('  The warrant is for another person.');
  });

  it('says who withdrew', () => {
    const mail = reopenRequestMail('oh.officer@compact.example', facts({ news: 'withdrawn' }));
    expect(mail.subject).toMatch(/^Reopen request withdrawn/);
    expect(mail.body).toMatch(/^oh\.officer \(field officer, OH\) withdrew the request/);
    expect(mail.body).not.toContain('Reason given by');
  });

  it("tells the requester their request was superseded, by whom, where the case is now, and the reopen's reason", () => {
    const mail = reopenRequestMail(
      'oh.officer@compact.example',
      facts({
        news: 'superseded',
        caseStatus: 'active',
        by: { username: 'tx.compact', role: 'compact_office', state: 'TX' },
        decisionReason: "Reopened on the court's order.",
      }),
    );
    expect(mail.subject).toBe('Reopen request superseded: case OH-2026-7KQ2M9XD is no longer closed (Jordan Example)');
    expect(mail.body).toMatch(
      /^tx\.compact \(compact office, TX\) moved this case out of closed \(it is now active\) while the request to reopen it was pending\./,
    );
    expect(mail.body).toContain("Reason given by tx.compact:\n  Reopened on the court's order.");
  });

  it('keeps a reason of several lines readable', () => {
    const mail = reopenRequestMail('x@compact.example', facts({ requestReason: 'First line.\nSecond line.' }));
    expect(mail.body).toContain('  First line.\n  Second line.');
  });

  it.each(['requested', 'approved', 'denied', 'withdrawn', 'superseded'] as const)('links a %s mail to console pages only, never to the API', (news) => {
    const links = reopenRequestMail('x@compact.example', facts({ news })).body.match(/https?:\/\/\S+/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(new URL(link).pathname).toMatch(/^\/console\//);
  });

  it('puts nothing in that signs anyone in', () => {
    const mail = reopenRequestMail('x@compact.example', facts());
    expect(mail.body).not.toMatch(/token|password|Bearer/i);
  });
});
