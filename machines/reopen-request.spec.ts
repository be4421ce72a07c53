import { CASE_STATUSES } from './case-events';
import { decideCaseEvent } from './case-lifecycle';
import {
  allowedReopenRequestEvents,
  decideReopenRequestEvent,
  openReopenRequest,
  reopenRequestStatusOf,
  supersedeReopenRequest,
  type ReopenRequestDecision,
} from './reopen-request';
import { REOPEN_REQUEST_EVENT_TYPES, type ReopenRequestEventType } from './reopen-request-events';
import { mayRequestReopen } from './case-permissions';
import type { Role } from './roles';
import { CorruptSnapshotError } from './snapshot-json';
import { EVERY_ACTOR, actorOf, caseIn, type Where } from './testing/case-actors';
import { RECEIVING_OFFICE, REQUESTER, caseInStatus, pendingRequest } from './testing/reopen-requests';

const REASON = 'Because.';
const refusalOf = (d: { allowed: boolean; refusal?: string }) => (d.allowed ? 'allowed' : d.refusal);
const asks = (role: Role, where: Where) => (role === 'field_officer' || role === 'supervisor') && (where === 'sending' || where === 'receiving');

/** A request brought to a final status by whoever may do so. */
function requestIn(status: 'approved' | 'denied' | 'withdrawn' | 'superseded') {
  if (status === 'superseded') {
    const superseding = supersedeReopenRequest(pendingRequest(), 'active', RECEIVING_OFFICE);
    if (!superseding.allowed) throw new Error(superseding.message);
    return superseding.snapshot;
  }
  const type = ({ approved: 'APPROVE', denied: 'DENY', withdrawn: 'WITHDRAW' } as const)[status];
  const decision = decideReopenRequestEvent(pendingRequest(), { type, reason: REASON }, lawful(type));
  if (!decision.allowed) throw new Error(decision.message);
  return decision.snapshot;
}
const lawful = (type: ReopenRequestEventType) => (type === 'WITHDRAW' ? REQUESTER : RECEIVING_OFFICE);

describe('asking for a reopen', () => {
  const askers = EVERY_ACTOR.filter((a) => asks(a.role, a.where)).map((a) => [a.role, a.where] as const);
  test.each(askers)('a %s of the %s state may ask, with a reason, about a closed case', (role, where) => {
    const actor = actorOf(role, where);
    const opening = openReopenRequest(caseInStatus('closed'), 'Discharged by mistake.', actor);
    expect(opening).toMatchObject({ allowed: true });
    if (!opening.allowed) return;
    expect(reopenRequestStatusOf(opening.snapshot)).toBe('pending');
    expect(opening.snapshot.context).toEqual({ caseId: 'case-7', sendingState: 'GA', receivingState: 'TX', requestedById: actor.id });
  });

  const others = EVERY_ACTOR.filter((a) => !asks(a.role, a.where)).map((a) => [a.role, a.where] as const);
  test.each(others)('a %s of the %s state may not ask', (role, where) => {
    expect(openReopenRequest(caseInStatus('closed'), REASON, actorOf(role, where))).toEqual({
      allowed: false,
      code: 'reopen.not_asker',
      refusal: 'forbidden',
      message:
        'Only a field officer or supervisor of the sending state (GA) or the receiving state (TX) may ask for a ' +
        'closed case to be reopened; the compact office of the receiving state reopens a case itself.',
    });
  });

  test.each(CASE_STATUSES.filter((s) => s !== 'closed').map((s) => [s] as const))('a case that is %s cannot be asked about', (status) => {
    expect(openReopenRequest(caseInStatus(status), REASON, REQUESTER)).toEqual({
      allowed: false,
      code: 'reopen.case_not_closed',
      refusal: 'invalid',
      message: `A reopen request can only be made for a closed case; this case is ${status}.`,
    });
  });

  test.each([undefined, null, '', '   '])('reason %p is refused', (reason) => {
    expect(openReopenRequest(caseInStatus('closed'), reason, REQUESTER)).toMatchObject({
      allowed: false,
      code: 'reopen.reason_missing',
      refusal: 'bad_request',
      message: expect.stringContaining('"reason" is required'),
    });
  });

  test('refusal order: forbidden, then invalid, then bad_request', () => {
    expect(refusalOf(openReopenRequest(caseInStatus('active'), null, RECEIVING_OFFICE))).toBe('forbidden');
    expect(refusalOf(openReopenRequest(caseInStatus('active'), null, REQUESTER))).toBe('invalid');
  });

  test.each(CASE_STATUSES.map((s) => [s] as const))('mayRequestReopen agrees with openReopenRequest for a case that is %s', (status) => {
    for (const { actor } of EVERY_ACTOR) {
      expect(mayRequestReopen(caseInStatus(status), actor)).toBe(openReopenRequest(caseInStatus(status), REASON, actor).allowed);
    }
  });
});

