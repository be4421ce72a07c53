import { CASE_EVENT_TYPES, CASE_STATUSES, CLOSURE_REASONS, type CaseEventType } from './case-events';
import { allowedCaseEvents, caseStatusOf, decideCaseEvent, startCase, type CaseDecision } from './case-lifecycle';
import { CASE_CONTEXT_ADDED_IN_V2 } from './case-lifecycle.machine';
import type { Role } from './roles';
import { CorruptSnapshotError } from './snapshot-json';
import { EVERY_ACTOR, FACTS, LATER, ON, actorOf, caseIn, type Where } from './testing/case-actors';
import { TABLE, eventOf, lawfulSender, rolesOf, rowOf, targetOf } from './testing/case-table';

const refusalOf = (d: CaseDecision) => (d.allowed ? 'allowed' : d.refusal);

test('the design table covers every event type of the machine', () => {
  expect([...new Set(TABLE.map((r) => r.type))]).toEqual([...CASE_EVENT_TYPES]);
});

describe('allowed: each permitted role of the right state, from each status of the row', () => {
  const cases = TABLE.flatMap((row) => row.from.flatMap((from) => row.roles.map((role) => [row.type, from, role, row.side, targetOf(row), row] as const)));
  test.each(cases)('%s from %s by %s of the %s state -> %s', (type, from, role, side, to, row) => {
    const decision = decideCaseEvent(caseIn(from), { type, ...row.fields }, actorOf(role, side));
    expect(decision).toMatchObject({ allowed: true, from, to });
    if (decision.allowed) expect(caseStatusOf(decision.snapshot)).toBe(to);
  });
});

describe('forbidden: every other role, the other state and a third state', () => {
  const cases = CASE_EVENT_TYPES.flatMap((type) =>
    EVERY_ACTOR.filter((a) => !(rolesOf(type).includes(a.role) && a.where === rowOf(type).side)).map(
      (a) => [type, a.role, a.where] as [CaseEventType, Role, Where],
    ),
  );
  test.each(cases)('%s by %s of the %s state', (type, role, where) => {
    const row = rowOf(type);
    const decision = decideCaseEvent(caseIn(row.from[0]), eventOf(type), actorOf(role, where));
    expect(decision).toMatchObject({ allowed: false, from: row.from[0], refusal: 'forbidden' });
    const state = row.side === 'sending' ? FACTS.sendingState : FACTS.receivingState;
    const message = (decision as { message: string }).message;
    if (role === 'auditor' || role === 'state_admin') {
      expect(message).toBe('Auditors and state administrators cannot change a case.');
    } else {
      expect(message).toMatch(new RegExp(`^Only .+ of the ${row.side} state \\(${state}\\) may `));
    }
  });
});

describe('invalid: the lawful sender, from every status without the transition', () => {
  const cases = CASE_EVENT_TYPES.flatMap((type) => CASE_STATUSES.filter((s) => !rowOf(type).from.includes(s)).map((s) => [type, s] as const));
  test.each(cases)('%s from %s', (type, status) => {
    const decision = decideCaseEvent(caseIn(status), eventOf(type), lawfulSender(type));
    expect(decision).toMatchObject({ allowed: false, from: status, refusal: 'invalid' });
    const message = (decision as { message: string }).message;
    if (status === 'withdrawn') expect(message).toBe('A withdrawn case is final and cannot change.');
    else expect(message).toMatch(new RegExp(`can only be .+ ${rowOf(type).from.at(-1)}; this case is ${status}\\.$`));
  });
});

