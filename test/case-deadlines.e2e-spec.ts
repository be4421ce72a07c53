import { TimeTravel } from './support/accounts';
import { LAST_KNOWN } from './support/case-steps';
import { TestApp } from './support/test-app';

interface DeadlineLine {
  id: string;
  limit: string;
  rule: string;
  activity: string;
  responsibleState: string;
  assigneeId: string | null;
  startedAt: string;
  dueOn: string;
  dueAt: string;
  status: string;
  metAt: string | null;
  onTime: boolean | null;
}

/** The time limits a case's steps start and end, as both states read them in the case's answer. */
describe('the deadlines of a case', () => {
  let t: TestApp;
  let time: TimeTravel;

  beforeAll(async () => {
    t = await TestApp.start();
    time = new TimeTravel(t);
  });
  afterAll(async () => {
    time.back();
    await t.close();
  });

  /** The clock at `instant`, everyone signed in afresh there. */
  const at = (instant: string) => {
    time.to(instant);
    t.forgetSignIns();
  };
  const open = async (body: object = {}): Promise<string> => {
    const res = await (
      await t.as('oh.field_officer')
    )
      .post('/cases')
      .send({ offenderName: 'Riley Example', sendingState: 'OH', receivingState: 'TX', ...body })
      .expect(201);
    return res.body.id;
  };
  const send = async (who: string, caseId: string, body: object) => (await t.as(who)).post(`/cases/${caseId}/events`).send(body);
  const step = async (who: string, caseId: string, body: object) => {
    const res = await send(who, caseId, body);
    expect({ who, body, status: res.status }).toEqual({ who, body, status: 200 });
    return res.body;
  };
  const deadlinesOf = async (caseId: string, who = 'oh.field_officer'): Promise<DeadlineLine[]> =>
    (await (await t.as(who)).get(`/cases/${caseId}`).expect(200)).body.deadlines;
  const only = (lines: DeadlineLine[], limit: string): DeadlineLine => {
    const found = lines.filter((d) => d.limit === limit);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('starts the transfer reply with the transfer request: 45 calendar days, owed by the receiving state', async () => {
    at('2026-11-25T15:00:00Z');
    const caseId = await open();
    expect(await deadlinesOf(caseId)).toEqual([]);
    await step('oh.field_officer', caseId, { type: 'SUBMIT_TRANSFER_REQUEST' });
    await step('oh.compact_office', caseId, { type: 'TRANSMIT' });
    const [trep] = await deadlinesOf(caseId);
    expect(trep).toMatchObject({
      limit: 'TREP',
      rule: '3.104',
      activity: 'Transfer reply',
      responsibleState: 'TX',
      assigneeId: null,
      dueOn: '2027-01-09',
      // The end of 9 January, Eastern Standard Time.
      dueAt: '2027-01-10T04:59:59.999Z',
      status: 'open',
      metAt: null,
      onTime: null,
    });
    expect(trep.startedAt).toMatch(/^2026-11-25T15:00:/);
    // The receiving state reads the same deadline.
    expect(await deadlinesOf(caseId, 'tx.compact_office')).toEqual([trep]);
  });

  it('meets the transfer reply on time until midnight Eastern of its due date, and late after it', async () => {
    at('2026-11-25T15:00:00Z');
    const [onTime, late] = [await open(), await open()];
    for (const id of [onTime, late]) await step('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' });
    for (const id of [onTime, late]) await step('oh.compact_office', id, { type: 'TRANSMIT' });
    at('2027-01-10T04:30:00Z'); // 23:30 on 9 January in Eastern time
    await step('tx.compact_office', onTime, { type: 'REJECT_TRANSFER', reason: 'No approved residence yet.', rejectionKind: 'incomplete' });
    at('2027-01-10T05:30:00Z'); // 00:30 on 10 January
    await step('tx.compact_office', late, { type: 'REJECT_TRANSFER', reason: 'No approved residence yet.', rejectionKind: 'incomplete' });
    expect(only(await deadlinesOf(onTime), 'TREP')).toMatchObject({ status: 'met', onTime: true, metAt: expect.stringMatching(/^2027-01-10T04:30:/) });
    expect(only(await deadlinesOf(late), 'TREP')).toMatchObject({ status: 'met', onTime: false, metAt: expect.stringMatching(/^2027-01-10T05:30:/) });
  });

  it('cancels a deadline the sending state withdraws before it is due', async () => {
    at('2026-11-25T15:00:00Z');
    const caseId = await open();
    await step('oh.field_officer', caseId, { type: 'SUBMIT_TRANSFER_REQUEST' });
    await step('oh.compact_office', caseId, { type: 'TRANSMIT' });
    at('2026-12-01T15:00:00Z');
    await step('oh.supervisor', caseId, { type: 'WITHDRAW', reason: 'The offender no longer wishes to move.' });
    expect(only(await deadlinesOf(caseId), 'TREP')).toMatchObject({ status: 'cancelled', onTime: false, metAt: null });
  });

  describe('a case through acceptance, departure, arrival and closure', () => {
    let caseId: string;

    beforeAll(async () => {
      at('2026-12-01T15:00:00Z');
      caseId = await open({ supervisionEndsOn: '2027-06-30' });
      await step('oh.field_officer', caseId, { type: 'SUBMIT_TRANSFER_REQUEST' });
      await step('oh.compact_office', caseId, { type: 'TRANSMIT' });
    });

    it('starts the 120 days of the acceptance, owed by the sending officer who opened the case', async () => {
      at('2026-12-10T15:00:00Z');
      await step('tx.compact_office', caseId, { type: 'ACCEPT_TRANSFER' });
      const lines = await deadlinesOf(caseId);
      expect(only(lines, 'TREP')).toMatchObject({ status: 'met', onTime: true });
      expect(only(lines, 'ACC-EXP')).toMatchObject({
        status: 'open',
        responsibleState: 'OH',
        assigneeId: t.actor('oh.field_officer').id,
        dueOn: '2027-04-09',
      });
    });

    it('counts the arrival in business days, skipping the weekend and Christmas', async () => {
      at('2026-12-18T20:00:00Z'); // a Friday
      await step('oh.supervisor', caseId, { type: 'NOTICE_OF_DEPARTURE' });
      const lines = await deadlinesOf(caseId);
      expect(only(lines, 'ACC-EXP')).toMatchObject({ status: 'met', onTime: true });
      // Mon 21, Tue 22, Wed 23, Thu 24, (Christmas), Mon 28.
      expect(only(lines, 'REPORT')).toMatchObject({ status: 'open', responsibleState: 'TX', dueOn: '2026-12-28', dueAt: '2026-12-29T04:59:59.999Z' });
    });

    it('starts the closure notice from the supervision end date on arrival: 10 business days, past the observed Independence Day', async () => {
      at('2026-12-28T16:00:00Z');
      await step('tx.field_officer', caseId, { type: 'NOTICE_OF_ARRIVAL' });
      const lines = await deadlinesOf(caseId);
      expect(only(lines, 'REPORT')).toMatchObject({ status: 'met', onTime: true });
      // Thu 1, Fri 2, (Mon 5, the Fourth observed), Tue 6 … Thu 15 July.
      expect(only(lines, 'CCN')).toMatchObject({
        status: 'open',
        responsibleState: 'TX',
        // Nobody is assigned on the receiving side yet: its compact office acts.
        assigneeId: null,
        startedAt: '2027-06-30T04:00:00.000Z',
        dueOn: '2027-07-15',
      });
    });

    it('lets the receiving compact office assign its side, and the open deadline goes with it', async () => {
      const officer = t.actor('tx.field_officer');
      const res = await (
        await t.as('tx.compact_office')
      )
        .post(`/cases/${caseId}/assignment`)
        .send({ assigneeId: officer.id, reason: 'Dallas County caseload.' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ receivingAssigneeId: officer.id, sendingAssigneeId: t.actor('oh.field_officer').id });
      expect(only(res.body.deadlines, 'CCN').assigneeId).toBe(officer.id);
      const [entry] = await t.auditEntries({ action: 'REASSIGN_CASE', outcome: 'allowed', caseId });
      expect(entry.reason).toMatch(/receiving side assigned from nobody to .*1 open deadline\(s\) moved; Dallas County caseload\./);
    });

    it('meets the closure notice, and starts the sending state’s reply to it', async () => {
      at('2027-07-02T15:00:00Z');
      await step('tx.field_officer', caseId, { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'discharged', ...LAST_KNOWN });
      const lines = await deadlinesOf(caseId);
      expect(only(lines, 'CCN')).toMatchObject({ status: 'met', onTime: true });
      // Tue 6 … Mon 19 July: ten business days after Friday the second, the observed Fourth skipped.
      expect(only(lines, 'CCN-REPLY')).toMatchObject({ status: 'open', responsibleState: 'OH', dueOn: '2027-07-19' });
      at('2027-07-20T14:00:00Z');
      await step('oh.compact_office', caseId, { type: 'CONFIRM_CLOSURE' });
      expect(only(await deadlinesOf(caseId), 'CCN-REPLY')).toMatchObject({ status: 'met', onTime: false });
    });
  });

  it('starts the closure notice again when a reopen request is approved', async () => {
    at('2027-01-04T15:00:00Z');
    const caseId = await open({ supervisionEndsOn: '2028-03-31' });
    for (const [who, body] of [
      ['oh.field_officer', { type: 'SUBMIT_TRANSFER_REQUEST' }],
      ['oh.compact_office', { type: 'TRANSMIT' }],
      ['tx.compact_office', { type: 'ACCEPT_TRANSFER' }],
      ['oh.field_officer', { type: 'NOTICE_OF_DEPARTURE' }],
      ['tx.field_officer', { type: 'NOTICE_OF_ARRIVAL' }],
      ['tx.field_officer', { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'absconded', ...LAST_KNOWN }],
      ['oh.compact_office', { type: 'CONFIRM_CLOSURE' }],
    ] as const)
      await step(who, caseId, body);
    // Closed before the supervision end date: nothing was owed yet, and the notice's deadline was cancelled.
    expect(only(await deadlinesOf(caseId), 'CCN')).toMatchObject({ status: 'cancelled' });
    const asked = await (await t.as('tx.field_officer')).post(`/cases/${caseId}/reopen-requests`).send({ reason: 'Apprehended in Dallas.' }).expect(201);
    await (await t.as('tx.compact_office')).post(`/reopen-requests/${asked.body.id}/approve`).send({ reason: 'Confirmed.' }).expect(200);
    const ccn = (await deadlinesOf(caseId)).filter((d) => d.limit === 'CCN');
    expect(ccn.map((d) => d.status)).toEqual(['cancelled', 'open']);
    expect(ccn[1]).toMatchObject({ startedAt: '2028-03-31T04:00:00.000Z', dueOn: '2028-04-14' });
  });

  describe('who may assign', () => {
    let caseId: string;

    beforeAll(async () => {
      at('2026-12-01T15:00:00Z');
      caseId = await open();
      await step('oh.field_officer', caseId, { type: 'SUBMIT_TRANSFER_REQUEST' });
      await step('oh.compact_office', caseId, { type: 'TRANSMIT' });
    });
    const assign = async (who: string, body: object) => (await t.as(who)).post(`/cases/${caseId}/assignment`).send(body);

    it('refuses a field officer, and the other side, and records the refusals', async () => {
      const target = { assigneeId: t.actor('oh.field_officer').id, side: 'sending' };
      for (const who of ['oh.field_officer', 'oh.auditor', 'oh.state_admin', 'tx.compact_office', 'tx.supervisor']) {
        const res = await assign(who, target);
        expect({ who, status: res.status }).toEqual({ who, status: 403 });
        expect(res.body.message).toMatch(/^Only a supervisor or the compact office of OH may assign the sending side of this case/);
      }
      const denied = await t.auditEntries({ action: 'REASSIGN_CASE', outcome: 'denied', caseId });
      expect(denied).toHaveLength(5);
    });

    it('answers a state party to neither side as if the case did not exist', async () => {
      const res = await assign('ca.compact_office', { assigneeId: t.actor('ca.field_officer').id });
      expect(res.status).toBe(404);
    });

    it('lets the sending supervisor hand the case to another officer of the state, and no one outside it', async () => {
      const outsider = await assign('oh.supervisor', { assigneeId: t.actor('tx.field_officer').id });
      expect(outsider.status).toBe(400);
      expect(outsider.body.message).toBe('assigneeId must be an active field officer, supervisor or compact office user of OH.');
      const auditor = await assign('oh.supervisor', { assigneeId: t.actor('oh.auditor').id });
      expect(auditor.status).toBe(400);
      const handed = await assign('oh.supervisor', { assigneeId: t.actor('oh.supervisor').id });
      expect(handed.status).toBe(200);
      expect(handed.body.sendingAssigneeId).toBe(t.actor('oh.supervisor').id);
      const again = await assign('oh.compact_office', { assigneeId: t.actor('oh.supervisor').id });
      expect(again.status).toBe(409);
      expect(again.body.message).toBe('The sending side of this case is already assigned to oh.supervisor.');
    });

    it('waits for the acceptance before the receiving side is assigned', async () => {
      const res = await assign('tx.compact_office', { assigneeId: t.actor('tx.field_officer').id });
      expect(res.status).toBe(409);
      expect(res.body.message).toBe('TX has not accepted this case yet: its compact office assigns it on acceptance.');
    });

    it('names the problem of a malformed request', async () => {
      const res = await assign('oh.supervisor', { assigneeId: 'someone', side: 'north' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/assigneeId must be a user id/);
      expect(res.body.message).toMatch(/side must be one of: sending, receiving/);
    });
  });

  describe('under lifecycle version 2', () => {
    it("starts the transfer reply when Ohio's compact office transmits the request, not when the officer submits it", async () => {
      at('2026-11-25T15:00:00Z');
      const caseId = await open();
      await step('oh.field_officer', caseId, { type: 'SUBMIT_TRANSFER_REQUEST' });
      expect(await deadlinesOf(caseId)).toEqual([]);
      at('2026-11-27T15:00:00Z');
      await step('oh.compact_office', caseId, { type: 'TRANSMIT' });
      expect(only(await deadlinesOf(caseId), 'TREP')).toMatchObject({
        status: 'open',
        startedAt: expect.stringMatching(/^2026-11-27T15:00:00/),
        dueOn: '2027-01-11',
      });
    });

    it("puts an expedited request's reply in Texas's workload, and counts it in Texas's compliance as ri_reply once granted", async () => {
      at('2026-11-25T15:00:00Z');
      const caseId = await open();
      await step('oh.compact_office', caseId, { type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'expedited' });
      const reply = only(await deadlinesOf(caseId, 'tx.compact_office'), 'RI-REPLY');
      expect(reply).toMatchObject({ rule: '3.103-2 (formerly 3.106)', responsibleState: 'TX', dueOn: '2026-11-30', dueAt: '2026-12-01T04:59:59.999Z' });

      const workload = await (await t.as('tx.compact_office')).get('/workload?rule=RI-REPLY').expect(200);
      const item = workload.body.items.find((i: { caseId: string }) => i.caseId === caseId);
      // Thursday is Thanksgiving: from Wednesday, Friday is the first business day and Monday the second.
      expect(item).toMatchObject({ dueOn: '2026-11-30', daysLeft: 2, dayUnit: 'business', overdue: false });

      at('2026-11-30T20:00:00Z');
      await step('tx.compact_office', caseId, { type: 'GRANT_REPORTING_INSTRUCTIONS' });
      expect(only(await deadlinesOf(caseId), 'RI-REPLY')).toMatchObject({ status: 'met', onTime: true });
      expect(only(await deadlinesOf(caseId), 'TREQ-AFTER-EXP')).toMatchObject({ status: 'open', responsibleState: 'OH', dueOn: '2026-12-09' });

      const report = await (await t.as('tx.compact_office')).get('/compliance?from=2026-10-01&to=2026-12-31').expect(200);
      const measure = report.body.overall.measures.find((m: { measure: string }) => m.measure === 'ri_reply');
      expect(measure).toMatchObject({ tracked: true });
      expect(measure.state.onTime).toBeGreaterThanOrEqual(1);
      expect(measure.state.due).toBe(measure.state.onTime + measure.state.late + measure.state.open);
    });

    it('3.103: a request sent on the 8th business day after a sentencing of 2026-03-30 is late, for the limit was then 7', async () => {
      at('2026-04-09T15:00:00Z');
      const caseId = await open();
      await step('oh.field_officer', caseId, {
        type: 'REQUEST_REPORTING_INSTRUCTIONS',
        instructionsKind: 'living_in_receiving_state',
        sentencingDate: '2026-03-30',
      });
      expect(only(await deadlinesOf(caseId), 'RI-LIVING')).toMatchObject({ status: 'open', responsibleState: 'OH', dueOn: '2026-04-08' });
      await step('oh.compact_office', caseId, { type: 'TRANSMIT' });
      expect(only(await deadlinesOf(caseId), 'RI-LIVING')).toMatchObject({ status: 'met', onTime: false });
      expect(only(await deadlinesOf(caseId), 'RI-REPLY')).toMatchObject({ status: 'open', dueOn: '2026-04-13' });
    });
  });
});