describe('deciding a pending request', () => {
  const notReceivingOffice = EVERY_ACTOR.filter((a) => !(a.role === 'compact_office' && a.where === 'receiving'));

  test.each([REASON, undefined])('the compact office of the receiving state approves (reason %p)', (reason) => {
    expect(decideReopenRequestEvent(pendingRequest(), { type: 'APPROVE', reason }, RECEIVING_OFFICE)).toMatchObject({
      allowed: true,
      from: 'pending',
      to: 'approved',
    });
  });

  test('the compact office of the receiving state denies with a reason', () => {
    const decision = decideReopenRequestEvent(pendingRequest(), { type: 'DENY', reason: REASON }, RECEIVING_OFFICE);
    expect(decision).toMatchObject({ allowed: true, from: 'pending', to: 'denied' });
  });

  test.each([undefined, null, '', '  '])('a denial with reason %p is refused', (reason) => {
    expect(decideReopenRequestEvent(pendingRequest(), { type: 'DENY', reason }, RECEIVING_OFFICE)).toMatchObject({
      allowed: false,
      from: 'pending',
      code: 'reopen.denial_reason_missing',
      refusal: 'bad_request',
      message: 'The field "reason" is required to deny a reopen request and must not be blank.',
    });
  });

  const deciders = (['APPROVE', 'DENY'] as const).flatMap((type) => notReceivingOffice.map((a) => [type, a.role, a.where] as const));
  test.each(deciders)('%s by a %s of the %s state is forbidden', (type, role, where) => {
    const verb = type === 'APPROVE' ? 'approve' : 'deny';
    expect(decideReopenRequestEvent(pendingRequest(), { type, reason: REASON }, actorOf(role, where))).toEqual({
      allowed: false,
      from: 'pending',
      code: 'reopen.not_compact_office',
      refusal: 'forbidden',
      message: `Only the compact office of the receiving state (TX) may ${verb} a reopen request.`,
    });
  });

  test('the requester withdraws, without a reason', () => {
    expect(decideReopenRequestEvent(pendingRequest(), { type: 'WITHDRAW' }, REQUESTER)).toMatchObject({
      allowed: true,
      from: 'pending',
      to: 'withdrawn',
    });
  });

  const colleague = { ...REQUESTER, id: 'officer-18', username: 'officer-18' };
  test.each([...EVERY_ACTOR.map((a) => [a.actor.id, a.actor] as const), ['a colleague of the requester', colleague] as const])(
    'WITHDRAW by %s is forbidden',
    (_who, actor) => {
      expect(decideReopenRequestEvent(pendingRequest(), { type: 'WITHDRAW', reason: REASON }, actor)).toEqual({
        allowed: false,
        from: 'pending',
        code: 'reopen.not_requester',
        refusal: 'forbidden',
        message: 'Only the person who made this reopen request may withdraw it.',
      });
    },
  );

  test('an unknown event names the valid ones', () => {
    const decision = decideReopenRequestEvent(pendingRequest(), { type: 'REOPEN' as ReopenRequestEventType }, RECEIVING_OFFICE);
    expect(decision).toMatchObject({ allowed: false, from: 'pending', refusal: 'bad_request' });
    expect((decision as { message: string }).message).toBe('Unknown event "REOPEN"; the events of a reopen request are APPROVE, DENY or WITHDRAW.');
  });

  test.each(EVERY_ACTOR.map((a) => [a.role, a.where, a.actor] as const))(
    'approving by a %s of the %s state is allowed exactly when reopening the case would be',
    (_role, _where, actor) => {
      const approve = decideReopenRequestEvent(pendingRequest(), { type: 'APPROVE' }, actor);
      const reopen = decideCaseEvent(caseIn('closed'), { type: 'REOPEN', reason: REASON }, actor);
      expect(approve.allowed).toBe(reopen.allowed);
    },
  );
});