describe('bad_request', () => {
  const reasonCases = TABLE.filter((r) => 'reason' in r.fields && r === rowOf(r.type)).flatMap((row) =>
    [undefined, null, '', '  \t '].map((reason) => [row.type, JSON.stringify(reason), reason] as const),
  );
  test.each(reasonCases)('%s with reason %s', (type, _shown, reason) => {
    const from = rowOf(type).from[0];
    const decision = decideCaseEvent(caseIn(from), { ...eventOf(type), reason }, lawfulSender(type));
    expect(decision).toMatchObject({ allowed: false, from, refusal: 'bad_request' });
    expect((decision as { message: string }).message).toMatch(/^The field "reason" is required to .+ must not be blank\.$/);
  });

  test.each([undefined, null, '', '  ', 'paroled', 'DISCHARGED', ' discharged'])('closure notice with closureReason %p', (closureReason) => {
    const decision = decideCaseEvent(caseIn('active'), { type: 'SUBMIT_CLOSURE_NOTICE', closureReason }, actorOf('supervisor', 'receiving'));
    expect(decision).toMatchObject({ allowed: false, from: 'active', refusal: 'bad_request' });
    const message = (decision as { message: string }).message;
    expect(message).toContain('"closureReason"');
    for (const r of CLOSURE_REASONS) expect(message).toContain(r);
  });

  test('an unknown event type names the valid ones', () => {
    const decision = decideCaseEvent(caseIn('active'), { type: 'CLOSE' as CaseEventType }, lawfulSender('REOPEN'));
    expect(decision).toMatchObject({ allowed: false, from: 'active', refusal: 'bad_request' });
    const message = (decision as { message: string }).message;
    expect(message).toMatch(/^Unknown event "CLOSE"/);
    for (const t of CASE_EVENT_TYPES) expect(message).toContain(t);
  });
});

describe('planned release date of a transfer request before release (rule 3.105)', () => {
  const send = (plannedReleaseDate: string | undefined) =>
    decideCaseEvent(caseIn('draft'), { type: 'SUBMIT_TRANSFER_REQUEST', plannedReleaseDate, on: '2026-12-02' }, lawfulSender('SUBMIT_TRANSFER_REQUEST'));

  test.each([undefined, '2026-12-02', '2027-04-01'])('%p: none, today, or 120 days ahead is allowed', (date) => {
    expect(send(date)).toMatchObject({ allowed: true, to: 'compact_office_review' });
  });
  test.each([
    ['2027-04-02', /^Rule 3\.105: .+ no more than 120 days before the planned release; 2027-04-02 is 121 days away, so it may be sent from 2026-12-03\.$/],
    ['2026-12-01', /^The planned release date 2026-12-01 has passed \(today is 2026-12-02\)/],
    ['2027-02-30', /^plannedReleaseDate must be a date such as 2027-03-01; it is "2027-02-30"\.$/],
  ])('%s is refused: %p', (date, message) => {
    const decision = send(date);
    expect(decision).toMatchObject({ allowed: false, from: 'draft', refusal: 'bad_request', code: 'case.planned_release_not_allowed' });
    if (!decision.allowed) expect(decision.message).toMatch(message);
  });
  test('a step that carries no date is refused rather than judged by a guess', () => {
    const decision = decideCaseEvent(
      caseIn('draft'),
      { type: 'SUBMIT_TRANSFER_REQUEST', plannedReleaseDate: '2027-01-01' },
      lawfulSender('SUBMIT_TRANSFER_REQUEST'),
    );
    expect(decision).toMatchObject({ allowed: false, code: 'case.planned_release_not_allowed' });
  });
});

describe('refusal order: forbidden, then invalid, then bad_request', () => {
  test.each(CASE_EVENT_TYPES.map((type) => [type] as const))('%s: a wrong actor on a withdrawn case is forbidden', (type) => {
    const decision = decideCaseEvent(caseIn('withdrawn'), { type }, actorOf('compact_office', 'third'));
    expect(refusalOf(decision)).toBe('forbidden');
  });
  test.each(CASE_EVENT_TYPES.filter((type) => 'reason' in rowOf(type).fields || 'closureReason' in rowOf(type).fields).map((type) => [type] as const))(
    '%s: the lawful sender without a reason on a withdrawn case is invalid',
    (type) => {
      expect(refusalOf(decideCaseEvent(caseIn('withdrawn'), { type }, lawfulSender(type)))).toBe('invalid');
    },
  );
  test('an auditor without a reason is forbidden, not a bad request', () => {
    const decision = decideCaseEvent(caseIn('closed'), { type: 'REOPEN' }, actorOf('auditor', 'receiving'));
    expect(refusalOf(decision)).toBe('forbidden');
  });
});

