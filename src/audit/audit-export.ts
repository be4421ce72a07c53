import type { AuditEntryView } from './dto/audit-entry.view';

const CSV_COLUMNS = [
  'seq',
  'occurredAt',
  'actorId',
  'actorUsername',
  'actorRole',
  'actorState',
  'action',
  'entityType',
  'entityId',
  'caseId',
  'states',
  'fromState',
  'toState',
  'outcome',
  'reason',
  'requestId',
  'clientAddress',
  'prevHash',
  'hash',
] as const;

/**
 * A CSV cell that a spreadsheet will not run as a formula (OWASP "CSV injection"): a leading
 * =, +, -, @, tab or carriage return gets a quote mark in front, then the cell is quoted as RFC 4180 asks.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\r\n';
}

export function csvRow(e: AuditEntryView): string {
  const flat: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    seq: e.seq,
    occurredAt: e.occurredAt,
    actorId: e.actor.id,
    actorUsername: e.actor.username,
    actorRole: e.actor.role,
    actorState: e.actor.state,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    caseId: e.caseId,
    states: e.states.join(' '),
    fromState: e.fromState,
    toState: e.toState,
    outcome: e.outcome,
    reason: e.reason,
    requestId: e.requestId,
    clientAddress: e.clientAddress,
    prevHash: e.prevHash,
    hash: e.hash,
  };
  return CSV_COLUMNS.map((c) => csvCell(flat[c])).join(',') + '\r\n';
}

export function ndjsonRow(e: AuditEntryView): string {
  return JSON.stringify(e) + '\n';
}
