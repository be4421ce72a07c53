import type { Response } from 'supertest';
import type { CaseEventType, CaseStatus } from '../machines';
import type { Role } from '../machines/roles';
import { SupervisionCase } from '../src/cases/case.entity';
import type { CaseEventRequest } from '../src/cases/cases.service';
import { TestApp } from './support/test-app';

/**
 * Every event of the lifecycle table (README, "The lifecycle") against every role of every state, on
 * a case that Ohio sends to Texas. California is party to no case here: for its users the case does
 * not exist.
 *
 * The expectations below are written out by hand from that table, NOT read from machines/, so that a
 * wrong rule in the machine makes these tests fail instead of agreeing with it.
 */

type StateCode = 'OH' | 'TX' | 'CA';
type Side = 'sending' | 'receiving';

const STATUSES: readonly CaseStatus[] = ['draft', 'transfer_requested', 'rejected', 'accepted', 'departed', 'active', 'closure_pending', 'closed', 'withdrawn'];
const ROLES: readonly Role[] = ['field_officer', 'supervisor', 'compact_office', 'state_admin', 'auditor'];
const STATES: readonly StateCode[] = ['OH', 'TX', 'CA'];
const WORKERS: readonly Role[] = ['field_officer', 'supervisor', 'compact_office'];
const COMPACT_OFFICE_ONLY: readonly Role[] = ['compact_office'];

/** The case of every test: Ohio sends, Texas receives. */
const SIDE_STATE: Record<Side, StateCode> = { sending: 'OH', receiving: 'TX' };

interface Rule {
  from: readonly CaseStatus[];
  to: CaseStatus;
  side: Side;
  roles: readonly Role[];
  /** A body the table calls complete for this event (its reason or closure reason). */
  body: Omit<CaseEventRequest, 'type'>;
}

/** The README's lifecycle table, transcribed. */
const LIFECYCLE: Record<CaseEventType, Rule> = {
  SUBMIT_TRANSFER_REQUEST: { from: ['draft', 'rejected'], to: 'transfer_requested', side: 'sending', roles: WORKERS, body: {} },
  ACCEPT_TRANSFER: { from: ['transfer_requested'], to: 'accepted', side: 'receiving', roles: COMPACT_OFFICE_ONLY, body: {} },
  REJECT_TRANSFER: {
    from: ['transfer_requested'],
    to: 'rejected',
    side: 'receiving',
    roles: COMPACT_OFFICE_ONLY,
    body: { reason: 'Residence plan could not be verified.' },
  },
  WITHDRAW: {
    from: ['draft', 'transfer_requested', 'rejected', 'accepted', 'departed'],
    to: 'withdrawn',
    side: 'sending',
    roles: WORKERS,
    body: { reason: 'Offender chose to stay in the sending state.' },
  },
  NOTICE_OF_DEPARTURE: { from: ['accepted'], to: 'departed', side: 'sending', roles: WORKERS, body: {} },
  NOTICE_OF_ARRIVAL: { from: ['departed'], to: 'active', side: 'receiving', roles: WORKERS, body: {} },
  SUBMIT_CLOSURE_NOTICE: {
    from: ['active'],
    to: 'closure_pending',
    side: 'receiving',
    roles: WORKERS,
    body: { closureReason: 'absconded' },
  },
  CONFIRM_CLOSURE: { from: ['closure_pending'], to: 'closed', side: 'sending', roles: WORKERS, body: {} },
  REJECT_CLOSURE: {
    from: ['closure_pending'],
    to: 'active',
    side: 'sending',
    roles: WORKERS,
    body: { reason: 'Offender has not absconded; he reported yesterday.' },
  },
  REOPEN: {
    from: ['closed'],
    to: 'active',
    side: 'receiving',
    roles: COMPACT_OFFICE_ONLY,
    body: { reason: 'Offender apprehended; supervision resumes.' },
  },
};
const EVENTS = Object.keys(LIFECYCLE) as CaseEventType[];
const REASON_REQUIRED: readonly CaseEventType[] = ['REJECT_TRANSFER', 'WITHDRAW', 'REJECT_CLOSURE', 'REOPEN'];

const userOf = (state: StateCode, role: Role) => `${state.toLowerCase()}.${role}`;

/**
 * The statuses (as SETUP reaches them) in which the case has not left Ohio: no transfer request was
 * ever sent, so for Texas, as for California, it does not exist (README, "The lifecycle").
 */
const NEVER_SENT: readonly CaseStatus[] = ['draft', 'withdrawn'];
const existsFor = (state: StateCode, status: CaseStatus) => state === 'OH' || (state === 'TX' && !NEVER_SENT.includes(status));

function mayAct(event: CaseEventType, state: StateCode, role: Role): boolean {
  const rule = LIFECYCLE[event];
  return SIDE_STATE[rule.side] === state && rule.roles.includes(role);
}

