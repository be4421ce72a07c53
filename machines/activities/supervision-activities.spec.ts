import { CASE_EVENT_TYPES, CASE_STATUSES, type CaseStatus } from '../case-events';
import type { Role } from '../roles';
import { EVERY_ACTOR, actorOf, type Where } from '../testing/case-actors';
import {
  EVENTS,
  INVALID,
  KINDS,
  ROUTES,
  STARTS,
  TODAY,
  TOMORROW,
  activityIn,
  caseFor,
  eventsOf,
  kindRow,
  lawfulActor,
  tableAllows,
  type EventRow,
  type Kind,
  type Route,
  type StartRow,
  type StartedBy,
} from '../testing/activity-table';
import {
  activityRecordOf,
  activityStartsOf,
  activityStatusOf,
  allowedActivityEvents,
  decideActivityEvent,
  endActivityWithCase,
  heldByActivities,
  startActivity,
} from './supervision-activities';

const isWorker = (role: Role) => role === 'field_officer' || role === 'supervisor' || role === 'compact_office';
const outcome = (d: { allowed: true } | { allowed: false; code: string }) => (d.allowed ? 'allowed' : d.code);
const routeName = (r: Route) => `${r.kind} ${r.status} (started by the ${r.startedBy} state)`;
const ROUTE_CASES = ROUTES.map((r) => [routeName(r), r] as const);
/** Every field any step of the table names. */
const ALL_FIELDS = [...new Set([...STARTS, ...EVENTS].flatMap((r) => [...Object.keys(r.requires), ...Object.keys(r.offers)]))];
const blanked = (fields: Readonly<Record<string, string>>, name: string, value?: string) => {
  const copy: Record<string, string | undefined> = { ...fields };
  copy[name] = value;
  return copy;
};

test('the table covers every kind, and every status of each kind has a route', () => {
  expect(KINDS.map((k) => k.kind)).toEqual(['progress_report', 'violation_report', 'warrant', 'return_request', 'action_request']);
  const unreached = KINDS.flatMap((k) => k.statuses.filter((s) => !ROUTES.some((r) => r.kind === k.kind && r.status === s)).map((s) => `${k.kind} ${s}`));
  expect(unreached).toEqual([]);
});

describe('starting an activity', () => {
  /** The table's answer for an actor starting a kind on a case of this status. */
  function expectedStart(kind: Kind, status: CaseStatus, role: Role, where: Where): string {
    if (!isWorker(role)) return 'activity.not_case_worker';
    const start = STARTS.find((s) => s.kind === kind && where !== 'third' && tableAllows(s, role, where, where));
    if (!start) return 'activity.not_sender';
    const on = kindRow(kind).startsOn;
    if (!on.includes(status)) return 'activity.case_not_open';
    return `allowed ${start.step} -> ${start.to} by the ${where} state`;
  }

  const cells = KINDS.flatMap((k) => CASE_STATUSES.map((status) => [k.kind, status] as const));
  test.each(cells)('a %s on a case that is %s: who may start it, in which status', (kind, status) => {
    const seen = EVERY_ACTOR.map(({ role, where, actor }) => {
      const start = STARTS.find((s) => s.kind === kind && (s.side === 'either' || s.side === where)) ?? STARTS.find((s) => s.kind === kind)!;
      const opening = startActivity(kind, caseFor(status), { ...start.requires }, actor, TODAY);
      return `${role} of ${where}: ${opening.allowed ? `allowed ${opening.step} -> ${opening.status} by the ${opening.side} state` : opening.code}`;
    });
    const expected = EVERY_ACTOR.map(({ role, where }) => `${role} of ${where}: ${expectedStart(kind, status, role, where)}`);
    expect(expected.length).toBeGreaterThan(0);
    expect(seen).toEqual(expected);
  });

  test.each(cells)('a %s on a case that is %s, with no fields: who, then when, then what is missing', (kind, status) => {
    const seen = EVERY_ACTOR.map(({ role, where, actor }) => `${role} of ${where}: ${outcome(startActivity(kind, caseFor(status), {}, actor, TODAY))}`);
    const expected = EVERY_ACTOR.map(({ role, where }) => {
      const answer = expectedStart(kind, status, role, where);
      const start = STARTS.find((s) => s.kind === kind && where !== 'third' && tableAllows(s, role, where, where));
      const missing = start !== undefined && Object.keys(start.requires).length > 0;
      return `${role} of ${where}: ${answer.startsWith('allowed') ? (missing ? 'activity.field_missing' : 'allowed') : answer}`;
    });
    expect(seen).toEqual(expected);
  });

  test.each([['parole'], [undefined], [null], ['toString'], [7], ['PROGRESS_REPORT']])('kind %p is unknown', (kind) => {
    expect(startActivity(kind, caseFor('active'), {}, actorOf('compact_office', 'sending'), TODAY)).toMatchObject({
      allowed: false,
      code: 'activity.unknown_kind',
      refusal: 'bad_request',
    });
  });

  test('a start is logged with its side, and its fields kept, trimmed', () => {
    const actor = actorOf('supervisor', 'receiving');
    const opening = startActivity(
      'violation_report',
      caseFor('active'),
      { violationKind: ' other ', discoveredOn: TODAY, description: '  Left the state.  ' },
      actor,
      TODAY,
    );
    expect(opening).toMatchObject({ allowed: true, step: 'REPORT', status: 'reported', side: 'receiving' });
    if (!opening.allowed) return;
    const fields = { violationKind: 'other', discoveredOn: TODAY, description: 'Left the state.' };
    expect(opening.fields).toEqual(fields);
    expect(activityRecordOf(opening.snapshot)).toEqual({
      kind: 'violation_report',
      caseId: 'case-7',
      sendingState: 'GA',
      receivingState: 'TX',
      startedById: actor.id,
      startedBySide: 'receiving',
      fields,
      log: [{ step: 'REPORT', side: 'receiving', byId: actor.id, on: TODAY, fields }],
    });
  });
});