describe('superseding a pending request when its case leaves closed', () => {
  test.each(CASE_STATUSES.filter((s) => s !== 'closed').map((s) => [s] as const))('a case now %s supersedes it', (caseStatus) => {
    const decision = supersedeReopenRequest(pendingRequest(), caseStatus, RECEIVING_OFFICE);
    expect(decision).toMatchObject({ allowed: true, from: 'pending', to: 'superseded' });
    if (decision.allowed) expect(reopenRequestStatusOf(decision.snapshot)).toBe('superseded');
  });

  test('a case still closed does not', () => {
    expect(supersedeReopenRequest(pendingRequest(), 'closed', RECEIVING_OFFICE)).toEqual({
      allowed: false,
      from: 'pending',
      code: 'reopen.case_still_closed',
      refusal: 'invalid',
      message: 'A reopen request is superseded only when its case has left closed; this case is still closed.',
    });
  });

  test.each(['approved', 'denied', 'withdrawn', 'superseded'] as const)('a request already %s stays as it is', (status) => {
    expect(supersedeReopenRequest(requestIn(status), 'active', RECEIVING_OFFICE)).toMatchObject({ allowed: false, from: status, refusal: 'invalid' });
  });

  test('no person can send SUPERSEDE as a decision', () => {
    const decision = decideReopenRequestEvent(pendingRequest(), { type: 'SUPERSEDE' as ReopenRequestEventType }, RECEIVING_OFFICE);
    expect(decision).toMatchObject({ allowed: false, from: 'pending', refusal: 'bad_request' });
  });

  test('approving a superseded request is refused with a word on what to do', () => {
    expect(decideReopenRequestEvent(requestIn('superseded'), { type: 'APPROVE' }, RECEIVING_OFFICE)).toEqual({
      allowed: false,
      from: 'superseded',
      code: 'reopen.already_decided',
      refusal: 'invalid',
      message:
        'This reopen request was superseded: its case left closed while it was pending. It cannot change; ' +
        'if the case is closed again, make a new request.',
    });
  });
});

describe('a decided request is final', () => {
  const cases = (['approved', 'denied', 'withdrawn'] as const).flatMap((status) => REOPEN_REQUEST_EVENT_TYPES.map((type) => [status, type] as const));
  test.each(cases)('%s: %s by its lawful sender is invalid', (status, type) => {
    expect(decideReopenRequestEvent(requestIn(status), { type, reason: REASON }, lawful(type))).toEqual({
      allowed: false,
      from: status,
      code: 'reopen.already_decided',
      refusal: 'invalid',
      message: `This reopen request was already ${status} and cannot change.`,
    });
  });
  test('refusal order: a stranger is forbidden, a denial without reason is invalid', () => {
    expect(refusalOf(decideReopenRequestEvent(requestIn('approved'), { type: 'APPROVE' }, actorOf('auditor', 'receiving')))).toBe('forbidden');
    expect(refusalOf(decideReopenRequestEvent(requestIn('denied'), { type: 'DENY' }, RECEIVING_OFFICE))).toBe('invalid');
  });
});

describe('allowedReopenRequestEvents', () => {
  const results = (snapshot: Record<string, unknown>) =>
    Object.fromEntries([...EVERY_ACTOR.map((a) => a.actor), REQUESTER].map((a) => [a.id, allowedReopenRequestEvents(snapshot, a)]));

  test('while pending: approve or deny for the receiving compact office, withdraw for the requester, nothing for others', () => {
    const allowed = results(pendingRequest());
    for (const [id, events] of Object.entries(allowed)) {
      const expected = id === RECEIVING_OFFICE.id ? ['APPROVE', 'DENY'] : id === REQUESTER.id ? ['WITHDRAW'] : [];
      expect({ id, events }).toEqual({ id, events: expected });
    }
  });
  test.each(['approved', 'denied', 'withdrawn', 'superseded'] as const)('once %s: nothing for anyone', (status) => {
    for (const events of Object.values(results(requestIn(status)))) expect(events).toEqual([]);
  });
});

describe('stored snapshots', () => {
  test.each(['approved', 'denied', 'withdrawn', 'superseded'] as const)('%s survives a JSON round trip unchanged', (status) => {
    const snapshot = requestIn(status);
    const copy = JSON.parse(JSON.stringify(snapshot));
    expect(copy).toStrictEqual(snapshot);
    expect(reopenRequestStatusOf(copy)).toBe(status);
  });
  test('a pending request survives a JSON round trip, and is decided the same', () => {
    const snapshot = pendingRequest();
    const copy = JSON.parse(JSON.stringify(snapshot));
    expect(copy).toStrictEqual(snapshot);
    const decide = (s: Record<string, unknown>): ReopenRequestDecision => decideReopenRequestEvent(s, { type: 'APPROVE' }, RECEIVING_OFFICE);
    expect(decide(copy)).toStrictEqual(decide(snapshot));
  });
  test.each([
    ['an unknown status', { ...pendingRequest(), value: 'reopened' }],
    ['no requester', { ...pendingRequest(), context: { caseId: 'case-7', sendingState: 'GA', receivingState: 'TX' } }],
    ['not an object', null as unknown as Record<string, unknown>],
  ])('%s is refused as corrupt', (_what, snapshot) => {
    expect(() => reopenRequestStatusOf(snapshot)).toThrow(CorruptSnapshotError);
    expect(() => allowedReopenRequestEvents(snapshot, REQUESTER)).toThrow(CorruptSnapshotError);
  });
});
