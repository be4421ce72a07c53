import { BusinessCalendar } from './calendar';
import { CASE_EVENT_TYPES } from './case-events';
import { ACTIVITY_STEP_IDS, DEADLINE_RULES, citationOf, ruleInForce, type ActivityStepId, type DeadlineRule } from './deadline-rules';
import { complianceOutcomeOf, daysLeft, deadlinesOfStep, noticesOf, noticesToSend, type OpenDeadline } from './deadlines';

const calendar = new BusinessCalendar();
const at = (iso: string) => new Date(iso);

describe('the rule in force on the day the clock starts', () => {
  // Rule 3.103's request limit went from 7 to 10 business days on 2026-04-01, as two rows of a table.
  const base = DEADLINE_RULES.find((r) => r.limit === 'TREP') as DeadlineRule;
  const versions: DeadlineRule[] = [
    { ...base, version: 'TREP@old', days: 7, unit: 'business', effectiveFrom: '2000-01-01', effectiveTo: '2026-04-01' },
    { ...base, version: 'TREP@new', days: 10, unit: 'business', effectiveFrom: '2026-04-01', effectiveTo: null },
  ];

  it.each([
    ['a clock started on 2026-03-30 keeps the 7 days', '2026-03-30T14:00:00Z', 'TREP@old', '2026-04-08'],
    ['a clock started on 2026-04-01 gets the 10 days', '2026-04-01T14:00:00Z', 'TREP@new', '2026-04-15'],
    ['23:30 Eastern on 31 March is still the old rule, though it is 1 April in UTC', '2026-04-01T03:30:00Z', 'TREP@old', '2026-04-09'],
  ])('%s', (_what, started, version, dueOn) => {
    const { started: deadlines } = deadlinesOfStep(
      { event: 'SUBMIT_TRANSFER_REQUEST', transmits: 'SUBMIT_TRANSFER_REQUEST', at: at(started), supervisionEndsOn: null, instructions: null },
      [],
      versions,
      calendar,
    );
    expect(deadlines.map((d) => [d.rule.version, d.dueOn])).toEqual([[version, dueOn]]);
  });

  it('starts no deadline for a limit before its rule took effect', () => {
    expect(ruleInForce(DEADLINE_RULES, 'REPORT', '2014-02-28')).toBeNull();
    expect(ruleInForce(DEADLINE_RULES, 'REPORT', '2014-03-01')?.version).toBe('REPORT@2014-03-01');
  });

  it('has one version in force on any date for every limit: the versions of a limit never overlap', () => {
    const limits = new Set(DEADLINE_RULES.map((r) => r.limit));
    expect(limits.size).toBeGreaterThan(0);
    for (const limit of limits) {
      const versions = DEADLINE_RULES.filter((r) => r.limit === limit).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
      versions.slice(1).forEach((v, i) => expect(versions[i].effectiveTo).toBe(v.effectiveFrom));
      expect(versions[versions.length - 1].effectiveTo).toBeNull();
    }
  });

  it('cites a renumbered rule by both numbers', () => {
    expect(citationOf({ rule: '3.103-2', formerRule: '3.106' })).toBe('3.103-2 (formerly 3.106)');
    expect(citationOf({ rule: '3.104', formerRule: null })).toBe('3.104');
  });
});

