import type { StateCode } from './jurisdiction';

export const ROLES = ['field_officer', 'supervisor', 'compact_office', 'state_admin', 'auditor'] as const;

export type Role = (typeof ROLES)[number];

/** Roles that may move a case along for their state; administrators and auditors change no case. */
export const CASE_WORKER_ROLES: readonly Role[] = ['field_officer', 'supervisor', 'compact_office'];

/** The person behind a request, as the rules see them. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  state: StateCode;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The roles as the compact's people say them, for messages a person reads. */
export const ROLE_TITLES: Readonly<Record<Role, string>> = {
  field_officer: 'field officer',
  supervisor: 'supervisor',
  compact_office: 'compact office',
  state_admin: 'state administrator',
  auditor: 'auditor',
};