describe('messages a person understands', () => {
  test.each([
    ['compact_office', 'sending', 'Only the compact office of the receiving state (TX) may reopen a closed case.'],
    [
      'field_officer',
      'receiving',
      'Only the compact office of the receiving state (TX) may reopen a closed case. ' + 'A field officer or supervisor may ask for it with a reopen request.',
    ],
    ['supervisor', 'third', 'Only the compact office of the receiving state (TX) may reopen a closed case.'],
  ] as const)('REOPEN by %s of the %s state', (role, where, message) => {
    const decision = decideCaseEvent(caseIn('closed'), eventOf('REOPEN'), actorOf(role, where));
    expect(decision).toMatchObject({ refusal: 'forbidden', message });
  });
  test('a transfer request by the receiving state names who may submit it', () => {
    const decision = decideCaseEvent(caseIn('draft'), eventOf('SUBMIT_TRANSFER_REQUEST'), actorOf('supervisor', 'receiving'));
    expect(decision).toMatchObject({
      message: 'Only a field officer, supervisor or compact office of the sending state (GA) may submit a transfer request.',
    });
  });
  test('a closure notice too early says when it is possible', () => {
    const decision = decideCaseEvent(caseIn('transfer_requested'), eventOf('SUBMIT_CLOSURE_NOTICE'), lawfulSender('SUBMIT_CLOSURE_NOTICE'));
    expect(decision).toMatchObject({
      message: 'A closure notice can only be submitted when the case is active; this case is transfer_requested.',
    });
  });
  test('a withdrawal too late lists every status that allows it', () => {
    const decision = decideCaseEvent(caseIn('active'), eventOf('WITHDRAW'), lawfulSender('WITHDRAW'));
    expect(decision).toMatchObject({
      message:
        'A case can only be withdrawn when it is draft, compact_office_review, reporting_instructions_requested, reporting_instructions_granted, ' +
        'reporting_instructions_denied, transfer_requested, rejected, accepted, acceptance_withdrawn, departed or failed_to_arrive; this case is active.',
    });
  });
});

describe('closure reason', () => {
  test.each(CLOSURE_REASONS.map((r) => [r] as const))('%s is recorded by the closure notice and kept when closed', (closureReason) => {
    const notice = decideCaseEvent(
      caseIn('active'),
      { ...eventOf('SUBMIT_CLOSURE_NOTICE'), closureReason, on: '2026-12-02' },
      lawfulSender('SUBMIT_CLOSURE_NOTICE'),
    );
    expect(notice).toMatchObject({ allowed: true, to: 'closure_pending', closureReason });
    if (!notice.allowed) return;
    expect(decideCaseEvent(notice.snapshot, { type: 'CONFIRM_CLOSURE' }, lawfulSender('CONFIRM_CLOSURE'))).toMatchObject({
      allowed: true,
      to: 'closed',
      closureReason,
    });
  });
  test.each([
    ['REJECT_CLOSURE', 'closure_pending'],
    ['REOPEN', 'closed'],
  ] as const)('%s from %s clears it', (type, from) => {
    const before = caseIn(from);
    expect((before.context as { closureReason: unknown }).closureReason).toBe('discharged');
    const decision = decideCaseEvent(before, eventOf(type), lawfulSender(type));
    expect(decision).toMatchObject({ allowed: true, to: 'active', closureReason: null });
  });
  test.each([
    ['2026-03-31', false],
    ['2026-04-01', true],
    [undefined, false],
  ] as const)('subsequent_state_transfer, ground (6) from 2026-04-01, on a notice sent on %s: allowed %s', (on, allowed) => {
    const decision = decideCaseEvent(
      caseIn('active'),
      { ...eventOf('SUBMIT_CLOSURE_NOTICE'), closureReason: 'subsequent_state_transfer', on },
      lawfulSender('SUBMIT_CLOSURE_NOTICE'),
    );
    expect(decision).toMatchObject(
      allowed ? { allowed, to: 'closure_pending' } : { allowed, refusal: 'bad_request', code: 'case.closure_ground_not_in_force' },
    );
    if (!decision.allowed)
      expect(decision.message).toMatch(
        /^The closure ground subsequent_state_transfer of rule 4\.112\(a\) may be given on closure notices sent from 2026-04-01/,
      );
  });
  test('the grounds of old are given on any date', () => {
    const decision = decideCaseEvent(
      caseIn('active'),
      { ...eventOf('SUBMIT_CLOSURE_NOTICE'), closureReason: 'discharged', on: '2020-01-02' },
      lawfulSender('SUBMIT_CLOSURE_NOTICE'),
    );
    expect(decision).toMatchObject({ allowed: true, to: 'closure_pending', closureReason: 'discharged' });
  });
  test('a new case has none', () => {
    const type = 'SUBMIT_TRANSFER_REQUEST';
    expect(decideCaseEvent(caseIn('draft'), eventOf(type), lawfulSender(type))).toMatchObject({ closureReason: null });
  });
});

