import { Clock } from '../src/common/clock';
import { LAST_KNOWN, TO_ACTIVE, stepsToClosed, type CaseStep } from './support/case-steps';
import { mailsDelivered } from './support/outbox';
import { TestApp } from './support/test-app';

interface Deadline {
  limit: string;
  rule: string;
  status: string;
  dueOn: string;
  responsibleState: string;
  activityId: string | null;
  onTime: boolean | null;
}

/**
 * The supervision of an Ohio-to-Texas case through HTTP, each step by the people the rules name:
 * a violation, the response, a warrant that holds the closure back until the person is retaken,
 * a progress report in Texas's workload, and an action request on a closed case.
 */
describe('supervision activities over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const at = (instant: string) => {
    t.app.get(Clock).runFrom(new Date(instant));
    t.forgetSignIns();
  };
  const walk = async (caseId: string, steps: readonly CaseStep[]) => {
    for (const [who, type, extra] of steps)
      await (
        await t.as(who)
      )
        .post(`/cases/${caseId}/events`)
        .send({ type, ...extra })
        .expect(200);
  };
  const openCase = async (name: string, steps: readonly CaseStep[] = TO_ACTIVE): Promise<string> => {
    const opened = await (await t.as('oh.field_officer')).post('/cases').send({ offenderName: name, sendingState: 'OH', receivingState: 'TX' }).expect(201);
    await walk(opened.body.id, steps);
    return opened.body.id;
  };
  const start = async (who: string, caseId: string, body: object) => (await t.as(who)).post(`/cases/${caseId}/activities`).send(body);
  const send = async (who: string, activityId: string, body: object) => (await t.as(who)).post(`/activities/${activityId}/events`).send(body);
  const expectOk = (res: { status: number; body: { message?: string; status?: string } }, status: number, to: string) =>
    expect({ status: res.status, to: res.status === status ? res.body.status : res.body.message }).toEqual({ status, to });

  describe('a violation, a warrant, custody and retaking; the closure waits for it', () => {
    let caseId: string;
    let reportId: string;
    let warrantId: string;

    it('Texas reports an absconding violation; Ohio owes its response in 10 business days, counted over Christmas', async () => {
      at('2026-12-14T15:00:00Z');
      caseId = await openCase('Riley Abscond');
      at('2026-12-18T15:00:00Z');
      const refused = await start('oh.field_officer', caseId, {
        kind: 'violation_report',
        violationKind: 'absconding',
        discoveredOn: '2026-12-17',
        description: 'Gone.',
      });
      expect([refused.status, refused.body.message]).toEqual([
        403,
        'Only a field officer, supervisor or compact office of the receiving state may start a violation report (rule 4.109).',
      ]);
      const missing = await start('tx.field_officer', caseId, { kind: 'violation_report', violationKind: 'absconding' });
      expect([missing.status, missing.body.message]).toEqual([400, 'REPORT of a violation report needs "discoveredOn" and "description", not blank.']);
      const res = await start('tx.field_officer', caseId, {
        kind: 'violation_report',
        violationKind: 'absconding',
        discoveredOn: '2026-12-17',
        description: 'Missed two office visits; not at the approved residence.',
      });
      expectOk(res, 201, 'reported');
      reportId = res.body.id;
      expect(res.body).toMatchObject({
        kind: 'violation_report',
        startedBySide: 'receiving',
        fields: { violationKind: 'absconding', discoveredOn: '2026-12-17' },
      });
      const deadlines: Deadline[] = res.body.deadlines;
      expect(deadlines.length).toBeGreaterThan(0);
      // Friday 18 December + 10 business days: Christmas (Friday 25th) and New Year's Day (Friday 1st) are not counted.
      expect(deadlines.find((d) => d.limit === 'RVR')).toMatchObject({ status: 'open', dueOn: '2027-01-05', responsibleState: 'OH', activityId: reportId });
      // Reported the day after its discovery: the 30-day limit of rule 4.109(a) is met by the report itself.
      expect(deadlines.find((d) => d.limit === 'OVR')).toMatchObject({ status: 'met', onTime: true, responsibleState: 'TX' });
      const mails = (await mailsDelivered(t)).filter((m) => m.subject.startsWith('Violation report') && m.body.includes(res.body.caseNumber));
      expect(mails.length).toBeGreaterThan(0);
      expect(mails.map((m) => m.to)).toEqual(['oh.compact_office@e2e.example']);
      expect(mails[0].body).toContain('4.109');
      expect(mails[0].body).toContain(`/console/activities/${reportId}`);
      // The mail says what fell due, under which rule and by when.
      expect(mails[0].body).toMatch(/\(rule 4\.109\(c\)\): due 2027-01-05, from OH/);
    });

    it("Ohio sees it in its workload and responds 'warrant issued' within the limit; a warrant is then owed within 15 business days", async () => {
      const workload = await (await t.as('oh.compact_office')).get('/workload?rule=RVR').expect(200);
      expect(workload.body.items.length).toBeGreaterThan(0);
      expect(workload.body.items.map((i: { caseId: string }) => i.caseId)).toContain(caseId);
      at('2026-12-21T15:00:00Z');
      const wrongSide = await send('tx.compact_office', reportId, { type: 'RESPOND', response: 'warrant_issued' });
      expect(wrongSide.status).toBe(403);
      const res = await send('oh.compact_office', reportId, { type: 'RESPOND', response: 'warrant_issued', text: 'Warrant to follow.' });
      expectOk(res, 200, 'responded');
      const deadlines: Deadline[] = res.body.deadlines;
      expect(deadlines.find((d) => d.limit === 'RVR')).toMatchObject({ status: 'met', onTime: true });
      // Counted from the report (18 December), under rule 5.105(a) in force since 2026-04-01.
      expect(deadlines.find((d) => d.limit === 'WARRANT')).toMatchObject({ status: 'open', rule: '5.105(a)', dueOn: '2027-01-12', responsibleState: 'OH' });
    });

    it('Ohio issues the warrant on the report: the warrant deadline is met, and the closure notice is now refused (rule 4.112(b))', async () => {
      at('2026-12-22T15:00:00Z');
      const bad = await start('oh.compact_office', caseId, { kind: 'warrant', issuedOn: '2026-12-22', reason: 'Absconded.', violationReportId: caseId });
      expect([bad.status, bad.body.message]).toEqual([400, `violationReportId ${caseId} is not a violation report of this case.`]);
      const res = await start('oh.compact_office', caseId, { kind: 'warrant', issuedOn: '2026-12-22', reason: 'Absconded.', violationReportId: reportId });
      expectOk(res, 201, 'issued');
      warrantId = res.body.id;
      const report = await (await t.as('oh.compact_office')).get(`/activities/${reportId}`).expect(200);
      expect((report.body.deadlines as Deadline[]).find((d) => d.limit === 'WARRANT')).toMatchObject({ status: 'met', onTime: true });

      const c = await (await t.as('tx.field_officer')).get(`/cases/${caseId}`).expect(200);
      expect(c.body.allowedEvents).not.toContain('SUBMIT_CLOSURE_NOTICE');
      const closure = await (
        await t.as('tx.field_officer')
      )
        .post(`/cases/${caseId}/events`)
        .send({ type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'absconded', ...LAST_KNOWN });
      expect(closure.status).toBe(409);
      expect(closure.body.message).toContain('Rule 4.112(b)');
      const denied = await t.auditEntries({ caseId, action: 'SUBMIT_CLOSURE_NOTICE', outcome: 'denied' });
      expect(denied.length).toBe(1);
      expect(denied[0].reason).toContain('retaking');
    });

    it('Texas reports custody; Ohio must retake within 30 calendar days of it, and does; the case can then close', async () => {
      at('2027-01-04T15:00:00Z');
      const early = await send('oh.compact_office', warrantId, { type: 'RETAKE' });
      expect([early.status, early.body.message]).toEqual([409, 'RETAKE is possible only while the warrant is in_custody; it is issued.']);
      const future = await send('tx.field_officer', warrantId, { type: 'REPORT_CUSTODY', custodySince: '2027-01-05' });
      expect(future.status).toBe(400);
      const custody = await send('tx.field_officer', warrantId, { type: 'REPORT_CUSTODY', custodySince: '2027-01-03' });
      expectOk(custody, 200, 'in_custody');
      expect((custody.body.deadlines as Deadline[]).find((d) => d.limit === 'RETAKE')).toMatchObject({
        status: 'open',
        dueOn: '2027-02-02',
        responsibleState: 'OH',
      });
      at('2027-01-20T15:00:00Z');
      const retaken = await send('oh.field_officer', warrantId, { type: 'RETAKE' });
      expectOk(retaken, 200, 'retaken');
      expect((retaken.body.deadlines as Deadline[]).find((d) => d.limit === 'RETAKE')).toMatchObject({ status: 'met', onTime: true });
      await walk(caseId, [
        ['tx.field_officer', 'SUBMIT_CLOSURE_NOTICE', { closureReason: 'returned_to_sending_state', ...LAST_KNOWN }],
        ['oh.supervisor', 'CONFIRM_CLOSURE'],
      ]);
      const closed = await (await t.as('oh.compact_office')).get(`/cases/${caseId}`).expect(200);
      expect(closed.body).toMatchObject({ status: 'closed', closureReason: 'returned_to_sending_state' });
    });

    it("lists the case's activities, and each activity's history of allowed and refused steps", async () => {
      const list = await (await t.as('tx.compact_office')).get(`/cases/${caseId}/activities`).expect(200);
      expect(list.body.map((a: { kind: string; status: string }) => `${a.kind} ${a.status}`)).toEqual(['violation_report responded', 'warrant retaken']);
      const history = await (await t.as('oh.compact_office')).get(`/activities/${warrantId}/history`).expect(200);
      expect(history.body.map((e: { event: string; outcome: string }) => `${e.event} ${e.outcome}`)).toEqual([
        'ISSUE_WARRANT allowed',
        'RETAKE denied',
        'REPORT_CUSTODY denied',
        'REPORT_CUSTODY allowed',
        'RETAKE allowed',
      ]);
    });
  });

  it('once Ohio has retaken the person on its warrant, Ohio closes the case itself, and Texas is told', async () => {
    at('2026-12-01T15:00:00Z');
    const caseId = await openCase('Drew Retaken');
    const close = async (who: string) => (await t.as(who)).post(`/cases/${caseId}/events`).send({ type: 'CLOSE_AFTER_RETAKING' });
    const early = await close('oh.supervisor');
    expect([early.status, early.body.message]).toEqual([
      409,
      'This case is active and no warrant of it is retaken: the sending state closes a case itself only once it has retaken the person (rule 5.105); until then the receiving state sends the closure notice.',
    ]);
    const warrant = await start('oh.compact_office', caseId, { kind: 'warrant', issuedOn: '2026-12-01', reason: 'New felony charge in Ohio.' });
    await send('tx.field_officer', warrant.body.id, { type: 'REPORT_CUSTODY', custodySince: '2026-12-01' }).then((r) => expectOk(r, 200, 'in_custody'));
    at('2026-12-03T15:00:00Z');
    await send('oh.field_officer', warrant.body.id, { type: 'RETAKE' }).then((r) => expectOk(r, 200, 'retaken'));
    const seen = await (await t.as('oh.supervisor')).get(`/cases/${caseId}`).expect(200);
    expect(seen.body.allowedEvents).toContain('CLOSE_AFTER_RETAKING');
    expect((await close('tx.compact_office')).status).toBe(403);
    const closed = await close('oh.supervisor');
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closureReason: 'returned_to_sending_state' });
    const mails = (await mailsDelivered(t)).filter((m) => m.subject.startsWith('Closed on retaking') && m.body.includes(closed.body.caseNumber));
    expect(mails.map((m) => m.to)).toEqual(['tx.compact_office@e2e.example']);
  });

  it('a progress report asked for by Ohio is due 30 calendar days later and is in Texas’s workload until it is sent', async () => {
    at('2026-11-23T15:00:00Z');
    const caseId = await openCase('Jordan Report');
    at('2026-11-25T15:00:00Z');
    const asked = await start('oh.field_officer', caseId, { kind: 'progress_report', message: 'Quarterly report, please.' });
    expectOk(asked, 201, 'requested');
    // 30 calendar days from Wednesday 25 November: Christmas Day, a holiday, is not moved off.
    expect((asked.body.deadlines as Deadline[]).find((d) => d.limit === 'PR')).toMatchObject({ status: 'open', dueOn: '2026-12-25', responsibleState: 'TX' });
    const workload = await (await t.as('tx.compact_office')).get('/workload?rule=PR').expect(200);
    const mine = workload.body.items.filter((i: { caseId: string }) => i.caseId === caseId);
    expect(mine.length).toBe(1);
    expect(mine[0]).toMatchObject({ dueOn: '2026-12-25', daysLeft: 30, activityId: asked.body.id });
    const incomplete = await send('tx.field_officer', asked.body.id, { type: 'SUBMIT_REPORT', summary: 'Reports monthly.' });
    expect([incomplete.status, incomplete.body.message]).toEqual([400, 'SUBMIT_REPORT of a progress report needs "complianceStatus", not blank.']);
    at('2026-12-10T15:00:00Z');
    const sent = await send('tx.field_officer', asked.body.id, { type: 'SUBMIT_REPORT', summary: 'Reports monthly; employed.', complianceStatus: 'compliant' });
    expectOk(sent, 200, 'submitted');
    expect((sent.body.deadlines as Deadline[]).find((d) => d.limit === 'PR')).toMatchObject({ status: 'met', onTime: true });
    const after = await (await t.as('tx.compact_office')).get('/workload?rule=PR').expect(200);
    expect(after.body.items.map((i: { caseId: string }) => i.caseId)).not.toContain(caseId);
  });

  it('an action request on a closed case reaches the other state’s compact office and is answered; Ohio alone cannot reply to its own', async () => {
    at('2026-12-01T15:00:00Z');
    const caseId = await openCase('Casey Closed', stepsToClosed('discharged'));
    const refusedStart = await start('oh.field_officer', caseId, { kind: 'progress_report' });
    expect([refusedStart.status, refusedStart.body.message]).toEqual([
      409,
      'A progress report can only be started on a case that is active; this case is closed.',
    ]);
    const sent = await start('oh.compact_office', caseId, { kind: 'action_request', subject: 'Closing summary', message: 'Please send the closing summary.' });
    expectOk(sent, 201, 'open');
    const mails = (await mailsDelivered(t)).filter((m) => m.subject.startsWith('Action request') && m.body.includes(sent.body.caseNumber));
    expect(mails.map((m) => m.to)).toEqual(['tx.compact_office@e2e.example']);
    const own = await send('oh.compact_office', sent.body.id, { type: 'REPLY', message: 'Reminder.' });
    expect(own.status).toBe(403);
    const seen = await (await t.as('tx.compact_office')).get(`/activities/${sent.body.id}`).expect(200);
    expect(seen.body.allowedEvents).toEqual(['REPLY', 'CLOSE']);
    const reply = await send('tx.compact_office', sent.body.id, { type: 'REPLY', message: 'Attached to the case file today.' });
    expectOk(reply, 200, 'answered');
    expect(reply.body.log.map((l: { step: string; side: string }) => `${l.step} ${l.side}`)).toEqual(['SEND sending', 'REPLY receiving']);
    const closed = await send('oh.compact_office', sent.body.id, { type: 'CLOSE' });
    expectOk(closed, 200, 'closed');
  });

  it('no action request goes with a case withdrawn before it was sent: Texas never received it, and its queue shows nothing', async () => {
    at('2026-12-01T15:00:00Z');
    const caseId = await openCase('Drew Unsent', [['oh.field_officer', 'WITHDRAW', { reason: 'Opened in error.' }]]);
    const page = await (await t.as('oh.compact_office')).get(`/cases/${caseId}`).expect(200);
    expect([page.body.status, page.body.activitiesToStart]).toEqual(['withdrawn', []]);
    const refused = await start('oh.compact_office', caseId, { kind: 'action_request', subject: 'File', message: 'Any news?' });
    expect([refused.status, refused.body.message]).toEqual([
      409,
      'An action request can only be started on a case the receiving state has received; this case is withdrawn and was never sent to it.',
    ]);
    const attempts = await t.auditEntries({ caseId, action: 'SEND_ACTION_REQUEST' });
    expect(attempts.map((e) => `${e.actorUsername} ${e.outcome}`)).toEqual(['oh.compact_office denied']);
    expect((await (await t.as('tx.compact_office')).get(`/cases/${caseId}`)).status).toBe(404);
  });

  it('a case withdrawn or closed ends its open activities in the same transaction, but not its action requests', async () => {
    at('2026-12-01T15:00:00Z');
    const caseId = await openCase('Sam Ends');
    const report = await start('oh.field_officer', caseId, { kind: 'progress_report' });
    const message = await start('tx.field_officer', caseId, { kind: 'action_request', subject: 'Address', message: 'New address on file.' });
    await walk(caseId, [
      ['tx.field_officer', 'SUBMIT_CLOSURE_NOTICE', { closureReason: 'discharged', ...LAST_KNOWN }],
      ['oh.supervisor', 'CONFIRM_CLOSURE'],
    ]);
    const list = await (await t.as('oh.compact_office')).get(`/cases/${caseId}/activities`).expect(200);
    expect(list.body.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([
      [report.body.id, 'cancelled'],
      [message.body.id, 'open'],
    ]);
    expect((list.body[0].deadlines as Deadline[]).map((d) => `${d.limit} ${d.status}`)).toEqual(['PR cancelled']);
    const entries = await t.auditEntries({ entityId: report.body.id, action: 'CANCEL_PROGRESS_REPORT' });
    expect(entries.map((e) => e.actorUsername)).toEqual(['oh.supervisor']);
  });

  it('another state sees none of it, and its look is audited; an auditor reads but may not act', async () => {
    at('2026-12-01T15:00:00Z');
    const caseId = await openCase('Avery Private');
    const report = await start('oh.field_officer', caseId, { kind: 'progress_report' });
    expect((await (await t.as('ca.compact_office')).get(`/activities/${report.body.id}`)).status).toBe(404);
    expect((await (await t.as('ca.compact_office')).get(`/cases/${caseId}/activities`)).status).toBe(404);
    const looks = await t.auditEntries({ entityId: report.body.id, action: 'ACTIVITY_READ', outcome: 'denied' });
    expect(looks.map((e) => e.actorUsername)).toEqual(['ca.compact_office']);
    expect((await (await t.as('oh.auditor')).get(`/activities/${report.body.id}`)).status).toBe(200);
    const acted = await send('oh.auditor', report.body.id, { type: 'SUBMIT_REPORT', summary: 'x', complianceStatus: 'compliant' });
    expect([acted.status, acted.body.message]).toEqual([403, 'Auditors and state administrators cannot send SUBMIT_REPORT on a progress report.']);
    const unknown = await start('oh.field_officer', caseId, { kind: 'parole_board' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('kind must be one of: progress_report, violation_report, warrant, return_request, action_request');
  });
});