/** What the table says this user may do with the case in this status, given complete bodies. */
function expectedAllowedEvents(status: CaseStatus, state: StateCode, role: Role): CaseEventType[] {
  return EVENTS.filter((e) => LIFECYCLE[e].from.includes(status) && mayAct(e, state, role)).sort();
}

/** How to bring a fresh OH->TX case into each status, with people allowed to do each step. */
type Step = [username: string, event: CaseEventRequest];
const submit: Step = ['oh.field_officer', { type: 'SUBMIT_TRANSFER_REQUEST' }];
const accept: Step = ['tx.compact_office', { type: 'ACCEPT_TRANSFER' }];
const depart: Step = ['oh.supervisor', { type: 'NOTICE_OF_DEPARTURE' }];
const arrive: Step = ['tx.field_officer', { type: 'NOTICE_OF_ARRIVAL' }];
const closureNotice: Step = ['tx.field_officer', { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'discharged' }];
const SETUP: Record<CaseStatus, Step[]> = {
  draft: [],
  transfer_requested: [submit],
  rejected: [submit, ['tx.compact_office', { type: 'REJECT_TRANSFER', reason: 'No approved residence.' }]],
  accepted: [submit, accept],
  departed: [submit, accept, depart],
  active: [submit, accept, depart, arrive],
  closure_pending: [submit, accept, depart, arrive, closureNotice],
  closed: [submit, accept, depart, arrive, closureNotice, ['oh.compact_office', { type: 'CONFIRM_CLOSURE' }]],
  withdrawn: [['oh.field_officer', { type: 'WITHDRAW', reason: 'Opened by mistake.' }]],
};

