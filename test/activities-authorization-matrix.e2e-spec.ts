import type { Response } from 'supertest';
import { endActivityWithCase } from '../machines';
import type { Role } from '../machines/roles';
import { ActivitiesService } from '../src/activities/activities.service';
import { CaseActivity } from '../src/activities/case-activity.entity';
import { Clock } from '../src/common/clock';
import { LAST_KNOWN, TO_ACTIVE, stepsToClosed, type CaseStep } from './support/case-steps';
import { TestApp } from './support/test-app';

/**
 * Every start of every supervision activity, and every event of every kind from every status of its
 * kind, against every role of every state, on a case that Ohio sends to Texas (active, and for the
 * starts closed as well). California is party to no case here: for its users the case and its
 * activities do not exist.
 *
 * The expectations below are written out by hand from the compact's rules (4.106, 4.109, 4.111,
 * 5.103, 5.105, action requests), NOT read from machines/, so that a wrong rule makes these tests
 * fail instead of agreeing with it. Who is asked first, then when: a person who may never send an
 * event is refused (403) whatever the activity's status; one who may is told it is not possible now (409).
 */

type StateCode = 'OH' | 'TX' | 'CA';
/** Who sends a step: a side of the case, either side, or the side the activity was sent to (not the one it came from). */
type Senders = 'sending' | 'receiving' | 'either' | 'addressee';

const ROLES: readonly Role[] = ['field_officer', 'supervisor', 'compact_office', 'state_admin', 'auditor'];
const STATES: readonly StateCode[] = ['OH', 'TX', 'CA'];
const WORKERS: readonly Role[] = ['field_officer', 'supervisor', 'compact_office'];
const COMPACT_OFFICE_ONLY: readonly Role[] = ['compact_office'];
const SIDE_STATE = { sending: 'OH', receiving: 'TX' } as const;
const userOf = (state: StateCode, role: Role) => `${state.toLowerCase()}.${role}`;

/** The day of every test (a Tuesday), and a day before it for the dates the steps give. */
const TODAY = '2026-12-01T15:00:00Z';
const YESTERDAY = '2026-11-30';

// ----- the starts -----

interface StartRule {
  name: string;
  body: Record<string, string>;
  side: Senders;
  roles: readonly Role[];
  to: string;
  /** The start is open on a closed case as well (a message between offices). */
  onClosedCase?: true;
}

const STARTS: readonly StartRule[] = [
  // Rule 4.106: the sending state asks, or the receiving state reports unasked.
  {
    name: 'progress_report asked for',
    body: { kind: 'progress_report', message: 'Quarterly report, please.' },
    side: 'sending',
    roles: WORKERS,
    to: 'requested',
  },
  {
    name: 'progress_report sent unasked',
    body: { kind: 'progress_report', summary: 'Reports monthly; employed.', complianceStatus: 'compliant' },
    side: 'receiving',
    roles: WORKERS,
    to: 'submitted',
  },
  // Rule 4.109: the receiving state reports.
  {
    name: 'violation_report',
    body: { kind: 'violation_report', violationKind: 'absconding', discoveredOn: YESTERDAY, description: 'Missed two office visits.' },
    side: 'receiving',
    roles: WORKERS,
    to: 'reported',
  },
  // Rule 5.103: the sending state issues.
  { name: 'warrant', body: { kind: 'warrant', issuedOn: YESTERDAY, reason: 'Absconded from supervision.' }, side: 'sending', roles: WORKERS, to: 'issued' },
  // Rule 4.111: the receiving state asks for return instructions.
  { name: 'return_request', body: { kind: 'return_request' }, side: 'receiving', roles: WORKERS, to: 'requested' },
  // Either office writes to the other, about any case.
  {
    name: 'action_request',
    body: { kind: 'action_request', subject: 'Case file', message: 'Please send the case file.' },
    side: 'either',
    roles: WORKERS,
    to: 'open',
    onClosedCase: true,
  },
];

/** Whether `state`/`role` are the people a start names (a side of its own, or either). */
function mayStart(rule: StartRule, state: StateCode, role: Role): boolean {
  if (state === 'CA' || !rule.roles.includes(role)) return false;
  return rule.side === 'either' || SIDE_STATE[rule.side as 'sending' | 'receiving'] === state;
}

/** A case worker who may start this kind another way (with other fields): a progress report asked for, or sent unasked. */
function startsItOtherwise(rule: StartRule, state: StateCode, role: Role): boolean {
  return STARTS.some((other) => other !== rule && other.body.kind === rule.body.kind && mayStart(other, state, role));
}