/** What a step is sent with, its senders, and the stored activity it is sent on. */
interface Step {
  name: string;
  row: StartRow | EventRow;
  send: (fields: Readonly<Record<string, string | undefined>>) => { allowed: true } | { allowed: false; code: string; message: string };
}
const startSteps: Step[] = STARTS.map((row) => ({
  name: `${row.kind} ${row.step}`,
  row,
  send: (fields) => startActivity(row.kind, caseFor('active'), fields, lawfulActor(row, row.side === 'either' ? 'sending' : row.side), TODAY),
}));
const eventSteps: Step[] = EVENTS.map((row) => {
  const route = ROUTES.find((r) => r.kind === row.kind && r.status === row.from[0])!;
  return {
    name: `${row.kind} ${row.type}`,
    row,
    send: (fields) => decideActivityEvent(activityIn(route), row.type, fields, lawfulActor(row, route.startedBy), TODAY),
  };
});
const STEPS = [...startSteps, ...eventSteps].map((s) => [s.name, s] as const);

describe.each(STEPS)('the fields of %s', (_name, { row, send }) => {
  const complete = { ...row.requires, ...row.offers };
  const required = Object.keys(row.requires);

  test('are taken when given', () => {
    expect(send(complete)).toMatchObject({ allowed: true });
  });

  test('need nothing beyond the required ones', () => {
    expect(send({ ...row.requires })).toMatchObject({ allowed: true });
  });

  test('leave a blank optional field out', () => {
    const blankOffers = Object.fromEntries(Object.keys(row.offers).map((name) => [name, '  ']));
    expect(send({ ...row.requires, ...blankOffers })).toMatchObject({ allowed: true, fields: row.requires });
  });

  const blanks = required.flatMap((name) => [undefined, '', '   '].map((value) => [name, value] as const));
  if (blanks.length > 0)
    test.each(blanks)('are refused with %s %p', (name, value) => {
      const decision = send(blanked(complete, name, value));
      expect(decision).toMatchObject({ allowed: false, code: 'activity.field_missing', refusal: 'bad_request' });
      expect(decision.allowed ? '' : decision.message).toContain(`"${name}"`);
    });

  test('name every required field missing', () => {
    const decision = send({});
    if (required.length === 0) return expect(decision).toMatchObject({ allowed: true });
    expect(decision).toMatchObject({ allowed: false, code: 'activity.field_missing' });
    for (const name of required) expect(decision.allowed ? '' : decision.message).toContain(`"${name}"`);
  });

  const notTaken = [...ALL_FIELDS.filter((f) => !(f in complete)), 'colour'];
  test.each(notTaken.map((f) => [f]))('do not include %s', (name) => {
    expect(notTaken.length).toBeGreaterThan(0);
    expect(send({ ...complete, [name]: 'something' })).toMatchObject({ allowed: false, code: 'activity.field_not_taken', refusal: 'bad_request' });
  });

  const invalid = Object.keys(complete).flatMap((name) => (INVALID[name] ?? []).map((value) => [name, value] as const));
  if (invalid.length > 0) {
    test.each(invalid)('refuse %s %p', (name, value) => {
      expect(send({ ...complete, [name]: value })).toMatchObject({ allowed: false, code: 'activity.field_invalid', refusal: 'bad_request' });
    });
  }

  const dates = Object.keys(complete).filter((name) => INVALID[name]?.includes(TOMORROW));
  if (dates.length > 0) {
    test.each(dates.map((d) => [d]))('take today as %s', (name) => {
      expect(send({ ...complete, [name]: TODAY })).toMatchObject({ allowed: true });
    });
  }
});