describe('what a step does to the deadlines of its case', () => {
  const step = (event: Parameters<typeof deadlinesOfStep>[0]['event'], iso: string, supervisionEndsOn: string | null = null) => ({
    event,
    transmits: event,
    at: at(iso),
    supervisionEndsOn,
    instructions: null,
  });

  it('starts the transfer reply: a request transmitted at 2026-11-25T15:00Z is due 2027-01-09, end of day Eastern', () => {
    const { started, ended } = deadlinesOfStep(step('SUBMIT_TRANSFER_REQUEST', '2026-11-25T15:00:00Z'), [], DEADLINE_RULES, calendar);
    expect(ended).toEqual([]);
    expect(started.map((d) => [d.rule.limit, d.startOn, d.dueOn, d.dueAt.toISOString()])).toEqual([
      ['TREP', '2026-11-25', '2027-01-09', '2027-01-10T04:59:59.999Z'],
    ]);
  });

  const openTrep: OpenDeadline = { id: 't1', limit: 'TREP', startedAt: at('2026-11-25T15:00:00Z'), dueOn: '2027-01-09' };

  it('meets the transfer reply on time on its due date, Eastern, and starts the acceptance', () => {
    const { started, ended } = deadlinesOfStep(step('ACCEPT_TRANSFER', '2027-01-10T04:30:00Z'), [openTrep], DEADLINE_RULES, calendar);
    expect(ended).toEqual([{ id: 't1', status: 'met', onTime: true }]);
    expect(started.map((d) => [d.rule.limit, d.dueOn])).toEqual([['ACC-EXP', '2027-05-09']]);
  });

  it('meets it late the next Eastern day', () => {
    const { ended } = deadlinesOfStep(step('REJECT_TRANSFER', '2027-01-10T05:00:00Z'), [openTrep], DEADLINE_RULES, calendar);
    expect(ended).toEqual([{ id: 't1', status: 'met', onTime: false }]);
  });

  it('cancels it when the case is withdrawn before it is due, and leaves it missed after', () => {
    expect(deadlinesOfStep(step('WITHDRAW', '2026-12-01T15:00:00Z'), [openTrep], DEADLINE_RULES, calendar).ended).toEqual([
      { id: 't1', status: 'cancelled', onTime: false },
    ]);
    expect(deadlinesOfStep(step('WITHDRAW', '2027-01-11T15:00:00Z'), [openTrep], DEADLINE_RULES, calendar).ended).toEqual([
      { id: 't1', status: 'missed', onTime: false },
    ]);
  });

  it('leaves a deadline alone that the step does not concern', () => {
    expect(deadlinesOfStep(step('NOTICE_OF_DEPARTURE', '2026-12-01T15:00:00Z'), [openTrep], DEADLINE_RULES, calendar).ended).toEqual([]);
  });

  it('counts the report date in business days from the departure, across Thanksgiving', () => {
    const { started } = deadlinesOfStep(step('NOTICE_OF_DEPARTURE', '2026-11-25T15:00:00Z'), [], DEADLINE_RULES, calendar);
    expect(started.map((d) => [d.rule.limit, d.dueOn])).toEqual([['REPORT', '2026-12-03']]);
  });

  it('starts the closure notice from the supervision end date the case records, at arrival', () => {
    const { started } = deadlinesOfStep(step('NOTICE_OF_ARRIVAL', '2026-06-01T15:00:00Z', '2026-12-18'), [], DEADLINE_RULES, calendar);
    expect(started.map((d) => [d.rule.limit, d.startOn, d.startedAt.toISOString(), d.dueOn])).toEqual([
      ['CCN', '2026-12-18', '2026-12-18T05:00:00.000Z', '2027-01-05'],
    ]);
  });

  it('starts no closure notice deadline without a supervision end date, nor one already overdue', () => {
    expect(deadlinesOfStep(step('NOTICE_OF_ARRIVAL', '2026-06-01T15:00:00Z'), [], DEADLINE_RULES, calendar).started).toEqual([]);
    expect(deadlinesOfStep(step('REOPEN', '2026-06-01T15:00:00Z', '2026-01-02'), [], DEADLINE_RULES, calendar).started).toEqual([]);
  });

  it('cancels the closure notice deadline when the case closes on another ground before its clock starts, and starts the reply', () => {
    const ccn: OpenDeadline = { id: 'c1', limit: 'CCN', startedAt: at('2026-12-18T05:00:00Z'), dueOn: '2027-01-05' };
    const { ended, started } = deadlinesOfStep(step('SUBMIT_CLOSURE_NOTICE', '2026-09-01T15:00:00Z'), [ccn], DEADLINE_RULES, calendar);
    expect(ended).toEqual([{ id: 'c1', status: 'cancelled', onTime: false }]);
    expect(started.map((d) => [d.rule.limit, d.dueOn])).toEqual([['CCN-REPLY', '2026-09-16']]);
  });

  it('owes no closure notice once the sending state closes the case on its retaking: one not yet due is cancelled, and no closure reply starts', () => {
    const { ended, started } = deadlinesOfStep(
      step('CLOSE_AFTER_RETAKING', '2026-12-22T15:00:00Z'),
      [{ id: 'c1', limit: 'CCN', startedAt: at('2026-12-18T05:00:00Z'), dueOn: '2027-01-05' }],
      DEADLINE_RULES,
      calendar,
    );
    expect(ended).toEqual([{ id: 'c1', status: 'cancelled', onTime: false }]);
    expect(started).toEqual([]);
  });

  it('leaves a closure notice already overdue missed when the sending state closes on its retaking', () => {
    const { ended } = deadlinesOfStep(
      step('CLOSE_AFTER_RETAKING', '2027-01-06T15:00:00Z'),
      [{ id: 'c1', limit: 'CCN', startedAt: at('2026-12-18T05:00:00Z'), dueOn: '2027-01-05' }],
      DEADLINE_RULES,
      calendar,
    );
    expect(ended).toEqual([{ id: 'c1', status: 'missed', onTime: false }]);
  });
});