type CaseKind = 'active' | 'closed';

function expectedStart(rule: StartRule, on: CaseKind, state: StateCode, role: Role): number {
  if (state === 'CA') return 404;
  const allowed = mayStart(rule, state, role);
  const otherwise = startsItOtherwise(rule, state, role);
  if (!allowed && !otherwise) return 403;
  if (on === 'closed' && !rule.onClosedCase) return 409;
  return allowed ? 201 : 400;
}

// ----- the events -----

interface EventRule {
  from: readonly string[];
  to: string;
  side: Senders;
  roles: readonly Role[];
  body: Record<string, string>;
}

/** An activity as the tests bring it about: its kind, and for an action request the state it came from. */
type Subject = 'progress_report' | 'violation_report' | 'warrant' | 'return_request' | 'action_request from OH' | 'action_request from TX';

interface KindRules {
  statuses: readonly string[];
  events: Record<string, EventRule>;
}

const KINDS: Record<Subject, KindRules> = {
  progress_report: {
    statuses: ['requested', 'submitted', 'cancelled'],
    events: {
      SUBMIT_REPORT: {
        from: ['requested'],
        to: 'submitted',
        side: 'receiving',
        roles: WORKERS,
        body: { summary: 'Reports monthly; employed.', complianceStatus: 'non_compliant' },
      },
    },
  },
  violation_report: {
    statuses: ['reported', 'responded', 'cancelled'],
    events: {
      RESPOND: { from: ['reported'], to: 'responded', side: 'sending', roles: WORKERS, body: { response: 'continue_supervision' } },
    },
  },
  warrant: {
    statuses: ['issued', 'in_custody', 'retaken', 'withdrawn', 'cancelled'],
    events: {
      REPORT_CUSTODY: { from: ['issued'], to: 'in_custody', side: 'receiving', roles: WORKERS, body: { custodySince: YESTERDAY } },
      RETAKE: { from: ['in_custody'], to: 'retaken', side: 'sending', roles: WORKERS, body: {} },
      WITHDRAW_WARRANT: { from: ['issued', 'in_custody'], to: 'withdrawn', side: 'sending', roles: WORKERS, body: { reason: 'Violation resolved.' } },
    },
  },
  return_request: {
    statuses: ['requested', 'granted', 'denied', 'cancelled'],
    events: {
      GRANT: { from: ['requested'], to: 'granted', side: 'sending', roles: COMPACT_OFFICE_ONLY, body: {} },
      DENY: { from: ['requested'], to: 'denied', side: 'sending', roles: COMPACT_OFFICE_ONLY, body: { reason: 'No approved residence in Ohio.' } },
    },
  },
  'action_request from OH': {
    statuses: ['open', 'answered', 'closed'],
    events: {
      REPLY: { from: ['open', 'answered'], to: 'answered', side: 'addressee', roles: WORKERS, body: { message: 'Sent today.' } },
      CLOSE: { from: ['open', 'answered'], to: 'closed', side: 'either', roles: WORKERS, body: {} },
    },
  },
  'action_request from TX': {
    statuses: ['open', 'answered', 'closed'],
    events: {
      REPLY: { from: ['open', 'answered'], to: 'answered', side: 'addressee', roles: WORKERS, body: { message: 'Sent today.' } },
      CLOSE: { from: ['open', 'answered'], to: 'closed', side: 'either', roles: WORKERS, body: {} },
    },
  },
};
const SUBJECTS = Object.keys(KINDS) as Subject[];

/** The state an activity came from: the addressee of its replies is the other one. */
const ORIGIN: Record<Subject, 'OH' | 'TX'> = {
  progress_report: 'OH',
  violation_report: 'TX',
  warrant: 'OH',
  return_request: 'TX',
  'action_request from OH': 'OH',
  'action_request from TX': 'TX',
};

function maySend(subject: Subject, rule: EventRule, state: StateCode, role: Role): boolean {
  if (state === 'CA' || !rule.roles.includes(role)) return false;
  switch (rule.side) {
    case 'either':
      return true;
    case 'addressee':
      return state !== ORIGIN[subject];
    default:
      return SIDE_STATE[rule.side] === state;
  }
}

function expectedEvent(subject: Subject, event: string, from: string, state: StateCode, role: Role): number {
  const rule = KINDS[subject].events[event];
  if (state === 'CA') return 404;
  if (!maySend(subject, rule, state, role)) return 403;
  return rule.from.includes(from) ? 200 : 409;
}