describe('sending an event', () => {
  /** The table's answer for an actor sending a row's event on an activity of a route. */
  function expected(route: Route, row: EventRow, role: Role, where: Where, withFields: boolean): string {
    if (!isWorker(role)) return 'activity.not_case_worker';
    if (!tableAllows(row, role, where, route.startedBy)) return 'activity.not_sender';
    if (kindRow(route.kind).finals.includes(route.status)) return 'activity.final';
    if (!row.from.includes(route.status)) return 'activity.not_in_status';
    if (!withFields && Object.keys(row.requires).length > 0) return 'activity.field_missing';
    return `allowed ${route.status} -> ${row.to}`;
  }

  const cells = ROUTES.flatMap((route) => eventsOf(route.kind).map((row) => [row.type, routeName(route), route, row] as const));
  test.each(cells)('%s on a %s, by each actor', (_type, _name, route, row) => {
    const stored = activityIn(route);
    const seen = EVERY_ACTOR.map(({ role, where, actor }) => {
      const d = decideActivityEvent(stored, row.type, { ...row.requires, ...row.offers }, actor, TODAY);
      return `${role} of ${where}: ${d.allowed ? `allowed ${d.from} -> ${d.to}` : d.code}`;
    });
    expect(seen).toEqual(EVERY_ACTOR.map(({ role, where }) => `${role} of ${where}: ${expected(route, row, role, where, true)}`));
  });

  test.each(cells)('%s on a %s without fields: who, then when, then what is missing', (_type, _name, route, row) => {
    const stored = activityIn(route);
    const seen = EVERY_ACTOR.map(({ role, where, actor }) => `${role} of ${where}: ${outcome(decideActivityEvent(stored, row.type, {}, actor, TODAY))}`);
    const want = EVERY_ACTOR.map(({ role, where }) => `${role} of ${where}: ${expected(route, row, role, where, false).replace(/ .*/, '')}`);
    expect(seen).toEqual(want);
  });

  test.each(ROUTE_CASES)('allowedActivityEvents on a %s are the table’s, for each actor', (_name, route) => {
    const stored = activityIn(route);
    const seen = EVERY_ACTOR.map(({ role, where, actor }) => `${role} of ${where}: ${allowedActivityEvents(stored, actor, TODAY).sort().join(' ')}`);
    const want = EVERY_ACTOR.map(({ role, where }) => {
      const events = eventsOf(route.kind).filter((row) => expected(route, row, role, where, true).startsWith('allowed'));
      return `${role} of ${where}: ${events
        .map((row) => row.type)
        .sort()
        .join(' ')}`;
    });
    expect(want.some((line) => !line.endsWith(': '))).toBe(!kindRow(route.kind).finals.includes(route.status));
    expect(seen).toEqual(want);
  });

  const unknown = ROUTES.filter((r) => r.steps.length === 1).flatMap((route) =>
    ['FOO', 'toString', 'constructor', 42, undefined, route.steps[0], 'CANCEL'].map((type) => [routeName(route), type, route] as const),
  );
  test.each(unknown)('on a %s, %p is an unknown event', (_name, type, route) => {
    expect(decideActivityEvent(activityIn(route), type, {}, actorOf('compact_office', 'sending'), TODAY)).toMatchObject({
      allowed: false,
      code: 'activity.unknown_event',
      refusal: 'bad_request',
    });
  });

  test('a refusal says the status it was refused from', () => {
    const route = ROUTES.find((r) => r.kind === 'warrant' && r.status === 'in_custody')!;
    expect(decideActivityEvent(activityIn(route), 'REPORT_CUSTODY', { custodySince: TODAY }, actorOf('field_officer', 'receiving'), TODAY)).toMatchObject({
      allowed: false,
      from: 'in_custody',
      code: 'activity.not_in_status',
      refusal: 'invalid',
    });
  });
});