describe('reminders', () => {
  const trep = DEADLINE_RULES.find((r) => r.limit === 'TREP') as DeadlineRule;
  const scheduled = noticesOf({ startOn: '2026-11-25', dueOn: '2027-01-09' }, trep.notices, calendar);

  it('follows the schedule of the transfer reply: days 30, 44, 45 (due), 46, 75 and 105, at Eastern midnight', () => {
    expect(scheduled.map((n) => [n.on, n.kind])).toEqual([
      ['2026-12-25', 'due_soon'],
      ['2027-01-08', 'due_soon'],
      ['2027-01-09', 'due_today'],
      ['2027-01-10', 'overdue'],
      ['2027-02-08', 'overdue'],
      ['2027-03-10', 'overdue'],
    ]);
    expect(scheduled[0].at.toISOString()).toBe('2026-12-25T05:00:00.000Z');
  });

  it('sends the closure notice reminder 30 calendar days before it is due', () => {
    const ccn = DEADLINE_RULES.find((r) => r.limit === 'CCN') as DeadlineRule;
    expect(noticesOf({ startOn: '2026-12-18', dueOn: '2027-01-05' }, ccn.notices, calendar).map((n) => n.on)[0]).toBe('2026-12-06');
  });

  it('after downtime sends only the latest notice that fell due, and sets the earlier ones aside', () => {
    const { send, superseded } = noticesToSend(scheduled, new Set([0]), at('2027-01-12T15:00:00Z'));
    expect(send?.kind).toBe('overdue');
    expect(superseded.map((n) => n.index)).toEqual([1, 2]);
  });

  it('sends nothing twice and nothing early', () => {
    expect(noticesToSend(scheduled, new Set([0, 1, 2, 3]), at('2027-01-12T15:00:00Z')).send).toBeNull();
    expect(noticesToSend(scheduled, new Set(), at('2026-12-25T04:59:59.999Z')).send).toBeNull();
    expect(noticesToSend(scheduled, new Set(), at('2026-12-25T05:00:00Z')).send?.index).toBe(0);
  });
});

describe('days left and compliance outcomes', () => {
  it('counts days left in the unit of the limit, negative once overdue', () => {
    expect(daysLeft('2027-01-09', 'calendar', at('2026-12-02T15:00:00Z'), calendar)).toBe(38);
    expect(daysLeft('2026-07-07', 'business', at('2026-07-02T15:00:00Z'), calendar)).toBe(2);
    expect(daysLeft('2026-07-02', 'business', at('2026-07-07T15:00:00Z'), calendar)).toBe(-2);
  });

  it.each([
    [{ status: 'met', onTime: true, dueOn: '2026-10-01' }, 'on_time'],
    [{ status: 'met', onTime: false, dueOn: '2026-10-01' }, 'late'],
    [{ status: 'missed', onTime: false, dueOn: '2026-10-01' }, 'late'],
    [{ status: 'open', onTime: null, dueOn: '2026-10-01' }, 'late'],
    [{ status: 'open', onTime: null, dueOn: '2026-12-02' }, 'open'],
    [{ status: 'cancelled', onTime: false, dueOn: '2026-10-01' }, 'cancelled'],
  ] as const)('%p counts as %s on 2026-12-02', (deadline, outcome) => {
    expect(complianceOutcomeOf(deadline, '2026-12-02')).toBe(outcome);
  });
});

