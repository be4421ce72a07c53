import type { Response } from 'supertest';
import { CASE_STATUSES, type CaseEventType, type CaseStatus } from '../machines';
import type { Role } from '../machines/roles';
import { SupervisionCase } from '../src/cases/case.entity';
import type { CaseEventRequest } from '../src/cases/cases.service';
import { Clock } from '../src/common/clock';
import { LAST_KNOWN } from './support/case-steps';
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

/**
 * The places a case is brought to, each once: its status, and for compact_office_review what was
 * submitted from where (an instructions request from a draft, a transfer request from a draft, after
 * a rejection, after instructions were granted or after an acceptance was withdrawn).
 */
type Review = 'compact_office_review' | 'instructions_review' | 'resubmission_review' | 'granted_review' | 'rewithdrawn_review';
type Setup = CaseStatus | Review;
/** Each review, and the status its submission came from (where a send-back returns it). */
const REVIEWS: Record<Review, CaseStatus> = {
  compact_office_review: 'draft',
  instructions_review: 'draft',
  resubmission_review: 'rejected',
  granted_review: 'reporting_instructions_granted',
  rewithdrawn_review: 'acceptance_withdrawn',
};
const REVIEW_SETUPS = Object.keys(REVIEWS) as Review[];
const isReview = (setup: Setup): setup is Review => (REVIEW_SETUPS as readonly Setup[]).includes(setup);
const SETUP_STATUS = (setup: Setup): CaseStatus => (isReview(setup) ? 'compact_office_review' : setup);
/** Every status, and compact_office_review in each of the ways a case comes to it. */
const SETUPS: readonly Setup[] = CASE_STATUSES.flatMap((status): Setup[] => (status === 'compact_office_review' ? REVIEW_SETUPS : [status]));
const ROLES: readonly Role[] = ['field_officer', 'supervisor', 'compact_office', 'state_admin', 'auditor'];
const STATES: readonly StateCode[] = ['OH', 'TX', 'CA'];
const WORKERS: readonly Role[] = ['field_officer', 'supervisor', 'compact_office'];
const COMPACT_OFFICE_ONLY: readonly Role[] = ['compact_office'];

/** The case of every test: Ohio sends, Texas receives. */
const SIDE_STATE: Record<Side, StateCode> = { sending: 'OH', receiving: 'TX' };

interface Rule {
  from: readonly Setup[];
  /** Where the event takes the case: for some it depends on who sends it, or on what was submitted. */
  to: CaseStatus | ((role: Role, from: Setup) => CaseStatus);
  side: Side;
  roles: readonly Role[];
  /** A body the table calls complete for this event (its reason, kind or closure fields). */
  body: Omit<CaseEventRequest, 'type'>;
  /** Days to move the clock on, from each status, before the event may be sent at all. */
  waits?: Partial<Record<Setup, number>>;
}

/** An officer's or supervisor's submission goes to their compact office's review; the compact office's own goes out. */
const reviewedUnless = (sent: CaseStatus) => (role: Role) => (role === 'compact_office' ? sent : 'compact_office_review');