describe("the sending state's closure on its retaking (rule 5.105)", () => {
  const ohio = actorOf('supervisor', 'sending');
  it('is refused until a warrant of the case was retaken, saying so', () => {
    expect(decideCaseEvent(caseIn('active'), { type: 'CLOSE_AFTER_RETAKING', on: ON }, ohio)).toMatchObject({
      allowed: false,
      code: 'case.not_retaken',
      refusal: 'invalid',
      message: expect.stringContaining('rule 5.105'),
    });
    expect(allowedCaseEvents(caseIn('active'), ohio, ON)).not.toContain('CLOSE_AFTER_RETAKING');
  });

  it('closes the case, on the ground of a return to the sending state, once one was', () => {
    const decision = decideCaseEvent(caseIn('active'), { type: 'CLOSE_AFTER_RETAKING', on: ON, retakenOn: ON }, ohio);
    expect(decision).toMatchObject({ allowed: true, from: 'active', to: 'closed', closureReason: 'returned_to_sending_state' });
    expect(allowedCaseEvents(caseIn('active'), ohio, ON, ON)).toContain('CLOSE_AFTER_RETAKING');
  });

  it('is the sending state’s: the receiving state is refused as for any of its steps', () => {
    expect(decideCaseEvent(caseIn('active'), { type: 'CLOSE_AFTER_RETAKING', on: ON, retakenOn: ON }, actorOf('compact_office', 'receiving'))).toMatchObject({
      allowed: false,
      code: 'case.not_sender',
    });
  });
});

