/** What an auditor narrows the history by; every part is optional. */
export interface AuditFilter {
  caseId?: string;
  /** Username of the actor. */
  actor?: string;
  action?: string;
  outcome?: 'allowed' | 'denied' | 'error';
  from?: Date;
  to?: Date;
}

/** One line for the audit entry of a read or an export: what was asked for. */
export function describeFilter(f: AuditFilter): string {
  const parts = Object.entries(f)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v instanceof Date ? v.toISOString() : v}`);
  return parts.length ? parts.join(' ') : 'no filter';
}
