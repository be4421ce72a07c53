import type { Jurisdiction } from './jurisdiction';

/** The roles of a member state's people: what a state administrator may give an account of their state. */
export const STATE_ROLES = ['field_officer', 'supervisor', 'compact_office', 'state_admin', 'auditor'] as const;

/** The Commission's roles, of no member state: such an account is made only from the command line. */
const NATIONAL_ROLES = ['national_auditor'] as const;

export const ROLES = [...STATE_ROLES, ...NATIONAL_ROLES] as const;

export type Role = (typeof ROLES)[number];
export type StateRole = (typeof STATE_ROLES)[number];

/** Roles that may move a case along for their state; administrators and auditors change no case. */
export const CASE_WORKER_ROLES: readonly Role[] = ['field_officer', 'supervisor', 'compact_office'];

/** The roles that read the audit history: a state's auditors, and the Commission's, who read every state's. */
export const AUDITOR_ROLES: readonly Role[] = ['auditor', 'national_auditor'];

/** The person behind a request, as the rules see them. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** A member state, or NATIONAL for the Commission's roles. */
  state: Jurisdiction;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isNationalRole(role: Role): boolean {
  return (NATIONAL_ROLES as readonly string[]).includes(role);
}

/** The roles as the compact's people say them, for messages a person reads. */
export const ROLE_TITLES: Readonly<Record<Role, string>> = {
  field_officer: 'field officer',
  supervisor: 'supervisor',
  compact_office: 'compact office',
  state_admin: 'state administrator',
  auditor: 'auditor',
  national_auditor: 'national auditor',
};
