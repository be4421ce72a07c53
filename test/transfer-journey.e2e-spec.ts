import { Clock } from '../src/common/clock';
import { mailsDelivered } from './support/outbox';
import { TestApp } from './support/test-app';

/**
 * One case through lifecycle version 2, through HTTP, each step by the people the rules name and
 * refused to the others: expedited reporting instructions, the compact office's review of what
 * leaves Ohio, a failure to arrive, and a closure on the ground added on 2026-04-01.
 */
describe('lifecycle version 2 over HTTP: a transfer on expedited reporting instructions from draft to closed', () => {
  let t: TestApp;
  let caseId: string;
  let caseNumber: string;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const at = (instant: string) => {
    t.app.get(Clock).runFrom(new Date(instant));
    t.forgetSignIns();
  };
  const send = async (who: string, body: object) => (await t.as(who)).post(`/cases/${caseId}/events`).send(body);
  const read = async (who: string) => (await t.as(who)).get(`/cases/${caseId}`);
  const step = async (who: string, body: object, status: string) => {
    const res = await send(who, body);
    expect({ status: res.status, body: res.status === 200 ? res.body.status : res.body.message }).toEqual({ status: 200, body: status });
    return res.body;
  };

  it('an officer drafts the case and asks for expedited reporting instructions: it waits for the Ohio compact office', async () => {
    at('2026-11-24T15:00:00Z');
    const opened = await (
      await t.as('oh.field_officer')
    )
      .post('/cases')
      .send({ offenderName: 'Morgan Expedite', sendingState: 'OH', receivingState: 'TX' })
      .expect(201);
    caseId = opened.body.id;
    caseNumber = opened.body.caseNumber;
    const reviewed = await step('oh.field_officer', { type: 'REQUEST_REPORTING_INSTRUCTIONS', instructionsKind: 'expedited' }, 'compact_office_review');
    expect(reviewed).toMatchObject({
      awaitingTransmission: 'REQUEST_REPORTING_INSTRUCTIONS',
      reportingInstructions: { kind: 'expedited', sexOffender: false, sentencingDate: null },
      allowedEvents: ['WITHDRAW'],
    });
    expect((await read('oh.compact_office')).body.allowedEvents).toEqual(['TRANSMIT', 'SEND_BACK', 'WITHDRAW']);
  });

  it('Texas sees nothing of it before it is transmitted, and its look is audited', async () => {
    for (const who of ['tx.compact_office', 'tx.field_officer']) expect((await read(who)).status).toBe(404);
    const listed = await (await t.as('tx.compact_office')).get('/cases').expect(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
    const looks = await t.auditEntries({ caseId, action: 'CASE_READ', outcome: 'denied' });
    expect(looks.length).toBeGreaterThan(0);
    expect(looks.map((e) => e.primaryState)).toEqual(looks.map(() => 'OH'));
  });

  it('the officer cannot transmit it; the compact office does, and Texas sees it with its reply due on 30 November', async () => {
    at('2026-11-25T15:00:00Z');
    const refused = await send('oh.field_officer', { type: 'TRANSMIT' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('Only the compact office of the sending state (OH) may transmit what waits for the compact office.');
    await step('oh.compact_office', { type: 'TRANSMIT' }, 'reporting_instructions_requested');
    const seen = await read('tx.compact_office');
    expect(seen.status).toBe(200);
    expect(seen.body.allowedEvents).toEqual(['GRANT_REPORTING_INSTRUCTIONS', 'DENY_REPORTING_INSTRUCTIONS']);
    // 2 business days from Wednesday 25 November: Thanksgiving and the weekend are none.
    const reply = seen.body.deadlines.find((d: { status: string; responsibleState: string }) => d.status === 'open' && d.responsibleState === 'TX');
    expect(reply).toMatchObject({ dueOn: '2026-11-30', dueAt: '2026-12-01T04:59:59.999Z' });
  });

  it("Texas's history of the case begins with the transmission", async () => {
    const history = await (await t.as('tx.compact_office')).get(`/cases/${caseId}/history`).expect(200);
    const steps = (body: { event: string; outcome: string }[]) => body.filter((e) => e.event !== 'CASE_READ').map((e) => `${e.event} ${e.outcome}`);
    expect(steps(history.body)).toEqual(['TRANSMIT allowed']);
    // Ohio's own history also keeps its officer's refused attempt to transmit.
    const ohio = await (await t.as('oh.compact_office')).get(`/cases/${caseId}/history`).expect(200);
    expect(steps(ohio.body)).toEqual(['OPEN_CASE allowed', 'REQUEST_REPORTING_INSTRUCTIONS allowed', 'TRANSMIT denied', 'TRANSMIT allowed']);
  });

  it('only the Texas compact office grants them', async () => {
    expect((await send('tx.field_officer', { type: 'GRANT_REPORTING_INSTRUCTIONS' })).status).toBe(403);
    expect((await send('oh.compact_office', { type: 'GRANT_REPORTING_INSTRUCTIONS' })).status).toBe(403);
    at('2026-11-30T14:00:00Z');
    await step('tx.compact_office', { type: 'GRANT_REPORTING_INSTRUCTIONS' }, 'reporting_instructions_granted');
  });

  it('the transfer request goes through the same review before Texas receives it', async () => {
    await step('oh.supervisor', { type: 'SUBMIT_TRANSFER_REQUEST' }, 'compact_office_review');
    expect((await read('tx.compact_office')).body).toMatchObject({ status: 'compact_office_review', allowedEvents: [] });
    const sentBack = await step('oh.compact_office', { type: 'SEND_BACK', reason: 'Attach the signed 3.107 forms.' }, 'reporting_instructions_granted');
    expect(sentBack.awaitingTransmission).toBeNull();
    await step('oh.supervisor', { type: 'SUBMIT_TRANSFER_REQUEST' }, 'compact_office_review');
    await step('oh.compact_office', { type: 'TRANSMIT' }, 'transfer_requested');
    await step('tx.compact_office', { type: 'ACCEPT_TRANSFER' }, 'accepted');
    expect((await read('tx.compact_office')).body.acceptedOn).toBe('2026-11-30');
  });

  it('after departure, a failure to arrive waits for the 5th business day to pass, saying when', async () => {
    at('2026-12-01T15:00:00Z');
    await step('oh.field_officer', { type: 'NOTICE_OF_DEPARTURE' }, 'departed');
    at('2026-12-08T20:00:00Z');
    const early = await send('tx.field_officer', { type: 'NOTICE_OF_FAILURE_TO_ARRIVE' });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe(
      'Rule 3.104-1(e): you may send a notice of failure to arrive once the person has not reported within 5 business days of 2026-12-01 ' +
        '(due 2026-12-08), that is from 2026-12-09; today is 2026-12-08.',
    );
    expect((await read('tx.compact_office')).body.possibleLater).toEqual([
      { type: 'NOTICE_OF_FAILURE_TO_ARRIVE', from: '2026-12-09' },
      { type: 'WITHDRAW_ACCEPTANCE', from: '2026-12-09' },
    ]);
    expect((await t.auditEntries({ caseId, action: 'NOTICE_OF_FAILURE_TO_ARRIVE' })).map((e) => e.outcome)).toEqual(['denied']);
    at('2026-12-09T14:00:00Z');
    await step('tx.field_officer', { type: 'NOTICE_OF_FAILURE_TO_ARRIVE' }, 'failed_to_arrive');
    const told = (await mailsDelivered(t)).filter((m) => m.subject.includes(caseNumber));
    expect(told.map((m) => [m.to, m.subject])).toEqual([['oh.compact_office@e2e.example', `Failure to arrive: case ${caseNumber} (Morgan Expedite)`]]);
    expect(told[0].body).toContain('tx.field_officer (field officer, TX) reports that the person did not arrive by the 5th business day');
  });

  it('the person reports late; supervision starts, and closes on a subsequent-state transfer', async () => {
    at('2026-12-10T14:00:00Z');
    await step('tx.field_officer', { type: 'NOTICE_OF_ARRIVAL' }, 'active');
    const missing = await send('tx.field_officer', { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'subsequent_state_transfer' });
    expect([missing.status, missing.body.message]).toEqual([
      400,
      'The field "lastKnownAddress" is required to submit a closure notice and must not be blank: rule 4.112 asks for the last known address and employment.',
    ]);
    const noticed = await step(
      'tx.field_officer',
      {
        type: 'SUBMIT_CLOSURE_NOTICE',
        closureReason: 'subsequent_state_transfer',
        lastKnownAddress: '9 Pecan St, Waco, TX',
        lastKnownEmployment: 'Warehouse, nights',
      },
      'closure_pending',
    );
    expect(noticed).toMatchObject({
      closureReason: 'subsequent_state_transfer',
      lastKnownAddress: '9 Pecan St, Waco, TX',
      lastKnownEmployment: 'Warehouse, nights',
    });
    await step('oh.supervisor', { type: 'CONFIRM_CLOSURE' }, 'closed');
    expect((await read('oh.compact_office')).body).toMatchObject({ status: 'closed', machineVersion: 2 });
  });
  describe('withdrawing an acceptance nobody used (rule 3.104-1(d))', () => {
    it('is refused on the 120th day and taken the day after, and the Ohio compact office is told at once', async () => {
      at('2026-12-03T15:00:00Z');
      const office = await t.as('oh.compact_office');
      const opened = await office.post('/cases').send({ offenderName: 'Avery Staying', sendingState: 'OH', receivingState: 'TX' }).expect(201);
      const { id, caseNumber } = opened.body;
      await office.post(`/cases/${id}/events`).send({ type: 'SUBMIT_TRANSFER_REQUEST' }).expect(200);
      await (await t.as('tx.compact_office')).post(`/cases/${id}/events`).send({ type: 'ACCEPT_TRANSFER' }).expect(200);
      const withdraw = async () =>
        (await t.as('tx.compact_office')).post(`/cases/${id}/events`).send({ type: 'WITHDRAW_ACCEPTANCE', reason: 'No departure in 120 days.' });

      at('2027-04-02T15:00:00Z');
      const early = await withdraw();
      expect([early.status, early.body.message]).toEqual([
        409,
        'Rule 3.104-1(d): you may withdraw an acceptance once no notice of departure has come within 120 days of 2026-12-03 (due 2027-04-02), ' +
          'that is from 2027-04-03; today is 2027-04-02.',
      ]);
      // 00:30 on 3 April in New York is still 2 April in UTC's eyes: the Eastern date decides.
      at('2027-04-03T04:30:00Z');
      const taken = await withdraw();
      expect([taken.status, taken.body.status]).toEqual([200, 'acceptance_withdrawn']);
      expect(taken.body.allowedEvents).toEqual([]);
      const ohio = await (await t.as('oh.field_officer')).get(`/cases/${id}`).expect(200);
      expect(ohio.body.allowedEvents).toEqual(['SUBMIT_TRANSFER_REQUEST', 'WITHDRAW']);

      const told = (await mailsDelivered(t)).filter((m) => m.subject.includes(caseNumber));
      expect(told.map((m) => [m.to, m.subject])).toEqual([['oh.compact_office@e2e.example', `Acceptance withdrawn: case ${caseNumber} (Avery Staying)`]]);
      expect(told[0].body).toContain('No departure in 120 days.');
    });
  });
});