/** The README's lifecycle table, transcribed. */
const LIFECYCLE: Record<CaseEventType, Rule> = {
  REQUEST_REPORTING_INSTRUCTIONS: {
    from: ['draft'],
    to: reviewedUnless('reporting_instructions_requested'),
    side: 'sending',
    roles: WORKERS,
    body: { instructionsKind: 'expedited' },
  },
  SUBMIT_TRANSFER_REQUEST: {
    from: ['draft', 'rejected', 'reporting_instructions_granted', 'acceptance_withdrawn'],
    to: reviewedUnless('transfer_requested'),
    side: 'sending',
    roles: WORKERS,
    body: {},
  },
  TRANSMIT: {
    from: REVIEW_SETUPS,
    to: (_role, from) => (from === 'instructions_review' ? 'reporting_instructions_requested' : 'transfer_requested'),
    side: 'sending',
    roles: COMPACT_OFFICE_ONLY,
    body: {},
  },
  SEND_BACK: {
    from: REVIEW_SETUPS,
    to: (_role, from) => REVIEWS[from as Review],
    side: 'sending',
    roles: COMPACT_OFFICE_ONLY,
    body: { reason: "The residence plan lacks the landlord's name." },
  },
  GRANT_REPORTING_INSTRUCTIONS: {
    from: ['reporting_instructions_requested'],
    to: 'reporting_instructions_granted',
    side: 'receiving',
    roles: COMPACT_OFFICE_ONLY,
    body: {},
  },
  DENY_REPORTING_INSTRUCTIONS: {
    from: ['reporting_instructions_requested'],
    to: 'reporting_instructions_denied',
    side: 'receiving',
    roles: COMPACT_OFFICE_ONLY,
    body: { reason: 'No family in the receiving state.' },
  },
  ACCEPT_TRANSFER: { from: ['transfer_requested'], to: 'accepted', side: 'receiving', roles: COMPACT_OFFICE_ONLY, body: {} },
  REJECT_TRANSFER: {
    from: ['transfer_requested'],
    to: 'rejected',
    side: 'receiving',
    roles: COMPACT_OFFICE_ONLY,
    body: { reason: 'Residence plan could not be verified.', rejectionKind: 'denied' },
  },
  WITHDRAW_ACCEPTANCE: {
    from: ['accepted', 'departed'],
    to: 'acceptance_withdrawn',
    side: 'receiving',
    roles: COMPACT_OFFICE_ONLY,
    body: { reason: 'The person did not come within the time allowed.' },
    // From the day after the 120th day since acceptance; from the day after the 5th business day after departure.
    waits: { accepted: 130, departed: 14 },
  },
  WITHDRAW: {
    // Every status before active, but a withdrawn case's.
    from: SETUPS.filter((s) => !['active', 'closure_pending', 'closed', 'withdrawn'].includes(s)),
    to: 'withdrawn',
    side: 'sending',
    roles: WORKERS,
    body: { reason: 'Offender chose to stay in the sending state.' },
  },
  NOTICE_OF_DEPARTURE: { from: ['accepted'], to: 'departed', side: 'sending', roles: WORKERS, body: {} },
  NOTICE_OF_ARRIVAL: { from: ['departed', 'failed_to_arrive'], to: 'active', side: 'receiving', roles: WORKERS, body: {} },
  NOTICE_OF_FAILURE_TO_ARRIVE: {
    from: ['departed'],
    to: 'failed_to_arrive',
    side: 'receiving',
    roles: WORKERS,
    body: {},
    waits: { departed: 14 },
  },
  SUBMIT_CLOSURE_NOTICE: {
    from: ['active'],
    to: 'closure_pending',
    side: 'receiving',
    roles: WORKERS,
    body: { closureReason: 'absconded', ...LAST_KNOWN },
  },
  CONFIRM_CLOSURE: { from: ['closure_pending'], to: 'closed', side: 'sending', roles: WORKERS, body: {} },
  REJECT_CLOSURE: {
    from: ['closure_pending'],
    to: 'active',
    side: 'sending',
    roles: WORKERS,
    body: { reason: 'Offender has not absconded; he reported yesterday.' },
  },
  // Only once the sending state has retaken the person on a warrant (a supervision activity): no case
  // of this matrix has one, so it is possible from no status here (test/supervision-activities has it).
  CLOSE_AFTER_RETAKING: { from: [], to: 'closed', side: 'sending', roles: WORKERS, body: {} },
  REOPEN: {
    from: ['closed'],
    to: 'active',
    side: 'receiving',
    roles: COMPACT_OFFICE_ONLY,
    body: { reason: 'Offender apprehended; supervision resumes.' },
  },
};
const EVENTS = Object.keys(LIFECYCLE) as CaseEventType[];
const REASON_REQUIRED: readonly CaseEventType[] = [
  'SEND_BACK',
  'DENY_REPORTING_INSTRUCTIONS',
  'REJECT_TRANSFER',
  'WITHDRAW_ACCEPTANCE',
  'WITHDRAW',
  'REJECT_CLOSURE',
  'REOPEN',
];
/** The other fields version 2 requires, each left out of an otherwise complete body. */
const FIELD_REQUIRED: ReadonlyArray<[CaseEventType, keyof CaseEventRequest]> = [
  ['REQUEST_REPORTING_INSTRUCTIONS', 'instructionsKind'],
  ['REJECT_TRANSFER', 'rejectionKind'],
  ['SUBMIT_CLOSURE_NOTICE', 'lastKnownAddress'],
  ['SUBMIT_CLOSURE_NOTICE', 'lastKnownEmployment'],
];
const targetOf = (event: CaseEventType, role: Role, from: Setup): CaseStatus => {
  const to = LIFECYCLE[event].to;
  return typeof to === 'function' ? to(role, from) : to;
};
/** The events that wait on a date in a status, so are not open the day the case enters it. */
const heldBackIn = (status: CaseStatus) => EVENTS.filter((e) => LIFECYCLE[e].waits?.[status as Setup] !== undefined);

