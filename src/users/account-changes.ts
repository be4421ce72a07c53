import type { Actor, Role } from '../../machines/roles';

/** What a state administrator may change on an account: nothing else reaches the database. */
export interface AccountPatch {
  displayName?: string;
  email?: string;
  role?: Role;
  active?: boolean;
}

type AccountField = keyof AccountPatch;

export interface FieldChange {
  field: AccountField;
  before: string | boolean;
  after: string | boolean;
}

type Account = { id: string; displayName: string; email: string; role: Role; active: boolean };

/** The patch as it would be stored: an email in lower case, a name without surrounding spaces. */
function normalized(patch: AccountPatch): AccountPatch {
  return {
    ...patch,
    ...(patch.email !== undefined ? { email: patch.email.trim().toLowerCase() } : {}),
    ...(patch.displayName !== undefined ? { displayName: patch.displayName.trim() } : {}),
  };
}

/** The fields the patch really changes, with their values before and after; a field sent unchanged is not one. */
export function changesOf(account: Account, patch: AccountPatch): FieldChange[] {
  const wanted = normalized(patch);
  return (['displayName', 'email', 'role', 'active'] as const)
    .filter((field) => wanted[field] !== undefined && wanted[field] !== account[field])
    .map((field) => ({ field, before: account[field], after: wanted[field]! }));
}

/** `displayName: "Old" -> "New"; email: "a@x" -> "b@x"`, for the reason of an audit entry. */
export function describeChanges(changes: ReadonlyArray<FieldChange>): string {
  return changes.map((c) => `${c.field}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`).join('; ');
}

/**
 * Why an administrator may not make these changes, or null. An administrator cannot take their
 * own role away or lock themselves out: another administrator of the state must do it, so that a
 * state is never left without one by a slip.
 */
export function refusalOf(admin: Actor, account: Pick<Account, 'id'>, changes: ReadonlyArray<FieldChange>): { action: string; message: string } | null {
  if (account.id !== admin.id) return null;
  if (changes.some((c) => c.field === 'role')) {
    return { action: 'ROLE_CHANGED', message: 'You cannot change your own role: ask another state administrator of your state.' };
  }
  if (changes.some((c) => c.field === 'active' && c.after === false)) {
    return { action: 'USER_DEACTIVATED', message: 'You cannot deactivate your own account: ask another state administrator of your state.' };
  }
  return null;
}