/** How an activity of each subject reaches each status: who starts it, then who moves it (by hand, with people allowed to). */
type ActivityStep = [username: string, body: Record<string, string>];
const START_OF: Record<Subject, ActivityStep> = {
  progress_report: ['oh.field_officer', { kind: 'progress_report' }],
  violation_report: ['tx.field_officer', STARTS[2].body],
  warrant: ['oh.compact_office', STARTS[3].body],
  return_request: ['tx.supervisor', { kind: 'return_request', reason: 'Family emergency in Ohio.' }],
  'action_request from OH': ['oh.field_officer', STARTS[5].body],
  'action_request from TX': ['tx.field_officer', STARTS[5].body],
};
/** The steps after the start; `cancelled` is reached by closing the case instead. */
const MOVES: Record<Subject, Record<string, ActivityStep[]>> = {
  progress_report: {
    requested: [],
    submitted: [['tx.supervisor', { type: 'SUBMIT_REPORT', summary: 'Compliant.', complianceStatus: 'compliant' }]],
  },
  violation_report: { reported: [], responded: [['oh.supervisor', { type: 'RESPOND', response: 'warrant_issued' }]] },
  warrant: {
    issued: [],
    in_custody: [['tx.field_officer', { type: 'REPORT_CUSTODY', custodySince: YESTERDAY }]],
    retaken: [
      ['tx.field_officer', { type: 'REPORT_CUSTODY', custodySince: YESTERDAY }],
      ['oh.field_officer', { type: 'RETAKE' }],
    ],
    withdrawn: [['oh.supervisor', { type: 'WITHDRAW_WARRANT', reason: 'Issued in error.' }]],
  },
  return_request: {
    requested: [],
    granted: [['oh.compact_office', { type: 'GRANT' }]],
    denied: [['oh.compact_office', { type: 'DENY', reason: 'No residence.' }]],
  },
  'action_request from OH': {
    open: [],
    answered: [['tx.compact_office', { type: 'REPLY', message: 'Looking into it.' }]],
    closed: [['tx.compact_office', { type: 'CLOSE' }]],
  },
  'action_request from TX': {
    open: [],
    answered: [['oh.compact_office', { type: 'REPLY', message: 'Looking into it.' }]],
    closed: [['oh.supervisor', { type: 'CLOSE' }]],
  },
};

const TO_CLOSED_FROM_ACTIVE: CaseStep[] = [
  ['tx.field_officer', 'SUBMIT_CLOSURE_NOTICE', { closureReason: 'discharged', ...LAST_KNOWN }],
  ['oh.supervisor', 'CONFIRM_CLOSURE'],
];

