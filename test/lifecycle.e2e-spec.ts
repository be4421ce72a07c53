import { LAST_KNOWN } from './support/case-steps';
import { TestApp } from './support/test-app';

/** The reopen story: an Ohio case goes to Texas, closes, and only Texas's compact office reopens it. */
describe('a case from draft to closed and reopened (Ohio sends, Texas receives)', () => {
  let t: TestApp;
  let caseId: string;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const send = async (username: string, body: object) => (await t.as(username)).post(`/cases/${caseId}/events`).send(body);

  it('an Ohio field officer opens a draft case', async () => {
    const res = await (
      await t.as('oh.field_officer')
    )
      .post('/cases')
      .send({ offenderName: 'Jordan Example', offenderId: 'OH-1', sendingState: 'OH', receivingState: 'TX' })
      .expect(201);
    expect(res.body).toMatchObject({ status: 'draft', version: 1, sendingState: 'OH', receivingState: 'TX', machineVersion: 2 });
    expect(res.body.caseNumber).toMatch(/^OH-\d{4}-[0-9A-Z]{8}$/);
    expect(res.body.allowedEvents).toEqual(expect.arrayContaining(['SUBMIT_TRANSFER_REQUEST', 'WITHDRAW']));
    caseId = res.body.id;
  });

  it('moves through the compact with the right people of the right states', async () => {
    const steps: Array<[string, object, string]> = [
      ['oh.field_officer', { type: 'SUBMIT_TRANSFER_REQUEST' }, 'compact_office_review'],
      ['oh.compact_office', { type: 'TRANSMIT' }, 'transfer_requested'],
      ['tx.compact_office', { type: 'ACCEPT_TRANSFER' }, 'accepted'],
      ['oh.supervisor', { type: 'NOTICE_OF_DEPARTURE' }, 'departed'],
      ['tx.field_officer', { type: 'NOTICE_OF_ARRIVAL' }, 'active'],
      ['tx.field_officer', { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'discharged', ...LAST_KNOWN }, 'closure_pending'],
      ['oh.compact_office', { type: 'CONFIRM_CLOSURE' }, 'closed'],
    ];
    let version = 1;
    for (const [who, body, status] of steps) {
      const res = await send(who, { ...body, expectedVersion: version });
      expect({ who, status: res.status, body: res.body.status }).toEqual({ who, status: 200, body: status });
      expect(res.body.version).toBe(++version);
    }
    const closed = await (await t.as('oh.field_officer')).get(`/cases/${caseId}`).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closureReason: 'discharged' });
    expect(closed.body.allowedEvents).not.toContain('REOPEN');
  });

  it('refuses everyone but the receiving compact office a reopen, with a reason', async () => {
    for (const who of ['oh.field_officer', 'oh.supervisor', 'oh.compact_office', 'tx.field_officer', 'tx.supervisor', 'tx.auditor', 'tx.state_admin']) {
      const res = await send(who, { type: 'REOPEN', reason: 'new violation' });
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
      const expected = /auditor|admin/.test(who) ? /cannot change a case/i : /compact office of the receiving state/i;
      expect(res.body.message).toMatch(expected);
    }
    const thirdState = await send('ca.compact_office', { type: 'REOPEN', reason: 'new violation' });
    expect(thirdState.status).toBe(404);
  });

  it('asks the compact office for a reason, then reopens', async () => {
    const withoutReason = await send('tx.compact_office', { type: 'REOPEN' });
    expect(withoutReason.status).toBe(400);
    expect(withoutReason.body.message).toMatch(/reason/i);

    const view = await (await t.as('tx.compact_office')).get(`/cases/${caseId}`).expect(200);
    expect(view.body.allowedEvents).toContain('REOPEN');
    const res = await send('tx.compact_office', { type: 'REOPEN', reason: 'Offender apprehended; supervision resumes.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'active', closureReason: null });
  });

  it('tells the whole story in the history, refused attempts included', async () => {
    const res = await (await t.as('oh.auditor')).get(`/cases/${caseId}/history`).expect(200);
    const lines = res.body.map((e: { event: string; outcome: string; actor: { username: string } }) => `${e.event}:${e.outcome}:${e.actor.username}`);
    expect(lines.slice(0, 8)).toEqual([
      'OPEN_CASE:allowed:oh.field_officer',
      'SUBMIT_TRANSFER_REQUEST:allowed:oh.field_officer',
      'TRANSMIT:allowed:oh.compact_office',
      'ACCEPT_TRANSFER:allowed:tx.compact_office',
      'NOTICE_OF_DEPARTURE:allowed:oh.supervisor',
      'NOTICE_OF_ARRIVAL:allowed:tx.field_officer',
      'SUBMIT_CLOSURE_NOTICE:allowed:tx.field_officer',
      'CONFIRM_CLOSURE:allowed:oh.compact_office',
    ]);
    expect(lines).toContain('REOPEN:denied:oh.field_officer');
    expect(lines).toContain('REOPEN:denied:ca.compact_office');
    expect(lines).toContain('REOPEN:denied:tx.compact_office');
    expect(lines[lines.length - 1]).toBe('REOPEN:allowed:tx.compact_office');
    const reopen = res.body[res.body.length - 1];
    expect(reopen).toMatchObject({
      fromStatus: 'closed',
      toStatus: 'active',
      reason: 'Offender apprehended; supervision resumes.',
      actor: { username: 'tx.compact_office', role: 'compact_office', state: 'TX' },
    });
    const denied = res.body.find((e: { event: string; actor: { username: string } }) => e.actor.username === 'oh.field_officer' && e.event === 'REOPEN');
    expect(denied.reason).toMatch(/compact office/i);
    const seqs = res.body.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(Date.parse(res.body[0].at)).not.toBeNaN();
  });
});