const userOf = (state: StateCode, role: Role) => `${state.toLowerCase()}.${role}`;

/**
 * The places (as SETUP reaches them) in which the case has not left Ohio: nothing was ever
 * transmitted, so for Texas, as for California, it does not exist (README, "The lifecycle").
 */
const NEVER_SENT: readonly Setup[] = ['draft', 'compact_office_review', 'instructions_review', 'withdrawn'];
const existsFor = (state: StateCode, setup: Setup) => state === 'OH' || (state === 'TX' && !NEVER_SENT.includes(setup));

function mayAct(event: CaseEventType, state: StateCode, role: Role): boolean {
  const rule = LIFECYCLE[event];
  return SIDE_STATE[rule.side] === state && rule.roles.includes(role);
}

/** What the table says this user may do with the case on entering this status, given complete bodies. */
function expectedAllowedEvents(status: CaseStatus, state: StateCode, role: Role): CaseEventType[] {
  return EVENTS.filter((e) => LIFECYCLE[e].from.some((f) => SETUP_STATUS(f) === status) && mayAct(e, state, role) && !heldBackIn(status).includes(e)).sort();
}

/** How to bring a fresh OH->TX case to each place, with people allowed to do each step; a number moves the clock that many days on. */
type Step = [username: string, event: CaseEventRequest] | number;
const submit: Step = ['oh.compact_office', { type: 'SUBMIT_TRANSFER_REQUEST' }];
const accept: Step = ['tx.compact_office', { type: 'ACCEPT_TRANSFER' }];
const depart: Step = ['oh.supervisor', { type: 'NOTICE_OF_DEPARTURE' }];
const arrive: Step = ['tx.field_officer', { type: 'NOTICE_OF_ARRIVAL' }];
const reject: Step = ['tx.compact_office', { type: 'REJECT_TRANSFER', reason: 'No approved residence.', rejectionKind: 'incomplete' }];
const askInstructions: Step = ['oh.compact_office', { type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'expedited' }];
const grant: Step = ['tx.compact_office', { type: 'GRANT_REPORTING_INSTRUCTIONS' }];
const withdrawAcceptance: Step = ['tx.compact_office', { type: 'WITHDRAW_ACCEPTANCE', reason: 'Never came.' }];
const closureNotice: Step = ['tx.field_officer', { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'discharged', ...LAST_KNOWN }];
const SETUP: Record<Setup, Step[]> = {
  draft: [],
  compact_office_review: [['oh.field_officer', { type: 'SUBMIT_TRANSFER_REQUEST' }]],
  instructions_review: [['oh.supervisor', { type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'expedited' }]],
  resubmission_review: [submit, reject, ['oh.field_officer', { type: 'SUBMIT_TRANSFER_REQUEST' }]],
  granted_review: [askInstructions, grant, ['oh.field_officer', { type: 'SUBMIT_TRANSFER_REQUEST' }]],
  rewithdrawn_review: [submit, accept, 130, withdrawAcceptance, ['oh.supervisor', { type: 'SUBMIT_TRANSFER_REQUEST' }]],
  reporting_instructions_requested: [askInstructions],
  reporting_instructions_granted: [askInstructions, grant],
  reporting_instructions_denied: [askInstructions, ['tx.compact_office', { type: 'DENY_REPORTING_INSTRUCTIONS', reason: 'No family there.' }]],
  transfer_requested: [submit],
  rejected: [submit, reject],
  accepted: [submit, accept],
  acceptance_withdrawn: [submit, accept, 130, withdrawAcceptance],
  departed: [submit, accept, depart],
  failed_to_arrive: [submit, accept, depart, 14, ['tx.supervisor', { type: 'NOTICE_OF_FAILURE_TO_ARRIVE' }]],
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

  /** Moves the clock on, never back, so that every case's days follow one another (sign-ins are then made anew). */
  function laterBy(days: number) {
    const clock = t.app.get(Clock);
    clock.runFrom(new Date(clock.now().getTime() + days * 86_400_000));
    t.forgetSignIns();
  }

  async function caseIn(setup: Setup, waitDays = 0): Promise<SupervisionCase> {
    const opened = await t.cases.open(
      { offenderName: 'Matrix Case', offenderId: 'OH-M-1', sendingState: 'OH', receivingState: 'TX' },
      t.actor('oh.field_officer'),
      null,
    );
    for (const step of SETUP[setup]) {
      if (typeof step === 'number') laterBy(step);
      else await t.cases.applyEvent(opened.id, step[1], t.actor(step[0]), null);
    }
    if (waitDays > 0) laterBy(waitDays);
    const row = await stored(opened.id);
    if (row.status !== SETUP_STATUS(setup)) throw new Error(`setup reached ${row.status}, not ${setup}`);
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
      expect(new Set(rows.map((r) => r.event)).size).toBe(17);
      expect(rows).toHaveLength(EVENTS.reduce((n, e) => n + LIFECYCLE[e].from.length, 0) * 15);
      // Sanity of the hand-written table: the compact office alone decides transfers and reopens, and the
      // receiving state cannot act on what was never transmitted to it.
      expect(rows.filter((r) => r.expected === 200 && r.event === 'REOPEN').map((r) => r.user)).toEqual(['tx.compact_office']);
      expect(rows.filter((r) => r.expected === 200 && r.event === 'TRANSMIT').map((r) => r.user)).toEqual(Array(5).fill('oh.compact_office'));
      expect(rows.filter((r) => r.expected === 404 && r.state === 'TX').length).toBeGreaterThan(0);
      expect(SETUPS).toHaveLength(19);
      expect(LIFECYCLE.WITHDRAW.from).toHaveLength(15);
    });

    test.each(rows)('$event from $from by $user -> $expected', async ({ event, from, user, state, role, expected }) => {
      const rule = LIFECYCLE[event];
      const before = await caseIn(from, rule.waits?.[from]);
      const res = await send(user, before.id, { type: event, ...rule.body });
      expect(res.status).toBe(expected);

      if (expected === 200) {
        const to = targetOf(event, role, from);
        expect(res.body).toMatchObject({ id: before.id, status: to, version: before.version + 1 });
        if (event === 'SUBMIT_CLOSURE_NOTICE') expect(res.body.closureReason).toBe('absconded');
        if (event === 'REJECT_CLOSURE' || event === 'REOPEN') expect(res.body.closureReason).toBeNull();
        // The lifecycle events now open to this user (other offers, such as asking for a reopen, aside).
        const lifecycleEvents = (res.body.allowedEvents as string[]).filter((e) => (EVENTS as string[]).includes(e));
        expect(lifecycleEvents.sort()).toEqual(expectedAllowedEvents(to, state, role));
        const after = await stored(before.id);
        expect({ status: after.status, version: after.version }).toEqual({ status: to, version: before.version + 1 });
        const entry = await entryOf(res);
        expect(entry).toMatchObject({
          caseId: before.id,
          action: event,
          actorUsername: user,
          actorRole: role,
          actorState: state,
          fromState: SETUP_STATUS(from),
          toState: to,
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
      return SETUPS.filter((s) => !rule.from.includes(s)).map((setup) => ({ event, setup, user, expected: existsFor(state, setup) ? 409 : 404 }));
    });

    it('covers every event in every status it does not leave from, withdrawn included', () => {
      expect(rows).toHaveLength(EVENTS.reduce((n, e) => n + SETUPS.length - LIFECYCLE[e].from.length, 0));
      expect(rows.filter((r) => r.setup === 'withdrawn')).toHaveLength(EVENTS.length);
      expect(rows.filter((r) => r.expected === 404).length).toBeGreaterThan(0);
    });

    test.each(rows)('$event on a $setup case by $user -> $expected', async ({ event, setup, user, expected }) => {
      const before = await caseIn(setup);
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
      if (setup === 'withdrawn') expect(res.body.message).toMatch(/withdrawn case is final/i);
      else expect(res.body.message).toContain(`is ${SETUP_STATUS(setup)}`);
      await expectDeniedAndUnchanged(res, before, event, user);
    });
  });

  describe('before its time limit: 409, naming the day from which it may be sent', () => {
    const rows = EVENTS.flatMap((event) => Object.keys(LIFECYCLE[event].waits ?? {}).map((from) => ({ event, from: from as Setup })));

    it('covers every event that waits on a date', () => {
      expect(rows.map((r) => `${r.event} from ${r.from}`)).toEqual([
        'WITHDRAW_ACCEPTANCE from accepted',
        'WITHDRAW_ACCEPTANCE from departed',
        'NOTICE_OF_FAILURE_TO_ARRIVE from departed',
      ]);
    });

    test.each(rows)('$event from $from the day the case gets there', async ({ event, from }) => {
      const rule = LIFECYCLE[event];
      const before = await caseIn(from);
      const user = userOf(SIDE_STATE[rule.side], 'compact_office');
      const view = await (await t.as(user)).get(`/cases/${before.id}`).expect(200);
      const later = (view.body.possibleLater as Array<{ type: string; from: string }>).find((p) => p.type === event);
      expect(later?.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (from === 'accepted') {
        // The day after the 120th day since acceptance.
        const day = new Date(`${view.body.acceptedOn}T12:00:00Z`);
        day.setUTCDate(day.getUTCDate() + 121);
        expect(later?.from).toBe(day.toISOString().slice(0, 10));
      }
      const res = await send(user, before.id, { type: event, ...rule.body });
      expect(res.status).toBe(409);
      // The API's error body carries no refusal code (case.not_yet stays inside): its message names the day.
      expect(res.body).toMatchObject({ statusCode: 409, error: 'Conflict', reference: res.headers['x-request-id'] });
      expect(res.body.message).toContain(`that is from ${later?.from}; today is `);
      await expectDeniedAndUnchanged(res, before, event, user);
    });
  });

  describe('a look at a case not yet transmitted: 404 for the receiving state, and the refusal audited', () => {
    test.each(NEVER_SENT.filter((s) => s !== 'withdrawn'))('GET /cases/:id of a %s case by tx.compact_office -> 404', async (setup) => {
      const before = await caseIn(setup);
      const res = await (await t.as('tx.compact_office')).get(`/cases/${before.id}`);
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('No case with this id exists among the cases of your state.');
      const entry = await entryOf(res);
      expect(entry).toMatchObject({ caseId: before.id, actorUsername: 'tx.compact_office', outcome: 'denied' });
      await (await t.as('oh.auditor')).get(`/cases/${before.id}`).expect(200);
    });
  });

  describe('a required reason, kind or closure field missing: 400 from the rules, case unchanged', () => {
    const rows = [
      ...REASON_REQUIRED.flatMap((event) => {
        const rule = LIFECYCLE[event];
        const user = userOf(SIDE_STATE[rule.side], rule.roles[0]);
        const body = (extra: object) => ({ type: event, ...rule.body, reason: undefined, ...extra });
        return rule.from.flatMap((from) => [
          { event, from, user, what: 'no reason', body: body({}), field: 'reason' },
          { event, from, user, what: 'an empty reason', body: body({ reason: '' }), field: 'reason' },
          { event, from, user, what: 'a blank reason', body: body({ reason: '  \t ' }), field: 'reason' },
        ]);
      }),
      ...FIELD_REQUIRED.map(([event, field]) => {
        const rule = LIFECYCLE[event];
        const user = userOf(SIDE_STATE[rule.side], rule.roles[0]);
        return { event, from: rule.from[0], user, what: `no ${field}`, body: { type: event, ...rule.body, [field]: undefined }, field: field as string };
      }),
      {
        event: 'SUBMIT_CLOSURE_NOTICE' as CaseEventType,
        from: 'active' as Setup,
        user: 'tx.supervisor',
        what: 'no closureReason',
        body: { type: 'SUBMIT_CLOSURE_NOTICE', reason: 'Discharged early.', ...LAST_KNOWN },
        field: 'closureReason',
      },
    ];

    test.each(rows)('$event from $from by $user with $what -> 400', async ({ event, from, user, body, field }) => {
      const before = await caseIn(from, LIFECYCLE[event].waits?.[from]);
      const res = await send(user, before.id, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', reference: res.headers['x-request-id'] });
      expect(res.body.message).toContain(`"${field}"`);
      await expectDeniedAndUnchanged(res, before, event, user);
    });
  });
});
