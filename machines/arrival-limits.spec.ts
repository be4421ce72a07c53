import { caseEventPossibleFrom, decideCaseEvent, migrateCaseSnapshot, startCase, type PersistedCaseSnapshot } from './case-lifecycle';
import type { CaseEventInput } from './case-events';
import type { Actor } from './roles';
import { FACTS, actorOf } from './testing/case-actors';
import caseV1 from './testing/stored-snapshots/case.v1.json';

const sendingOffice = actorOf('compact_office', 'sending');
const receivingOffice = actorOf('compact_office', 'receiving');
const receiver = actorOf('supervisor', 'receiving');

/** A case accepted on `acceptedOn`, and departed on `departedOn` when given. */
function moved(acceptedOn: string, departedOn?: string): PersistedCaseSnapshot {
  const steps: [CaseEventInput, Actor][] = [
    [{ type: 'SUBMIT_TRANSFER_REQUEST', on: acceptedOn }, sendingOffice],
    [{ type: 'ACCEPT_TRANSFER', on: acceptedOn }, receivingOffice],
  ];
  if (departedOn) steps.push([{ type: 'NOTICE_OF_DEPARTURE', on: departedOn }, sendingOffice]);
  let snapshot = startCase(FACTS).snapshot;
  for (const [event, actor] of steps) {
    const decision = decideCaseEvent(snapshot, event, actor);
    if (!decision.allowed) throw new Error(decision.message);
    snapshot = decision.snapshot;
  }
  return snapshot;
}

const withdrawAcceptance = (snapshot: PersistedCaseSnapshot, on: string) =>
  decideCaseEvent(snapshot, { type: 'WITHDRAW_ACCEPTANCE', reason: 'The limit passed.', on }, receivingOffice);

describe('withdrawing an acceptance nobody used (rule 3.104-1(d): 120 days)', () => {
  // Accepted Thursday 3 December 2026: day 120 is Friday 2 April 2027.
  const accepted = moved('2026-12-03');

  test('on the 120th day it is refused, saying from when it is possible', () => {
    const decision = withdrawAcceptance(accepted, '2027-04-02');
    expect(decision).toMatchObject({ allowed: false, from: 'accepted', refusal: 'invalid', code: 'case.not_yet' });
    if (!decision.allowed) {
      expect(decision.message).toBe(
        'Rule 3.104-1(d): you may withdraw an acceptance once no notice of departure has come within 120 days of 2026-12-03 (due 2027-04-02), ' +
          'that is from 2027-04-03; today is 2027-04-02.',
      );
    }
  });

  test('the day after, the compact office may withdraw it', () => {
    expect(withdrawAcceptance(accepted, '2027-04-03')).toMatchObject({ allowed: true, to: 'acceptance_withdrawn' });
    expect(caseEventPossibleFrom(accepted, 'WITHDRAW_ACCEPTANCE')).toBe('2027-04-03');
  });

  test('the sending state may then submit a new transfer request', () => {
    const withdrawn = withdrawAcceptance(accepted, '2027-04-03');
    if (!withdrawn.allowed) throw new Error(withdrawn.message);
    expect(decideCaseEvent(withdrawn.snapshot, { type: 'SUBMIT_TRANSFER_REQUEST', on: '2027-04-05' }, sendingOffice)).toMatchObject({
      allowed: true,
      to: 'transfer_requested',
    });
  });

  test('a step without a date is held back rather than judged by a guess', () => {
    expect(decideCaseEvent(accepted, { type: 'WITHDRAW_ACCEPTANCE', reason: 'Late.' }, receivingOffice)).toMatchObject({ code: 'case.not_yet' });
  });
});

describe('failure to arrive (rule 3.104-1(e): reporting by the 5th business day after departure)', () => {
  // Departed Tuesday 22 December 2026: Christmas Day is no business day, so the 5th is Wednesday 30 December.
  const departed = moved('2026-12-01', '2026-12-22');
  const failedToArrive = (on: string) => decideCaseEvent(departed, { type: 'NOTICE_OF_FAILURE_TO_ARRIVE', on }, receiver);

  test('on the 5th business day the notice is refused, naming the day after', () => {
    const decision = failedToArrive('2026-12-30');
    expect(decision).toMatchObject({ allowed: false, code: 'case.not_yet' });
    if (!decision.allowed) {
      expect(decision.message).toBe(
        'Rule 3.104-1(e): you may send a notice of failure to arrive once the person has not reported within 5 business days of 2026-12-22 ' +
          '(due 2026-12-30), that is from 2026-12-31; today is 2026-12-30.',
      );
    }
  });

  test('from the next day it goes through, and the person may still arrive', () => {
    const decision = failedToArrive('2026-12-31');
    expect(decision).toMatchObject({ allowed: true, to: 'failed_to_arrive', transmits: 'NOTICE_OF_FAILURE_TO_ARRIVE' });
    if (!decision.allowed) return;
    expect(decideCaseEvent(decision.snapshot, { type: 'NOTICE_OF_ARRIVAL', on: '2027-01-04' }, receiver)).toMatchObject({ allowed: true, to: 'active' });
  });

  test('the acceptance of a person who did not report may be withdrawn from the same day', () => {
    expect(withdrawAcceptance(departed, '2026-12-30')).toMatchObject({ allowed: false, code: 'case.not_yet' });
    expect(withdrawAcceptance(departed, '2026-12-31')).toMatchObject({ allowed: true, to: 'acceptance_withdrawn' });
  });

  test('a notice of arrival is never held back', () => {
    expect(decideCaseEvent(departed, { type: 'NOTICE_OF_ARRIVAL', on: '2026-12-22' }, receiver)).toMatchObject({ allowed: true, to: 'active' });
    expect(caseEventPossibleFrom(departed, 'NOTICE_OF_ARRIVAL')).toBeNull();
  });
});

describe('a case stored by version 1 kept no dates of its move', () => {
  test.each([
    ['accepted', 'WITHDRAW_ACCEPTANCE'],
    ['departed', 'NOTICE_OF_FAILURE_TO_ARRIVE'],
  ] as const)('in %s, %s is left to the compact office to judge', (status, type) => {
    const migrated = migrateCaseSnapshot(caseV1[status], 1);
    expect(caseEventPossibleFrom(migrated, type)).toBeNull();
    const actor = type === 'WITHDRAW_ACCEPTANCE' ? receivingOffice : receiver;
    expect(decideCaseEvent(migrated, { type, reason: 'Judged by the office.', on: '2026-12-03' }, actor)).toMatchObject({ allowed: true });
  });
});