describe('allowedCaseEvents', () => {
  test.each([
    ['draft', 'field_officer', 'sending', ['REQUEST_REPORTING_INSTRUCTIONS', 'SUBMIT_TRANSFER_REQUEST', 'WITHDRAW']],
    ['compact_office_review', 'compact_office', 'sending', ['TRANSMIT', 'SEND_BACK', 'WITHDRAW']],
    ['compact_office_review', 'field_officer', 'sending', ['WITHDRAW']],
    ['compact_office_review', 'compact_office', 'receiving', []],
    ['reporting_instructions_requested', 'compact_office', 'receiving', ['GRANT_REPORTING_INSTRUCTIONS', 'DENY_REPORTING_INSTRUCTIONS']],
    ['reporting_instructions_granted', 'supervisor', 'sending', ['SUBMIT_TRANSFER_REQUEST', 'WITHDRAW']],
    ['accepted', 'compact_office', 'receiving', []],
    ['departed', 'compact_office', 'receiving', ['NOTICE_OF_ARRIVAL']],
    ['failed_to_arrive', 'field_officer', 'receiving', ['NOTICE_OF_ARRIVAL']],
    ['draft', 'compact_office', 'receiving', []],
    ['transfer_requested', 'compact_office', 'receiving', ['ACCEPT_TRANSFER', 'REJECT_TRANSFER']],
    ['transfer_requested', 'compact_office', 'sending', ['WITHDRAW']],
    ['departed', 'supervisor', 'receiving', ['NOTICE_OF_ARRIVAL']],
    ['closure_pending', 'supervisor', 'sending', ['CONFIRM_CLOSURE', 'REJECT_CLOSURE']],
    ['closed', 'compact_office', 'receiving', ['REOPEN']],
    ['closed', 'field_officer', 'receiving', []],
    ['active', 'auditor', 'receiving', []],
    ['withdrawn', 'compact_office', 'sending', []],
  ] as const)('%s, %s of the %s state: %j', (status, role, where, expected) => {
    expect(allowedCaseEvents(caseIn(status), actorOf(role, where), ON)).toEqual(expected);
  });

  test.each(CASE_STATUSES.map((s) => [s] as const))('in %s it agrees with decideCaseEvent for every actor', (status) => {
    const snapshot = caseIn(status);
    for (const { actor } of EVERY_ACTOR) {
      const decidedAllowed = CASE_EVENT_TYPES.filter((type) => decideCaseEvent(snapshot, { ...eventOf(type), on: LATER }, actor).allowed);
      expect(allowedCaseEvents(snapshot, actor, LATER, eventOf('CLOSE_AFTER_RETAKING').retakenOn)).toEqual(decidedAllowed);
    }
  });
});

describe('stored snapshots', () => {
  test('a new case starts as a draft', () => {
    const started = startCase(FACTS);
    expect(started.status).toBe('draft');
    expect(caseStatusOf(started.snapshot)).toBe('draft');
    expect(started.snapshot.context).toEqual({ ...FACTS, closureReason: null, ...CASE_CONTEXT_ADDED_IN_V2 });
  });

  test.each(CASE_STATUSES.map((s) => [s] as const))('%s survives a JSON round trip unchanged', (status) => {
    const snapshot = caseIn(status);
    const copy = JSON.parse(JSON.stringify(snapshot));
    expect(copy).toStrictEqual(snapshot);
    expect(caseStatusOf(copy)).toBe(status);
    for (const type of CASE_EVENT_TYPES) {
      expect(decideCaseEvent(copy, eventOf(type), lawfulSender(type))).toStrictEqual(decideCaseEvent(snapshot, eventOf(type), lawfulSender(type)));
    }
  });

  const draftContext = caseIn('draft').context as object;
  test.each([
    ['an unknown status', { ...caseIn('draft'), value: 'lost' }],
    ['an unknown state code', { ...caseIn('draft'), context: { sendingState: 'XX', receivingState: 'TX', closureReason: null } }],
    ['an unknown closure reason', { ...caseIn('draft'), context: { ...FACTS, closureReason: 'paroled' } }],
    ['no context', { value: 'draft' }],
    ['a context of version 1', { ...caseIn('draft'), context: { ...FACTS, closureReason: null } }],
    ['a review of something unknown', { ...caseIn('draft'), context: { ...draftContext, review: { submitted: 'REOPEN', returnsTo: 'draft' } } }],
    ['a date that is not one', { ...caseIn('draft'), context: { ...draftContext, acceptedOn: '2026-13-01' } }],
  ])('%s is refused as corrupt, not misread', (_what, snapshot) => {
    expect(() => caseStatusOf(snapshot)).toThrow(CorruptSnapshotError);
    expect(() => decideCaseEvent(snapshot, eventOf('WITHDRAW'), lawfulSender('WITHDRAW'))).toThrow(CorruptSnapshotError);
  });
});