describe('the limits of reporting instructions (rules 3.103, 3.103-2 and 3.103-3)', () => {
  type Step = Parameters<typeof deadlinesOfStep>[0];
  const expedited = { kind: 'expedited', sexOffender: false, sentencingDate: null } as const;
  const living = (sentencingDate: string) => ({ kind: 'living_in_receiving_state', sexOffender: false, sentencingDate }) as const;
  const step = (event: Step['event'], transmits: Step['transmits'], iso: string, instructions: Step['instructions']): Step => ({
    event,
    transmits,
    at: at(iso),
    supervisionEndsOn: null,
    instructions,
  });
  const started = (s: Step, open: OpenDeadline[] = []) =>
    deadlinesOfStep(s, open, DEADLINE_RULES, calendar).started.map((d) => [d.rule.version, d.startOn, d.dueOn, d.met ?? 'open']);

  it('an expedited request transmitted at 2026-11-25T15:00Z is to be answered by 30 November: Thanksgiving and the weekend are no business days', () => {
    const { started: deadlines } = deadlinesOfStep(
      step('TRANSMIT', 'REQUEST_REPORTING_INSTRUCTIONS', '2026-11-25T15:00:00Z', expedited),
      [],
      DEADLINE_RULES,
      calendar,
    );
    expect(deadlines.map((d) => [d.rule.limit, d.rule.responsible, d.rule.measure, d.dueOn, d.dueAt.toISOString()])).toEqual([
      ['RI-REPLY', 'receiving', 'ri_reply', '2026-11-30', '2026-12-01T04:59:59.999Z'],
    ]);
    expect(citationOf(deadlines[0].rule)).toBe('3.103-2 (formerly 3.106)');
  });

  it("a sex offender's request gets 5 business days (rule 3.103-3, formerly 3.101-3)", () => {
    expect(started(step('TRANSMIT', 'REQUEST_REPORTING_INSTRUCTIONS', '2026-11-25T15:00:00Z', { ...expedited, sexOffender: true }))).toEqual([
      ['RI-REPLY-SO@2000-01-01', '2026-11-25', '2026-12-03', 'open'],
    ]);
  });

  it('a request kept for the compact office starts no reply: the receiving state has not received it', () => {
    expect(started(step('REQUEST_REPORTING_INSTRUCTIONS', null, '2026-11-25T15:00:00Z', expedited))).toEqual([]);
  });

  it.each([
    ['a sentencing on 2026-03-30 gets 7 business days', '2026-03-30', 'RI-LIVING@2000-01-01', '2026-04-08'],
    ['a sentencing on 2026-04-01 gets 10 business days', '2026-04-01', 'RI-LIVING@2026-04-01', '2026-04-15'],
  ])('3.103: %s from the sentencing, whenever the request is recorded', (_what, sentenced, version, dueOn) => {
    expect(started(step('REQUEST_REPORTING_INSTRUCTIONS', null, '2026-04-02T15:00:00Z', living(sentenced)))).toEqual([[version, sentenced, dueOn, 'open']]);
  });

  it('3.103: transmitted when it is recorded, the request meets its own limit, on time or late, and starts the reply', () => {
    expect(started(step('REQUEST_REPORTING_INSTRUCTIONS', 'REQUEST_REPORTING_INSTRUCTIONS', '2026-04-08T15:00:00Z', living('2026-03-30')))).toEqual([
      ['RI-LIVING@2000-01-01', '2026-03-30', '2026-04-08', { onTime: true }],
      ['RI-REPLY@2000-01-01', '2026-04-08', '2026-04-10', 'open'],
    ]);
    expect(started(step('REQUEST_REPORTING_INSTRUCTIONS', 'REQUEST_REPORTING_INSTRUCTIONS', '2026-04-09T15:00:00Z', living('2026-03-30')))[0]).toEqual([
      'RI-LIVING@2000-01-01',
      '2026-03-30',
      '2026-04-08',
      { onTime: false },
    ]);
  });

  it('3.103: the transmission of a request under review meets its limit', () => {
    const open: OpenDeadline[] = [{ id: 'living', limit: 'RI-LIVING', startedAt: at('2026-11-20T05:00:00Z'), dueOn: '2026-12-07' }];
    const { ended } = deadlinesOfStep(
      step('TRANSMIT', 'REQUEST_REPORTING_INSTRUCTIONS', '2026-12-08T15:00:00Z', living('2026-11-20')),
      open,
      DEADLINE_RULES,
      calendar,
    );
    expect(ended).toEqual([{ id: 'living', status: 'met', onTime: false }]);
  });

  it.each([
    ['15 business days for a person living in the receiving state', living('2026-11-20'), 'TREQ-AFTER-RI', '2026-12-21'],
    ['the 7th business day for an expedited one', expedited, 'TREQ-AFTER-EXP', '2026-12-09'],
  ])('a grant on 30 November starts the transfer request: %s', (_what, instructions, limit, dueOn) => {
    const { started: deadlines } = deadlinesOfStep(
      step('GRANT_REPORTING_INSTRUCTIONS', 'GRANT_REPORTING_INSTRUCTIONS', '2026-11-30T15:00:00Z', instructions),
      [],
      DEADLINE_RULES,
      calendar,
    );
    expect(deadlines.map((d) => [d.rule.limit, d.rule.responsible, d.dueOn])).toEqual([[limit, 'sending', dueOn]]);
  });

  it('the transfer request after a grant counts when it is transmitted, not when the officer submits it', () => {
    const open: OpenDeadline[] = [{ id: 'treq', limit: 'TREQ-AFTER-EXP', startedAt: at('2026-11-30T15:00:00Z'), dueOn: '2026-12-09' }];
    const kept = deadlinesOfStep(step('SUBMIT_TRANSFER_REQUEST', null, '2026-12-01T15:00:00Z', expedited), open, DEADLINE_RULES, calendar);
    expect(kept).toEqual({ ended: [], started: [] });
    const sent = deadlinesOfStep(step('TRANSMIT', 'SUBMIT_TRANSFER_REQUEST', '2026-12-02T15:00:00Z', expedited), open, DEADLINE_RULES, calendar);
    expect(sent.ended).toEqual([{ id: 'treq', status: 'met', onTime: true }]);
    expect(sent.started.map((d) => d.rule.limit)).toEqual(['TREP']);
  });

  it('a notice of failure to arrive ends the report missed; a withdrawn acceptance ends the acceptance', () => {
    const report: OpenDeadline = { id: 'report', limit: 'REPORT', startedAt: at('2026-12-01T15:00:00Z'), dueOn: '2026-12-08' };
    const acceptance: OpenDeadline = { id: 'acceptance', limit: 'ACC-EXP', startedAt: at('2026-12-01T15:00:00Z'), dueOn: '2027-03-31' };
    const noticed = deadlinesOfStep(
      step('NOTICE_OF_FAILURE_TO_ARRIVE', 'NOTICE_OF_FAILURE_TO_ARRIVE', '2026-12-09T15:00:00Z', null),
      [report],
      DEADLINE_RULES,
      calendar,
    );
    expect(noticed.ended).toEqual([{ id: 'report', status: 'missed', onTime: false }]);
    const withdrawn = deadlinesOfStep(step('WITHDRAW_ACCEPTANCE', 'WITHDRAW_ACCEPTANCE', '2027-04-01T15:00:00Z', null), [acceptance], DEADLINE_RULES, calendar);
    expect(withdrawn.ended).toEqual([{ id: 'acceptance', status: 'missed', onTime: false }]);
  });

  it('every limit a variant of reporting instructions chooses applies to exactly one of the kinds and flags it names', () => {
    const kinds = [expedited, { ...expedited, sexOffender: true }, living('2026-11-20'), { ...living('2026-11-20'), sexOffender: true }];
    for (const instructions of kinds) {
      const replies = deadlinesOfStep(step('TRANSMIT', 'REQUEST_REPORTING_INSTRUCTIONS', '2026-11-25T15:00:00Z', instructions), [], DEADLINE_RULES, calendar);
      expect(replies.started.filter((d) => d.rule.measure === 'ri_reply')).toHaveLength(1);
    }
  });
});

