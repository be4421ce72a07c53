import { caseRecordOf, decideCaseEvent, startCase, type CaseDecision, type PersistedCaseSnapshot } from './case-lifecycle';
import type { CaseEventInput } from './case-events';
import type { Actor } from './roles';
import { FACTS, ON, actorOf, caseIn } from './testing/case-actors';

const officer = actorOf('field_officer', 'sending');
const supervisor = actorOf('supervisor', 'sending');
const sendingOffice = actorOf('compact_office', 'sending');
const receivingOffice = actorOf('compact_office', 'receiving');

/** The case after each step in turn, each sent on ON; a refused step fails the test with the refusal's words. */
function after(snapshot: PersistedCaseSnapshot, ...steps: [CaseEventInput, Actor][]): Extract<CaseDecision, { allowed: true }> {
  let decision: CaseDecision | null = null;
  for (const [event, actor] of steps) {
    decision = decideCaseEvent(snapshot, { on: ON, ...event }, actor);
    if (!decision.allowed) throw new Error(`${event.type} refused: ${decision.message}`);
    snapshot = decision.snapshot;
  }
  return decision as Extract<CaseDecision, { allowed: true }>;
}

const expedited: CaseEventInput = { type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'expedited' };
const living: CaseEventInput = { type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'living_in_receiving_state', sentencingDate: '2026-11-25' };

describe('nothing leaves the sending state without its compact office', () => {
  test.each([officer, supervisor])("a transfer request by the %s waits for the compact office's review", (author) => {
    const decision = after(startCase(FACTS).snapshot, [{ type: 'SUBMIT_TRANSFER_REQUEST' }, author]);
    expect(decision).toMatchObject({ to: 'compact_office_review', transmits: null });
    expect(caseRecordOf(decision.snapshot).review).toEqual({ submitted: 'SUBMIT_TRANSFER_REQUEST', returnsTo: 'draft' });
  });

  test('the compact office transmits it to the receiving state, and the review is over', () => {
    const decision = after(caseIn('compact_office_review'), [{ type: 'TRANSMIT' }, sendingOffice]);
    expect(decision).toMatchObject({ from: 'compact_office_review', to: 'transfer_requested', transmits: 'SUBMIT_TRANSFER_REQUEST' });
    expect(caseRecordOf(decision.snapshot).review).toBeNull();
  });

  test("the compact office's own transfer request leaves at once", () => {
    expect(after(startCase(FACTS).snapshot, [{ type: 'SUBMIT_TRANSFER_REQUEST' }, sendingOffice])).toMatchObject({
      to: 'transfer_requested',
      transmits: 'SUBMIT_TRANSFER_REQUEST',
    });
  });

  test('a request for reporting instructions under review is transmitted as one', () => {
    const reviewed = after(startCase(FACTS).snapshot, [expedited, officer]);
    expect(reviewed).toMatchObject({ to: 'compact_office_review', transmits: null });
    expect(after(reviewed.snapshot, [{ type: 'TRANSMIT' }, sendingOffice])).toMatchObject({
      to: 'reporting_instructions_requested',
      transmits: 'REQUEST_REPORTING_INSTRUCTIONS',
    });
  });

  test.each(['draft', 'rejected', 'reporting_instructions_granted', 'acceptance_withdrawn'] as const)(
    'a send-back returns a transfer request to %s, where it was submitted from',
    (origin) => {
      const submitted = after(caseIn(origin), [{ type: 'SUBMIT_TRANSFER_REQUEST' }, officer]);
      expect(caseRecordOf(submitted.snapshot).review).toEqual({ submitted: 'SUBMIT_TRANSFER_REQUEST', returnsTo: origin });
      const sentBack = after(submitted.snapshot, [{ type: 'SEND_BACK', reason: 'Sign the forms first.' }, sendingOffice]);
      expect(sentBack).toMatchObject({ from: 'compact_office_review', to: origin, transmits: null });
      expect(caseRecordOf(sentBack.snapshot).review).toBeNull();
    },
  );

  test('a send-back says why', () => {
    const decision = decideCaseEvent(caseIn('compact_office_review'), { type: 'SEND_BACK', reason: ' ' }, sendingOffice);
    expect(decision).toMatchObject({ allowed: false, code: 'case.reason_missing' });
  });

  test('neither the officer nor the other state transmits', () => {
    for (const actor of [officer, supervisor, receivingOffice]) {
      expect(decideCaseEvent(caseIn('compact_office_review'), { type: 'TRANSMIT' }, actor)).toMatchObject({ allowed: false, refusal: 'forbidden' });
    }
    expect(decideCaseEvent(caseIn('compact_office_review'), { type: 'TRANSMIT' }, officer)).toMatchObject({
      message: 'Only the compact office of the sending state (GA) may transmit what waits for the compact office.',
    });
  });
});

