import type { Actor } from '../../machines/roles';
import { changesOf, describeChanges, refusalOf } from './account-changes';

describe('the changes a state administrator makes to an account', () => {
  const account = { id: 'u-1', displayName: 'Olivia Hart', email: 'olivia@ohio.example', role: 'field_officer' as const, active: true };
  const admin: Actor = { id: 'a-1', username: 'oh.admin', role: 'state_admin', state: 'OH' };

  it('lists each changed field with its value before and after', () => {
    expect(changesOf(account, { displayName: 'Olivia Hart-Reyes', role: 'supervisor' })).toEqual([
      { field: 'displayName', before: 'Olivia Hart', after: 'Olivia Hart-Reyes' },
      { field: 'role', before: 'field_officer', after: 'supervisor' },
    ]);
  });

  it('ignores a field sent with the value it has, as stored (email case, spaces)', () => {
    expect(changesOf(account, { email: ' Olivia@Ohio.example ', displayName: 'Olivia Hart ', active: true, role: 'field_officer' })).toEqual([]);
    expect(changesOf(account, {})).toEqual([]);
  });

  it('stores an email in lower case', () => {
    expect(changesOf(account, { email: 'O.Hart@Ohio.example' })).toEqual([{ field: 'email', before: 'olivia@ohio.example', after: 'o.hart@ohio.example' }]);
  });

  it('describes the changes for the history', () => {
    expect(describeChanges(changesOf(account, { displayName: 'O. Hart', active: false }))).toBe(
      'displayName: "Olivia Hart" -> "O. Hart"; active: true -> false',
    );
  });

  it('lets an administrator change any field of another account of the state', () => {
    expect(refusalOf(admin, account, changesOf(account, { role: 'state_admin', active: false }))).toBeNull();
  });

  it('refuses an administrator their own role change and their own deactivation', () => {
    const self = { ...account, id: admin.id, role: 'state_admin' as const };
    expect(refusalOf(admin, self, changesOf(self, { role: 'auditor' }))).toMatchObject({ action: 'ROLE_CHANGED', message: expect.stringMatching(/own role/) });
    expect(refusalOf(admin, self, changesOf(self, { active: false }))).toMatchObject({ action: 'USER_DEACTIVATED' });
  });

  it('lets an administrator change their own name and email, or send their own role unchanged', () => {
    const self = { ...account, id: admin.id, role: 'state_admin' as const };
    expect(refusalOf(admin, self, changesOf(self, { displayName: 'Ohio admin', email: 'admin@ohio.example', role: 'state_admin', active: true }))).toBeNull();
  });
});