describe("the limits of a case's supervision activities (rules 4.106, 4.109, 4.111, 5.103 and 5.105)", () => {
  type Step = Parameters<typeof deadlinesOfStep>[0];
  const activityStep = (event: ActivityStepId, iso: string, more: Partial<Step> = {}): Step => ({
    event,
    transmits: event,
    at: at(iso),
    supervisionEndsOn: null,
    instructions: null,
    activityId: 'a1',
    linkedActivityId: null,
    givenDate: null,
    activityStartedAt: at(iso),
    response: null,
    ...more,
  });
  const startedBy = (step: Step, open: readonly OpenDeadline[] = []) =>
    deadlinesOfStep(step, open, DEADLINE_RULES, calendar).started.map((d) => [d.rule.limit, d.rule.rule, d.startOn, d.dueOn, d.met ?? null]);

  it('names only steps that exist, and every step of an activity but an unasked progress report moves some limit', () => {
    const named = new Set(DEADLINE_RULES.flatMap((r) => [...r.startedBy, ...r.metBy, ...r.endedBy]));
    const known = new Set<string>([...CASE_EVENT_TYPES, ...ACTIVITY_STEP_IDS]);
    expect([...named].filter((s) => !known.has(s))).toEqual([]);
    expect(ACTIVITY_STEP_IDS.filter((s) => !named.has(s))).toEqual(['progress_report:REPORT']);
  });

  it('4.106(a): a progress report requested at 2026-11-25T15:00Z is due 2026-12-25: 30 calendar days land on Christmas unchanged', () => {
    const [pr] = deadlinesOfStep(activityStep('progress_report:REQUEST', '2026-11-25T15:00:00Z'), [], DEADLINE_RULES, calendar).started;
    expect([pr.rule.limit, pr.rule.rule, pr.rule.responsible, pr.rule.measure, pr.dueOn, pr.dueAt.toISOString()]).toEqual([
      'PR',
      '4.106(a)',
      'receiving',
      'progress_report',
      '2026-12-25',
      '2026-12-26T04:59:59.999Z',
    ]);
    expect(pr.met).toBeUndefined();
  });

  it('4.106(a): a request at 2026-12-01T04:30Z is still 30 November, Eastern: due 30 December', () => {
    expect(startedBy(activityStep('progress_report:REQUEST', '2026-12-01T04:30:00Z'))).toEqual([['PR', '4.106(a)', '2026-11-30', '2026-12-30', null]]);
  });

  it('4.106(a): a report sent unasked starts nothing; the answer to the request meets it, on time on its due date', () => {
    expect(startedBy(activityStep('progress_report:REPORT', '2026-11-25T15:00:00Z'))).toEqual([]);
    const open: OpenDeadline = { id: 'p1', limit: 'PR', startedAt: at('2026-11-25T15:00:00Z'), dueOn: '2026-12-25', activityId: 'a1' };
    expect(deadlinesOfStep(activityStep('progress_report:SUBMIT_REPORT', '2026-12-26T04:00:00Z'), [open], DEADLINE_RULES, calendar).ended).toEqual([
      { id: 'p1', status: 'met', onTime: true },
    ]);
    expect(deadlinesOfStep(activityStep('progress_report:CANCEL', '2026-12-01T15:00:00Z'), [open], DEADLINE_RULES, calendar).ended).toEqual([
      { id: 'p1', status: 'cancelled', onTime: false },
    ]);
    expect(ruleInForce(DEADLINE_RULES, 'PR', '2020-03-31')).toBeNull();
  });

  it('4.109(a) and (c): a violation reported on 2026-11-25 meets its own report limit at once and starts the response, 10 business days over Thanksgiving and the weekends', () => {
    const step = activityStep('violation_report:REPORT', '2026-11-25T15:00:00Z', { givenDate: '2026-11-01' });
    expect(startedBy(step)).toEqual([
      ['OVR', '4.109(a)', '2026-11-01', '2026-12-01', { onTime: true }],
      ['RVR', '4.109(c)', '2026-11-25', '2026-12-10', null],
    ]);
  });

  it('4.109(a): a violation discovered more than 30 calendar days before it is reported is reported late', () => {
    const step = activityStep('violation_report:REPORT', '2026-11-25T15:00:00Z', { givenDate: '2026-10-25' });
    expect(startedBy(step)[0]).toEqual(['OVR', '4.109(a)', '2026-10-25', '2026-11-24', { onTime: false }]);
  });

  it('4.109(c): the response is reminded on day 6, at 10 business days (due) and on day 20', () => {
    const [, rvr] = deadlinesOfStep(
      activityStep('violation_report:REPORT', '2026-11-25T15:00:00Z', { givenDate: '2026-11-20' }),
      [],
      DEADLINE_RULES,
      calendar,
    ).started;
    expect(noticesOf(rvr, rvr.rule.notices, calendar).map((n) => [n.on, n.kind])).toEqual([
      ['2026-12-01', 'due_soon'],
      ['2026-12-10', 'due_today'],
      ['2026-12-15', 'overdue'],
    ]);
  });

  describe('5.103(a) and 5.105(a): a warrant within 15 business days of the violation report, when the response issues one', () => {
    const respond = (reportedAt: string, response: string) =>
      activityStep('violation_report:RESPOND', '2026-04-06T15:00:00Z', { activityStartedAt: at(reportedAt), response });
    const openRvr = (reportedAt: string): OpenDeadline => ({ id: 'r1', limit: 'RVR', startedAt: at(reportedAt), dueOn: '2026-04-30', activityId: 'a1' });

    it.each([
      ['a violation report of 31 March 2026 keeps rule 5.103(a)', '2026-03-31T14:00:00Z', '5.103(a)', '2026-03-31', '2026-04-21'],
      ['one of 1 April 2026 is under rule 5.105(a)', '2026-04-01T14:00:00Z', '5.105(a)', '2026-04-01', '2026-04-22'],
      ['23:30 Eastern on 31 March is still the old rule', '2026-04-01T03:30:00Z', '5.103(a)', '2026-03-31', '2026-04-21'],
    ])('%s', (_what, reportedAt, rule, startOn, dueOn) => {
      const { ended, started } = deadlinesOfStep(respond(reportedAt, 'warrant_issued'), [openRvr(reportedAt)], DEADLINE_RULES, calendar);
      expect(ended).toEqual([{ id: 'r1', status: 'met', onTime: true }]);
      expect(started.map((d) => [d.rule.limit, d.rule.rule, d.startOn, d.dueOn, d.rule.responsible, d.rule.measure])).toEqual([
        ['WARRANT', rule, startOn, dueOn, 'sending', 'warrant_timeliness'],
      ]);
    });

    it.each(['return_requested', 'continue_supervision', 'other'])('starts no warrant limit for a response "%s"', (response) => {
      expect(startedBy(respond('2026-04-01T14:00:00Z', response))).toEqual([]);
    });

    const openWarrant: OpenDeadline = { id: 'w1', limit: 'WARRANT', startedAt: at('2026-04-01T14:00:00Z'), dueOn: '2026-04-22', activityId: 'vr1' };
    const issue = (iso: string, linkedActivityId: string | null) => activityStep('warrant:ISSUE', iso, { activityId: 'wa1', linkedActivityId });

    it('a warrant linked to the violation report meets it, on time on its due date and late after', () => {
      expect(deadlinesOfStep(issue('2026-04-22T20:00:00Z', 'vr1'), [openWarrant], DEADLINE_RULES, calendar).ended).toEqual([
        { id: 'w1', status: 'met', onTime: true },
      ]);
      expect(deadlinesOfStep(issue('2026-04-23T14:00:00Z', 'vr1'), [openWarrant], DEADLINE_RULES, calendar).ended).toEqual([
        { id: 'w1', status: 'met', onTime: false },
      ]);
    });

    it("a warrant linked to another violation report, or to none, leaves it open; the report's withdrawal ends it", () => {
      expect(deadlinesOfStep(issue('2026-04-10T14:00:00Z', 'vr2'), [openWarrant], DEADLINE_RULES, calendar).ended).toEqual([]);
      expect(deadlinesOfStep(issue('2026-04-10T14:00:00Z', null), [openWarrant], DEADLINE_RULES, calendar).ended).toEqual([]);
      const cancel = activityStep('violation_report:CANCEL', '2026-04-10T14:00:00Z', { activityId: 'vr1' });
      expect(deadlinesOfStep(cancel, [openWarrant], DEADLINE_RULES, calendar).ended).toEqual([{ id: 'w1', status: 'cancelled', onTime: false }]);
    });
  });

  describe('5.105(c): retaking within 30 calendar days of custody on the warrant', () => {
    it.each([
      ['custody since 2026-11-20 is under 5.105(c)', '2026-11-20', '5.105(c)', '2026-12-20'],
      ['custody since 2026-03-15 keeps the former text of 5.105', '2026-03-15', '5.105', '2026-04-14'],
    ])('%s, counted from the custody date the report gives, and left open', (_what, custodySince, rule, dueOn) => {
      const step = activityStep('warrant:REPORT_CUSTODY', '2026-11-23T15:00:00Z', { givenDate: custodySince });
      expect(startedBy(step)).toEqual([['RETAKE', rule, custodySince, dueOn, null]]);
    });

    const openRetake: OpenDeadline = { id: 'k1', limit: 'RETAKE', startedAt: at('2026-11-20T05:00:00Z'), dueOn: '2026-12-20', activityId: 'a1' };
    it('is met by the retaking, and ended by a withdrawn warrant: missed once overdue', () => {
      expect(deadlinesOfStep(activityStep('warrant:RETAKE', '2026-12-18T15:00:00Z'), [openRetake], DEADLINE_RULES, calendar).ended).toEqual([
        { id: 'k1', status: 'met', onTime: true },
      ]);
      expect(deadlinesOfStep(activityStep('warrant:WITHDRAW_WARRANT', '2026-12-22T15:00:00Z'), [openRetake], DEADLINE_RULES, calendar).ended).toEqual([
        { id: 'k1', status: 'missed', onTime: false },
      ]);
    });
  });

  it('4.111(b): return reporting instructions are owed by the sending state within 2 business days, across a weekend', () => {
    expect(startedBy(activityStep('return_request:REQUEST', '2026-12-04T15:00:00Z'))).toEqual([
      ['RETURN-RI-REPLY', '4.111(b)', '2026-12-04', '2026-12-08', null],
    ]);
    const open: OpenDeadline = { id: 'q1', limit: 'RETURN-RI-REPLY', startedAt: at('2026-12-04T15:00:00Z'), dueOn: '2026-12-08', activityId: 'a1' };
    expect(deadlinesOfStep(activityStep('return_request:DENY', '2026-12-09T15:00:00Z'), [open], DEADLINE_RULES, calendar).ended).toEqual([
      { id: 'q1', status: 'met', onTime: false },
    ]);
  });

  describe('scoping: each step concerns its own deadlines', () => {
    const openPr: OpenDeadline = { id: 'p1', limit: 'PR', startedAt: at('2026-11-25T15:00:00Z'), dueOn: '2026-12-25', activityId: 'pr1' };

    it("an activity's step ignores another activity's deadlines, and starts its own beside them", () => {
      const other = activityStep('progress_report:SUBMIT_REPORT', '2026-12-01T15:00:00Z', { activityId: 'pr2' });
      expect(deadlinesOfStep(other, [openPr], DEADLINE_RULES, calendar).ended).toEqual([]);
      const own = activityStep('progress_report:SUBMIT_REPORT', '2026-12-01T15:00:00Z', { activityId: 'pr1' });
      expect(deadlinesOfStep(own, [openPr], DEADLINE_RULES, calendar).ended).toEqual([{ id: 'p1', status: 'met', onTime: true }]);
      const second = activityStep('progress_report:REQUEST', '2026-12-01T15:00:00Z', { activityId: 'pr2' });
      expect(startedBy(second, [openPr])).toEqual([['PR', '4.106(a)', '2026-12-01', '2026-12-31', null]]);
      expect(startedBy({ ...second, activityId: 'pr1' }, [openPr])).toEqual([]);
    });

    it("a case event does not end an activity's deadline, and an activity's step not the case's own", () => {
      // A deadline of an activity that a case event would otherwise meet, by its limit.
      const ofActivity: OpenDeadline = { id: 't1', limit: 'TREP', startedAt: at('2026-11-25T15:00:00Z'), dueOn: '2027-01-09', activityId: 'a9' };
      const accept = {
        event: 'ACCEPT_TRANSFER' as const,
        transmits: 'ACCEPT_TRANSFER' as const,
        at: at('2026-12-01T15:00:00Z'),
        supervisionEndsOn: null,
        instructions: null,
      };
      expect(deadlinesOfStep(accept, [ofActivity], DEADLINE_RULES, calendar).ended).toEqual([]);
      expect(deadlinesOfStep(accept, [{ ...ofActivity, activityId: null }], DEADLINE_RULES, calendar).ended).toEqual([
        { id: 't1', status: 'met', onTime: true },
      ]);
      const caseOwnPr: OpenDeadline = { ...openPr, activityId: null };
      const answer = activityStep('progress_report:SUBMIT_REPORT', '2026-12-01T15:00:00Z', { activityId: 'pr1', linkedActivityId: 'pr0' });
      expect(deadlinesOfStep(answer, [caseOwnPr], DEADLINE_RULES, calendar).ended).toEqual([]);
    });
  });
});