describe('activities authorization matrix: every start and event x role x state (OH sends, TX receives, CA is a third state)', () => {
  let t: TestApp;
  let activeCase: string;
  let closedCase: string;

  beforeAll(async () => {
    t = await TestApp.start();
    t.app.get(Clock).runFrom(new Date(TODAY));
    t.forgetSignIns();
    activeCase = await openCase(TO_ACTIVE);
    closedCase = await openCase(stepsToClosed('discharged'));
    // Sign everyone in once, so that the matrix itself only costs one request per cell (and one look after it).
    for (const state of STATES) for (const role of ROLES) await t.token(userOf(state, role));
  }, 60_000);
  afterAll(() => t.close());

  const service = () => t.app.get(ActivitiesService);

  async function openCase(steps: readonly CaseStep[]): Promise<string> {
    const opened = await t.cases.open({ offenderName: 'Activity Matrix', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
    for (const [who, type, extra] of steps) await t.cases.applyEvent(opened.id, { type, ...extra }, t.actor(who), null);
    return opened.id;
  }

  /** A new activity of `subject` in `status`, through the service, by people the rules allow. */
  async function activityIn(subject: Subject, status: string): Promise<string> {
    const [starter, body] = START_OF[subject];
    if (status === 'cancelled') {
      const caseId = await openCase(TO_ACTIVE);
      const started = await service().start(caseId, { ...body } as { kind: string }, t.actor(starter), null);
      if (subject === 'warrant') {
        // No path of the API cancels a warrant: while it is issued or in custody the case cannot close
        // (rule 4.112(b)), and a case is withdrawn only before it is active. Its row is written as the
        // engine would end it with its case.
        const repo = t.dataSource.getRepository(CaseActivity);
        const row = await repo.findOneByOrFail({ id: started.id });
        const ended = endActivityWithCase(row.snapshot, t.actor('oh.supervisor'), YESTERDAY as never)!;
        await repo.update({ id: row.id }, { status: ended.to, snapshot: ended.snapshot as never, version: row.version + 1 });
      } else {
        for (const [who, type, extra] of TO_CLOSED_FROM_ACTIVE) await t.cases.applyEvent(caseId, { type, ...extra }, t.actor(who), null);
      }
      return check(started.id, status);
    }
    const started = await service().start(activeCase, { ...body } as { kind: string }, t.actor(starter), null);
    for (const [who, step] of MOVES[subject][status]) await service().move(started.id, { ...step } as { type: string }, t.actor(who), null);
    return check(started.id, status);
  }

  async function check(id: string, status: string): Promise<string> {
    const row = await t.dataSource.getRepository(CaseActivity).findOneByOrFail({ id });
    if (row.status !== status) throw new Error(`the fixture reached ${row.status}, not ${status}`);
    return id;
  }

  /** One activity per subject and status for the refusals, which change nothing: built at its first use. */
  const shared = new Map<string, Promise<string>>();
  const sharedIn = (subject: Subject, status: string) => {
    const key = `${subject} ${status}`;
    if (!shared.has(key)) shared.set(key, activityIn(subject, status));
    return shared.get(key)!;
  };

  const look = async (id: string) => (await t.as('oh.compact_office')).get(`/activities/${id}`).expect(200);

  /** The one audit entry this request wrote (found by its request id, which is also the error's reference). */
  async function entryOf(res: Response) {
    const requestId = res.headers['x-request-id'];
    expect(requestId).toBeTruthy();
    const entries = await t.auditEntries({ requestId });
    expect(entries).toHaveLength(1);
    return entries[0];
  }

  function expectRefusalBody(res: Response, expected: number, notFound: string) {
    expect(res.body).toMatchObject({ statusCode: expected, reference: res.headers['x-request-id'] });
    expect(typeof res.body.message).toBe('string');
    if (expected === 404) expect(res.body.message).toBe(notFound);
  }

  describe('starts: 201 for the people the rules name, 403 for the others, 404 for a third state; on a closed case only an action request', () => {
    const rows = (['active', 'closed'] as const).flatMap((on) =>
      STARTS.flatMap((rule) =>
        STATES.flatMap((state) =>
          ROLES.map((role) => ({ start: rule.name, on, user: userOf(state, role), state, role, expected: expectedStart(rule, on, state, role) })),
        ),
      ),
    );

    it('covers every start, both cases, every role and every state', () => {
      expect(rows).toHaveLength(STARTS.length * 2 * 15);
      // Sanity of the hand-written table.
      const allowed = (name: string, on: CaseKind) => rows.filter((r) => r.start === name && r.on === on && r.expected === 201).map((r) => r.user);
      expect(allowed('warrant', 'active')).toEqual(['oh.field_officer', 'oh.supervisor', 'oh.compact_office']);
      expect(allowed('violation_report', 'active')).toEqual(['tx.field_officer', 'tx.supervisor', 'tx.compact_office']);
      expect(allowed('action_request', 'active')).toEqual(allowed('action_request', 'closed'));
      expect(allowed('action_request', 'closed')).toHaveLength(6);
      expect(rows.filter((r) => r.on === 'closed' && r.start !== 'action_request' && r.expected === 201)).toEqual([]);
    });

    test.each(rows)('$start on an $on case by $user -> $expected', async ({ start, on, user, state, role, expected }) => {
      const rule = STARTS.find((s) => s.name === start)!;
      const caseId = on === 'active' ? activeCase : closedCase;
      const before = await (await t.as('oh.compact_office')).get(`/cases/${caseId}/activities`).expect(200);
      const deniedBefore = await t.auditEntries({ caseId, outcome: 'denied' });
      const res = await (await t.as(user)).post(`/cases/${caseId}/activities`).send(rule.body);
      expect({ status: res.status, message: res.body.message }).toMatchObject({ status: expected });

      if (expected === 201) {
        expect(res.body).toMatchObject({ caseId, kind: rule.body.kind, status: rule.to, startedByUsername: user, version: 1 });
        expect(res.body.startedBySide).toBe(state === 'OH' ? 'sending' : 'receiving');
        expect((await look(res.body.id)).body).toMatchObject({ status: rule.to });
        expect(await entryOf(res)).toMatchObject({
          caseId,
          entityType: 'activity',
          entityId: res.body.id,
          actorUsername: user,
          actorRole: role,
          actorState: state,
          fromState: null,
          toState: rule.to,
          outcome: 'allowed',
        });
        return;
      }

      expectRefusalBody(res, expected, 'No case with this id exists among the cases of your state.');
      if (expected === 403 && (role === 'state_admin' || role === 'auditor')) expect(res.body.message).toMatch(/^Auditors and state administrators cannot/);
      const entry = await entryOf(res);
      expect(entry).toMatchObject({ caseId, actorUsername: user, outcome: 'denied' });
      expect(entry.reason).toBeTruthy();
      expect(await t.auditEntries({ caseId, outcome: 'denied' })).toHaveLength(deniedBefore.length + 1);
      const after = await (await t.as('oh.compact_office')).get(`/cases/${caseId}/activities`).expect(200);
      expect(after.body).toEqual(before.body);
    });
  });

  describe('events: 200 for the people the rules name in a status it leaves, 409 for them in another, 403 for the others, 404 for a third state', () => {
    const rows = SUBJECTS.flatMap((subject) =>
      Object.keys(KINDS[subject].events).flatMap((event) =>
        KINDS[subject].statuses.flatMap((from) =>
          STATES.flatMap((state) =>
            ROLES.map((role) => ({ subject, event, from, state, role, user: userOf(state, role), expected: expectedEvent(subject, event, from, state, role) })),
          ),
        ),
      ),
    );

    it('covers every event of every kind from every status, every role and every state', () => {
      const cells = SUBJECTS.reduce((n, s) => n + Object.keys(KINDS[s].events).length * KINDS[s].statuses.length, 0);
      expect(cells).toBe(3 + 3 + 15 + 8 + 6 + 6);
      expect(rows).toHaveLength(cells * 15);
      // Sanity of the hand-written table: only Ohio's compact office decides a return; a reply goes to the other state.
      const allowed = (subject: Subject, event: string) => rows.filter((r) => r.subject === subject && r.event === event && r.expected === 200);
      expect(allowed('return_request', 'GRANT').map((r) => r.user)).toEqual(['oh.compact_office']);
      expect(allowed('return_request', 'DENY').map((r) => r.user)).toEqual(['oh.compact_office']);
      expect(new Set(allowed('action_request from OH', 'REPLY').map((r) => r.user))).toEqual(
        new Set(['tx.field_officer', 'tx.supervisor', 'tx.compact_office']),
      );
      expect(new Set(allowed('action_request from TX', 'REPLY').map((r) => r.user))).toEqual(
        new Set(['oh.field_officer', 'oh.supervisor', 'oh.compact_office']),
      );
      expect(allowed('action_request from TX', 'CLOSE')).toHaveLength(12);
      expect(rows.filter((r) => r.expected === 409).length).toBeGreaterThan(0);
    });

    test.each(rows)('$event on a $from $subject by $user -> $expected', async ({ subject, event, from, state, role, user, expected }) => {
      const rule = KINDS[subject].events[event];
      const id = expected === 200 ? await activityIn(subject, from) : await sharedIn(subject, from);
      const before = (await look(id)).body;
      const deniedBefore = await t.auditEntries({ entityId: id, outcome: 'denied' });
      const res = await (await t.as(user)).post(`/activities/${id}/events`).send({ type: event, ...rule.body });
      expect({ status: res.status, message: res.body.message }).toMatchObject({ status: expected });

      if (expected === 200) {
        expect(res.body).toMatchObject({ id, status: rule.to, version: before.version + 1 });
        expect((await look(id)).body).toMatchObject({ status: rule.to, version: before.version + 1 });
        expect(await entryOf(res)).toMatchObject({
          entityType: 'activity',
          entityId: id,
          caseId: before.caseId,
          actorUsername: user,
          actorRole: role,
          actorState: state,
          fromState: from,
          toState: rule.to,
          outcome: 'allowed',
        });
        return;
      }

      expectRefusalBody(res, expected, 'No activity with this id exists among the cases of your state.');
      if (expected === 403 && (role === 'state_admin' || role === 'auditor')) expect(res.body.message).toMatch(/^Auditors and state administrators cannot/);
      if (expected === 409) expect(res.body.message).toContain(from);
      const entry = await entryOf(res);
      expect(entry).toMatchObject({ entityId: id, actorUsername: user, outcome: 'denied' });
      expect(entry.reason).toBeTruthy();
      expect(await t.auditEntries({ entityId: id, outcome: 'denied' })).toHaveLength(deniedBefore.length + 1);
      const after = (await look(id)).body;
      expect({ status: after.status, version: after.version, fields: after.fields }).toEqual({
        status: before.status,
        version: before.version,
        fields: before.fields,
      });
    });
  });
});
