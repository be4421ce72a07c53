import { addCalendarDays, endOfCompactDay, startOfCompactDay, type CompactDate } from '../../machines';
import { Deadline } from '../../src/deadlines/deadline.entity';

/** When the rows below were written, unless a test says otherwise. */
const WRITTEN_AT = new Date('2026-11-02T15:00:00Z');

/**
 * A deadline row as the transfer reply's clock writes one (45 days, rule 3.104, the receiving
 * state's), due on `dueOn` and open unless `fields` say otherwise: for tests that write rows
 * straight to the table, to read them back through the lists.
 */
export function deadlineRow(fields: Pick<Deadline, 'id' | 'caseId'> & { dueOn: CompactDate } & Partial<Deadline>): Deadline {
  const status = fields.status ?? 'open';
  const startOn = addCalendarDays(fields.dueOn, -45);
  return Object.assign(new Deadline(), {
    ...{ activityId: null, limit: 'TREP', ruleVersion: 'TREP@2000-01-01', rule: '3.104', limitDays: 45, limitUnit: 'calendar', measure: null },
    ...{ responsibleSide: 'receiving', responsibleState: 'TX', assigneeId: null, startedBy: 'SUBMIT_TRANSFER_REQUEST' },
    ...{ transmittedAt: null, receivedAt: null, startOn, startedAt: startOfCompactDay(startOn), dueAt: endOfCompactDay(fields.dueOn) },
    ...{ status, endedAt: status === 'open' ? null : WRITTEN_AT, endedBy: null, onTime: null, nextNoticeAt: null, createdAt: WRITTEN_AT },
    ...fields,
  });
}
