import { emailChangedMail, emailChangeRequestedMail, emailConfirmationMail, invitationMail, passwordChangedMail, resetLinkMail } from './account-mail';

describe('the account mails', () => {
  const link = 'https://compact.example/reset-password?token=abcDEF_123-xyz';

  it('a reset mail gives the link, how long it works, and what to do if it was not you', () => {
    const mail = resetLinkMail('olivia@ohio.example', { username: 'oh.officer', link, validMs: 20 * 60_000 });
    expect(mail.to).toBe('olivia@ohio.example');
    expect(mail.subject).toBe('Reset your Compact Case Engine password');
    expect(mail.body).toContain(`  ${link}\n`);
    expect(mail.body).toContain('works once, for 20 minutes');
    expect(mail.body).toMatch(/ignore this mail/);
    expect(mail.body).toMatch(/call your state compact office/);
    expect(mail.holdsSecret).toBe(true);
  });

  it('an invitation names the account and who opened it, and carries a link, never a password', () => {
    const mail = invitationMail('new@ohio.example', {
      username: 'oh.newcomer',
      role: 'field_officer',
      state: 'OH',
      invitedBy: { username: 'oh.admin', role: 'state_admin', state: 'OH' },
      link,
      validMs: 72 * 3_600_000,
      publicUrl: 'https://compact.example',
      minLength: 12,
    });
    expect(mail.subject).toBe('Your Compact Case Engine account oh.newcomer');
    expect(mail.body).toContain('oh.admin (state administrator, OH) opened');
    expect(mail.body).toContain('Role:      field officer');
    expect(mail.body).toContain('works once, for 72 hours');
    expect(mail.body).toContain(link);
    expect(mail.body).toContain('at least 12 characters');
    expect(mail.body).not.toMatch(/password:\s*\S/i);
    expect(mail.holdsSecret).toBe(true);
  });

  it('a notice of a changed password tells when and how, and holds no link', () => {
    const at = new Date('2026-11-28T12:34:56Z');
    const reset = passwordChangedMail('olivia@ohio.example', { username: 'oh.officer', way: 'reset', at });
    expect(reset.body).toContain('oh.officer was changed at 2026-11-28 12:34 UTC');
    expect(reset.body).toContain('Every session of the account was signed out');
    expect(reset.body).not.toContain('http');
    expect(reset.holdsSecret).toBeUndefined();
    const changed = passwordChangedMail('olivia@ohio.example', { username: 'oh.officer', way: 'changed', at });
    expect(changed.body).toContain('Every other session');
  });

  describe('a change of email address', () => {
    const by = { username: 'oh.admin', role: 'state_admin' as const, state: 'OH' as const };
    const at = new Date('2026-11-28T12:34:56Z');

    it('tells the confirmed address who asked, when, and for which address, with no link at all', () => {
      const mail = emailChangeRequestedMail('olivia@ohio.example', { username: 'oh.officer', newEmail: 'new@elsewhere.example', by, at });
      expect(mail.to).toBe('olivia@ohio.example');
      expect(mail.body).toContain('oh.admin (state administrator, OH) asked at 2026-11-28 12:34 UTC to change the email address');
      expect(mail.body).toContain('account oh.officer from this address to new@elsewhere.example.');
      expect(mail.body).toMatch(/call your state compact office at once/);
      expect(mail.body).not.toMatch(/https?:/);
      expect(mail.holdsSecret).toBeUndefined();
    });

    it('mails the new address the link that confirms it, held as a secret', () => {
      const confirm = 'https://compact.example/confirm-email?token=abcDEF_123-xyz';
      const mail = emailConfirmationMail('new@elsewhere.example', { username: 'oh.officer', by, link: confirm, validMs: 72 * 3_600_000 });
      expect(mail.body).toContain(`  ${confirm}\n`);
      expect(mail.body).toContain('works once, for 72 hours');
      expect(mail.holdsSecret).toBe(true);
    });

    it('tells the old address once the new one is confirmed, with no link', () => {
      const mail = emailChangedMail('olivia@ohio.example', { username: 'oh.officer', newEmail: 'new@elsewhere.example', requestedBy: 'oh.admin', at });
      expect(mail.body).toContain('oh.officer was changed at 2026-11-28 12:34 UTC');
      expect(mail.body).not.toMatch(/https?:/);
    });
  });
});
