import type { Actor } from '../../machines/roles';
import type { RequestMeta } from '../common/request-meta';
import type { AuditOutcome } from './audit-entry.entity';

/** What a feature says about a step; the audit service adds sequence, time and hashes. */
export interface AuditDraft {
  /** Who acted; a failed sign-in of an unknown user has only the name that was tried. */
  actor: Actor | { username: string } | null;
  action: string;
  entityType: 'case' | 'user' | 'reopen_request' | 'activity' | 'audit' | 'route';
  entityId: string | null;
  caseId?: string | null;
  /**
   * The states whose auditors may read the entry: a case's sending and receiving states, or the
   * state of the account concerned. Empty only when no state is concerned (an unknown username).
   */
  states: ReadonlyArray<string>;
  fromState?: string | null;
  toState?: string | null;
  outcome: AuditOutcome;
  reason?: string | null;
  meta: RequestMeta | null;
}

/** The entry of a step on an account, for the auditors of the account's state; `by` took the step. */
export function accountEntry(
  by: AuditDraft['actor'],
  account: { id: string; state: string },
  action: string,
  outcome: AuditOutcome,
  reason: string | null,
  meta: RequestMeta | null,
): AuditDraft {
  return { actor: by, action, entityType: 'user', entityId: account.id, states: [account.state], outcome, reason, meta };
}