describe('authorization matrix: every event x role x state (OH sends, TX receives, CA is a third state)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
    // Sign everyone in once, so that the matrix itself only costs one request per cell.
    for (const state of STATES) for (const role of ROLES) await t.token(userOf(state, role));
  }, 60_000);
  afterAll(() => t.close());

  async function caseIn(status: CaseStatus): Promise<SupervisionCase> {
    const opened = await t.cases.open(
      { offenderName: 'Matrix Case', offenderId: 'OH-M-1', sendingState: 'OH', receivingState: 'TX' },
      t.actor('oh.field_officer'),
      null,
    );
    for (const [who, event] of SETUP[status]) await t.cases.applyEvent(opened.id, event, t.actor(who), null);
    const row = await stored(opened.id);
    if (row.status !== status) throw new Error(`setup reached ${row.status}, not ${status}`);
    return row;
  }

  const stored = (id: string) => t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id });

  async function send(username: string, id: string, body: object): Promise<Response> {
    return (await t.as(username)).post(`/cases/${id}/events`).send(body);
  }

  /** The one audit entry this request wrote (found by its request id, which is also the error's reference). */
  async function entryOf(res: Response) {
    const requestId = res.headers['x-request-id'];
    expect(requestId).toBeTruthy();
    const entries = await t.auditEntries({ requestId });
    expect(entries).toHaveLength(1);
    return entries[0];
  }

  async function expectDeniedAndUnchanged(res: Response, before: SupervisionCase, event: CaseEventType, username: string) {
    const entry = await entryOf(res);
    expect(entry).toMatchObject({ caseId: before.id, action: event, actorUsername: username, outcome: 'denied' });
    expect(entry.reason).toBeTruthy();
    const after = await stored(before.id);
    expect({ status: after.status, version: after.version, closureReason: after.closureReason }).toEqual({
      status: before.status,
      version: before.version,
      closureReason: before.closureReason,
    });
  }

  describe('from a status where the event is possible: 200 for the permitted, 403 for the wrong role or side, 404 for a third state', () => {
    const rows = EVENTS.flatMap((event) =>
      LIFECYCLE[event].from.flatMap((from) =>
        STATES.flatMap((state) =>
          ROLES.map((role) => ({
            event,
            from,
            role,
            state,
            user: userOf(state, role),
            expected: !existsFor(state, from) ? 404 : mayAct(event, state, role) ? 200 : 403,
          })),
        ),
      ),
    );

    it('covers every event of the lifecycle table, every role and every state', () => {
      expect(new Set(rows.map((r) => r.event)).size).toBe(10);
      expect(rows).toHaveLength(15 * 15);
      // Sanity of the hand-written table: on an OH->TX case 'withdrawn' is reached only by WITHDRAW, and the
      // compact office alone decides transfers and reopens.
      expect(rows.filter((r) => r.expected === 200 && r.event === 'REOPEN').map((r) => r.user)).toEqual(['tx.compact_office']);
    });

    test.each(rows)('$event from $from by $user -> $expected', async ({ event, from, user, state, role, expected }) => {
      const before = await caseIn(from);
      const rule = LIFECYCLE[event];
      const res = await send(user, before.id, { type: event, ...rule.body });
      expect(res.status).toBe(expected);

      if (expected === 200) {
        expect(res.body).toMatchObject({ id: before.id, status: rule.to, version: before.version + 1 });
        if (event === 'SUBMIT_CLOSURE_NOTICE') expect(res.body.closureReason).toBe('absconded');
        if (event === 'REJECT_CLOSURE' || event === 'REOPEN') expect(res.body.closureReason).toBeNull();
        // The lifecycle events now open to this user (other offers, such as asking for a reopen, aside).
        const lifecycleEvents = (res.body.allowedEvents as string[]).filter((e) => (EVENTS as string[]).includes(e));
        expect(lifecycleEvents.sort()).toEqual(expectedAllowedEvents(rule.to, state, role));
        const after = await stored(before.id);
        expect({ status: after.status, version: after.version }).toEqual({ status: rule.to, version: before.version + 1 });
        const entry = await entryOf(res);
        expect(entry).toMatchObject({
          caseId: before.id,
          action: event,
          actorUsername: user,
          actorRole: role,
          actorState: state,
          fromState: from,
          toState: rule.to,
          outcome: 'allowed',
        });
        if (rule.body.reason) expect(entry.reason).toContain(rule.body.reason);
        if (rule.body.closureReason) expect(entry.reason).toContain(rule.body.closureReason);
        return;
      }

      expect(res.body).toMatchObject({ statusCode: expected, reference: res.headers['x-request-id'] });
      if (expected === 404) {
        expect(res.body.message).toBe('No case with this id exists among the cases of your state.');
      } else if (role === 'auditor' || role === 'state_admin') {
        expect(res.body.message).toMatch(/cannot change a case/i);
      } else {
        // Tells the person who may do it instead: the state of the side whose duty it is.
        expect(res.body.message).toContain(`(${SIDE_STATE[rule.side]})`);
      }
      await expectDeniedAndUnchanged(res, before, event, user);
    });
  });

  describe('from a status where the event is impossible: 409 for a permitted person, case unchanged (404 where it was never sent to them)', () => {
    const rows = EVENTS.flatMap((event) => {
      const rule = LIFECYCLE[event];
      const state = SIDE_STATE[rule.side];
      const user = userOf(state, rule.roles[rule.roles.length - 1]);
      return STATUSES.filter((s) => !rule.from.includes(s)).map((status) => ({ event, status, user, expected: existsFor(state, status) ? 409 : 404 }));
    });

    it('covers every event in every status it does not leave from, withdrawn included', () => {
      expect(rows).toHaveLength(10 * 9 - 15);
      expect(rows.filter((r) => r.status === 'withdrawn')).toHaveLength(10);
      expect(rows.filter((r) => r.expected === 404).length).toBeGreaterThan(0);
    });

    test.each(rows)('$event on a $status case by $user -> $expected', async ({ event, status, user, expected }) => {
      const before = await caseIn(status);
      const res = await send(user, before.id, { type: event, ...LIFECYCLE[event].body });
      if (expected === 404) {
        expect(res.status).toBe(404);
        expect(res.body.message).toBe('No case with this id exists among the cases of your state.');
        await expectDeniedAndUnchanged(res, before, event, user);
        return;
      }
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', reference: res.headers['x-request-id'] });
      // The person learns why: the case's status (or that a withdrawn case is final).
      if (status === 'withdrawn') expect(res.body.message).toMatch(/withdrawn case is final/i);
      else expect(res.body.message).toContain(`is ${status}`);
      await expectDeniedAndUnchanged(res, before, event, user);
    });
  });

  describe('a required reason or closure reason missing: 400 from the rules, case unchanged', () => {
    const rows = [
      ...REASON_REQUIRED.flatMap((event) => {
        const rule = LIFECYCLE[event];
        const user = userOf(SIDE_STATE[rule.side], rule.roles[0]);
        return rule.from.flatMap((from) => [
          { event, from, user, what: 'no reason', body: { type: event }, field: 'reason' },
          { event, from, user, what: 'an empty reason', body: { type: event, reason: '' }, field: 'reason' },
          { event, from, user, what: 'a blank reason', body: { type: event, reason: '  \t ' }, field: 'reason' },
        ]);
      }),
      {
        event: 'SUBMIT_CLOSURE_NOTICE' as CaseEventType,
        from: 'active' as CaseStatus,
        user: 'tx.supervisor',
        what: 'no closureReason',
        body: { type: 'SUBMIT_CLOSURE_NOTICE', reason: 'Discharged early.' },
        field: 'closureReason',
      },
    ];

    test.each(rows)('$event from $from by $user with $what -> 400', async ({ event, from, user, body, field }) => {
      const before = await caseIn(from);
      const res = await send(user, before.id, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', reference: res.headers['x-request-id'] });
      expect(res.body.message).toContain(`"${field}"`);
      await expectDeniedAndUnchanged(res, before, event, user);
    });
  });
});