describe('the end of an activity with its case', () => {
  const open = ROUTES.filter((r) => !kindRow(r.kind).finals.includes(r.status));
  const bound = open.filter((r) => kindRow(r.kind).endsWithCase !== null);
  const outliving = ROUTES.filter((r) => kindRow(r.kind).endsWithCase === null);
  const ended = ROUTES.filter((r) => kindRow(r.kind).finals.includes(r.status));

  test('the table has activities of each sort', () => {
    expect([bound.length, outliving.length, ended.length].every((n) => n > 0)).toBe(true);
  });

  test.each(bound.map((r) => [routeName(r), r] as const))('a %s is cancelled, the end logged', (_name, route) => {
    const stored = activityIn(route);
    const office = actorOf('compact_office', 'receiving');
    const end = endActivityWithCase(stored, office, TODAY);
    expect(end).toMatchObject({ allowed: true, from: route.status, to: kindRow(route.kind).endsWithCase, fields: {} });
    if (!end) return;
    expect(activityStatusOf(end.snapshot)).toBe('cancelled');
    const before = activityRecordOf(stored);
    expect(activityRecordOf(end.snapshot)).toEqual({
      ...before,
      log: [...before.log, { step: 'CANCEL', side: 'receiving', byId: office.id, on: TODAY, fields: {} }],
    });
    for (const { actor } of EVERY_ACTOR) expect(allowedActivityEvents(end.snapshot, actor, TODAY)).toEqual([]);
  });

  test.each([...outliving, ...ended].map((r) => [routeName(r), r] as const))('a %s is left as it is (null)', (_name, route) => {
    expect(endActivityWithCase(activityIn(route), actorOf('compact_office', 'receiving'), TODAY)).toBeNull();
  });
});

describe('rule 4.112(b): no closure notice while retaking is pending', () => {
  const warrantIn = (status: string) => ({ kind: 'warrant', status, fields: { issuedOn: '2026-11-20', reason: 'Absconded.' } });

  test.each([['issued'], ['in_custody']])('a warrant %s holds SUBMIT_CLOSURE_NOTICE', (status) => {
    const held = heldByActivities('SUBMIT_CLOSURE_NOTICE', [warrantIn('withdrawn'), warrantIn(status)]);
    expect(held).toMatchObject({ code: 'case.retaking_pending', refusal: 'invalid' });
    expect(held?.message).toContain('4.112(b)');
    expect(held?.message).toContain('2026-11-20');
  });

  test.each([['retaken'], ['withdrawn'], ['cancelled']])('a warrant %s does not', (status) => {
    expect(heldByActivities('SUBMIT_CLOSURE_NOTICE', [warrantIn(status)])).toBeNull();
  });

  test('a stored warrant holds it until the person is retaken', () => {
    const asStored = (route: Route) => {
      const stored = activityIn(route);
      return { kind: route.kind, status: activityStatusOf(stored), fields: activityRecordOf(stored).fields };
    };
    const warrants = ROUTES.filter((r) => r.kind === 'warrant');
    const seen = warrants.map((r) => `${r.status}: ${heldByActivities('SUBMIT_CLOSURE_NOTICE', [asStored(r)])?.code ?? 'free'}`);
    expect(seen).toEqual(warrants.map((r) => `${r.status}: ${['issued', 'in_custody'].includes(r.status) ? 'case.retaking_pending' : 'free'}`));
  });

  test('no other activity holds it', () => {
    const others = KINDS.filter((k) => k.kind !== 'warrant').flatMap((k) => k.statuses.map((status) => ({ kind: k.kind, status, fields: {} })));
    expect(others.length).toBeGreaterThan(0);
    expect(heldByActivities('SUBMIT_CLOSURE_NOTICE', others)).toBeNull();
  });

  test('no other case event is held', () => {
    const types = CASE_EVENT_TYPES.filter((t) => t !== 'SUBMIT_CLOSURE_NOTICE');
    expect(types.length).toBeGreaterThan(0);
    expect(types.filter((t) => heldByActivities(t, [warrantIn('issued'), warrantIn('in_custody')]) !== null)).toEqual([]);
  });
});