describe('reporting instructions (rules 3.103, 3.103-2 and 3.103-3)', () => {
  test('an expedited request records its kind, and no sentencing date', () => {
    const decision = after(startCase(FACTS).snapshot, [{ ...expedited, sentencingDate: '2026-11-01', sexOffender: true }, sendingOffice]);
    expect(decision).toMatchObject({ to: 'reporting_instructions_requested', transmits: 'REQUEST_REPORTING_INSTRUCTIONS' });
    expect(caseRecordOf(decision.snapshot).instructions).toEqual({ kind: 'expedited', sexOffender: true, sentencingDate: null });
  });

  test('a 3.103 request records the sentencing date its limit counts from', () => {
    const decision = after(startCase(FACTS).snapshot, [living, sendingOffice]);
    expect(caseRecordOf(decision.snapshot).instructions).toEqual({ kind: 'living_in_receiving_state', sexOffender: false, sentencingDate: '2026-11-25' });
  });

  test.each([
    [{ instructionsKind: undefined }, 'case.instructions_kind_missing', /^The field "instructionsKind" is required .+: living_in_receiving_state or expedited/],
    [{ instructionsKind: 'urgent' }, 'case.instructions_kind_missing', /instructionsKind/],
    [{ sentencingDate: undefined }, 'case.sentencing_date_missing', /^A request under rule 3\.103 gives "sentencingDate"/],
    [{ sentencingDate: '2026-02-30' }, 'case.sentencing_date_missing', /^sentencingDate must be a date such as 2026-11-20; it is "2026-02-30"\.$/],
    [{ sentencingDate: '2026-12-04' }, 'case.sentencing_date_missing', /^The sentencing date 2026-12-04 is after today \(2026-12-03\)\.$/],
  ])('%j is refused with %s', (change, code, message) => {
    const decision = decideCaseEvent(startCase(FACTS).snapshot, { ...living, ...change, on: ON }, officer);
    expect(decision).toMatchObject({ allowed: false, refusal: 'bad_request', code });
    if (!decision.allowed) expect(decision.message).toMatch(message);
  });

  test('only the receiving compact office grants or denies, and a denial says why', () => {
    const requested = caseIn('reporting_instructions_requested');
    expect(decideCaseEvent(requested, { type: 'GRANT_REPORTING_INSTRUCTIONS' }, actorOf('field_officer', 'receiving'))).toMatchObject({
      allowed: false,
      message: 'Only the compact office of the receiving state (TX) may grant reporting instructions.',
    });
    expect(decideCaseEvent(requested, { type: 'DENY_REPORTING_INSTRUCTIONS' }, receivingOffice)).toMatchObject({ code: 'case.reason_missing' });
    expect(after(requested, [{ type: 'GRANT_REPORTING_INSTRUCTIONS' }, receivingOffice])).toMatchObject({ to: 'reporting_instructions_granted' });
  });

  test('after a grant the transfer request goes through the same review', () => {
    const granted = caseIn('reporting_instructions_granted');
    expect(after(granted, [{ type: 'SUBMIT_TRANSFER_REQUEST' }, officer], [{ type: 'TRANSMIT' }, sendingOffice])).toMatchObject({
      to: 'transfer_requested',
      transmits: 'SUBMIT_TRANSFER_REQUEST',
    });
  });

  test('a denied request can only be withdrawn', () => {
    expect(decideCaseEvent(caseIn('reporting_instructions_denied'), { type: 'SUBMIT_TRANSFER_REQUEST', on: ON }, sendingOffice)).toMatchObject({
      allowed: false,
      refusal: 'invalid',
    });
    expect(after(caseIn('reporting_instructions_denied'), [{ type: 'WITHDRAW', reason: 'Stays in Georgia.' }, officer])).toMatchObject({ to: 'withdrawn' });
  });
});

describe('the rejection kind (rule 3.104(b))', () => {
  test.each(['incomplete', 'denied'])('%s is recorded, and cleared by the next transfer request', (rejectionKind) => {
    const rejected = after(caseIn('transfer_requested'), [{ type: 'REJECT_TRANSFER', reason: 'See the gaps.', rejectionKind }, receivingOffice]);
    expect(caseRecordOf(rejected.snapshot).rejectionKind).toBe(rejectionKind);
    expect(caseRecordOf(after(rejected.snapshot, [{ type: 'SUBMIT_TRANSFER_REQUEST' }, sendingOffice]).snapshot).rejectionKind).toBeNull();
  });

  test.each([undefined, 'unsure'])('a rejection of kind %p is refused, naming the kinds', (rejectionKind) => {
    const decision = decideCaseEvent(caseIn('transfer_requested'), { type: 'REJECT_TRANSFER', reason: 'No plan.', rejectionKind }, receivingOffice);
    expect(decision).toMatchObject({ allowed: false, refusal: 'bad_request', code: 'case.rejection_kind_missing' });
    if (!decision.allowed) expect(decision.message).toContain('incomplete or denied');
  });
});

describe('the closure notice gives the last known address and employment (rule 4.112)', () => {
  const notice = {
    type: 'SUBMIT_CLOSURE_NOTICE',
    closureReason: 'absconded',
    lastKnownAddress: ' 4 Oak Ave, Dallas ',
    lastKnownEmployment: 'Unemployed',
  } as const;
  const receiver = actorOf('field_officer', 'receiving');

  test('they are recorded, and a rejected notice clears them', () => {
    const noticed = after(caseIn('active'), [notice, receiver]);
    expect(caseRecordOf(noticed.snapshot).lastKnown).toEqual({ address: '4 Oak Ave, Dallas', employment: 'Unemployed' });
    const rejected = after(noticed.snapshot, [{ type: 'REJECT_CLOSURE', reason: 'Still supervised.' }, officer]);
    expect(caseRecordOf(rejected.snapshot)).toMatchObject({ lastKnown: null, closureReason: null });
  });

  test.each([
    ['lastKnownAddress', ''],
    ['lastKnownEmployment', '   '],
    ['lastKnownAddress', undefined],
  ])('%s %p is refused', (field, value) => {
    const decision = decideCaseEvent(caseIn('active'), { ...notice, [field]: value }, receiver);
    expect(decision).toMatchObject({ allowed: false, refusal: 'bad_request', code: 'case.last_known_missing' });
    if (!decision.allowed) expect(decision.message).toContain(`"${field}"`);
  });
});