describe('the log and the fields', () => {
  const GA = actorOf('field_officer', 'sending', 'officer-ga');
  const TX = actorOf('supervisor', 'receiving', 'officer-tx');

  function follow(kind: Kind, start: Record<string, string>, by: StartedBy, steps: [string, Record<string, string>, typeof GA][]) {
    const opening = startActivity(kind, caseFor('active'), start, by === 'sending' ? GA : TX, TODAY);
    if (!opening.allowed) throw new Error(opening.message);
    let stored = opening.snapshot;
    for (const [type, fields, actor] of steps) {
      const d = decideActivityEvent(stored, type, fields, actor, TODAY);
      if (!d.allowed) throw new Error(`${type}: ${d.message}`);
      stored = d.snapshot;
    }
    return activityRecordOf(stored);
  }

  test('each step of a warrant is logged with its side and fields; the fields keep the latest values', () => {
    const record = follow('warrant', { issuedOn: '2026-11-20', reason: 'Absconded.', violationReportId: 'vr-3' }, 'sending', [
      ['REPORT_CUSTODY', { custodySince: '2026-11-25' }, TX],
      ['WITHDRAW_WARRANT', { reason: 'Charges dropped.' }, GA],
    ]);
    expect(record.log.map((e) => [e.step, e.side, e.byId, e.on, e.fields])).toEqual([
      ['ISSUE', 'sending', GA.id, TODAY, { issuedOn: '2026-11-20', reason: 'Absconded.', violationReportId: 'vr-3' }],
      ['REPORT_CUSTODY', 'receiving', TX.id, TODAY, { custodySince: '2026-11-25' }],
      ['WITHDRAW_WARRANT', 'sending', GA.id, TODAY, { reason: 'Charges dropped.' }],
    ]);
    expect(record.fields).toEqual({ issuedOn: '2026-11-20', reason: 'Charges dropped.', violationReportId: 'vr-3', custodySince: '2026-11-25' });
  });

  test('an action request is refused on a case withdrawn before it was ever sent: the receiving state has no such case', () => {
    const sender = actorOf('compact_office', 'sending');
    expect(startActivity('action_request', caseFor('withdrawn', false), { subject: 'File', message: 'Any news?' }, sender, TODAY)).toMatchObject({
      allowed: false,
      code: 'activity.case_not_sent',
      refusal: 'invalid',
      message: 'An action request can only be started on a case the receiving state has received; this case is withdrawn and was never sent to it.',
    });
    expect(activityStartsOf(caseFor('withdrawn', false), sender)).toEqual([]);
    expect(activityStartsOf(caseFor('withdrawn'), sender).map((s) => s.kind)).toEqual(['action_request']);
  });

  test('an action request keeps every reply in the log, in order, and may be sent on a closed case', () => {
    const opening = startActivity('action_request', caseFor('closed'), { subject: 'Old fine', message: 'Was it paid?' }, TX, TODAY);
    expect(opening).toMatchObject({ allowed: true, status: 'open', side: 'receiving' });
    if (!opening.allowed) return;
    let stored = opening.snapshot;
    const steps: [string, Record<string, string>, typeof GA][] = [
      ['REPLY', { message: 'Checking.' }, GA],
      ['REPLY', { message: 'Paid in March.' }, actorOf('compact_office', 'sending', 'office-ga')],
      ['REPLY', { message: 'Receipt attached.' }, GA],
      ['CLOSE', { message: 'Thank you.' }, TX],
    ];
    for (const [type, fields, actor] of steps) {
      const d = decideActivityEvent(stored, type, fields, actor, TODAY);
      expect(d).toMatchObject({ allowed: true });
      if (d.allowed) stored = d.snapshot;
    }
    const record = activityRecordOf(stored);
    expect(activityStatusOf(stored)).toBe('closed');
    expect(record.log.map((e) => `${e.step} ${e.side} ${e.byId}: ${e.fields.message}`)).toEqual([
      `SEND receiving ${TX.id}: Was it paid?`,
      `REPLY sending ${GA.id}: Checking.`,
      'REPLY sending office-ga: Paid in March.',
      `REPLY sending ${GA.id}: Receipt attached.`,
      `CLOSE receiving ${TX.id}: Thank you.`,
    ]);
    expect(record.fields).toEqual({ subject: 'Old fine', message: 'Thank you.' });
  });

  test('the state an action request came from cannot reply to it', () => {
    const record = () => follow('action_request', { subject: 'Visit', message: 'When?' }, 'sending', [['REPLY', { message: 'Myself.' }, GA]]);
    expect(record).toThrow('REPLY');
  });
});
