import type { QueryDeepPartialEntity } from 'typeorm';
import { SupervisionCase } from '../src/cases/case.entity';
import { APP_CONFIG, type AppConfig } from '../src/config/app-config';
import { UnitOfWork } from '../src/database/unit-of-work';
import { seedDemo } from '../src/demo/demo-seed';
import { ReopenRequest } from '../src/reopen-requests/reopen-request.entity';
import { mailsDelivered } from './support/outbox';
import { stepsToClosed } from './support/case-steps';
import { TestApp } from './support/test-app';

const TO_CLOSED = stepsToClosed();

interface HistoryLine {
  event: string;
  outcome: string;
  about: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  reopenRequestId: string | null;
  actor: { username: string };
}

describe('reopen requests: officers ask, the receiving compact office decides', () => {
  let t: TestApp;
  let publicUrl: string;

  beforeAll(async () => {
    t = await TestApp.start();
    publicUrl = t.app.get<AppConfig>(APP_CONFIG).publicUrl;
  });
  afterAll(() => t.close());

  let offenders = 0;
  /** An Ohio-to-Texas case, closed by the usual people, through the services. */
  async function closedCase(): Promise<SupervisionCase> {
    const opened = await t.cases.open(
      { offenderName: `Reopen Subject ${++offenders}`, sendingState: 'OH', receivingState: 'TX' },
      t.actor('oh.field_officer'),
      null,
    );
    for (const [who, type, extra] of TO_CLOSED) await t.cases.applyEvent(opened.id, { type, ...extra }, t.actor(who), null);
    return caseRow(opened.id);
  }
  const caseRow = (id: string) => t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id });
  const requestRow = (id: string) => t.dataSource.getRepository(ReopenRequest).findOneByOrFail({ id });
  const ask = async (who: string, caseId: string, body: object = { reason: 'Apprehended in Dallas on a new warrant.' }) =>
    (await t.as(who)).post(`/cases/${caseId}/reopen-requests`).send(body);
  const act = async (who: string, requestId: string, step: 'approve' | 'deny' | 'withdraw', body: object = {}) =>
    (await t.as(who)).post(`/reopen-requests/${requestId}/${step}`).send(body);
  const history = async (caseId: string): Promise<HistoryLine[]> => (await (await t.as('oh.auditor')).get(`/cases/${caseId}/history`).expect(200)).body;
  const lines = (h: HistoryLine[]) => h.map((e) => `${e.event}:${e.outcome}:${e.actor.username}`);
  const allowedEvents = async (who: string, caseId: string): Promise<string[]> =>
    (await (await t.as(who)).get(`/cases/${caseId}`).expect(200)).body.allowedEvents;

  describe('the story: Ohio asks, Texas approves, the case is active again', () => {
    let c: SupervisionCase;
    let requestId: string;
    const REASON = 'Absconded in June; apprehended in Dallas on 2026-11-20. Supervision must resume.';

    beforeAll(async () => {
      c = await closedCase();
    });

    it('offers the Ohio field officer to ask, and no one who may not', async () => {
      expect(await allowedEvents('oh.field_officer', c.id)).toContain('REQUEST_REOPEN');
      expect(await allowedEvents('tx.supervisor', c.id)).toContain('REQUEST_REOPEN');
      for (const who of ['tx.compact_office', 'oh.compact_office', 'oh.auditor', 'tx.state_admin']) {
        expect({ who, events: await allowedEvents(who, c.id) }).toEqual({ who, events: expect.not.arrayContaining(['REQUEST_REOPEN']) });
      }
    });

    it('takes the request: 201 with the pending request', async () => {
      const res = await ask('oh.field_officer', c.id, { reason: REASON });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        caseId: c.id,
        caseNumber: c.caseNumber,
        status: 'pending',
        reason: REASON,
        requestedBy: t.actor('oh.field_officer').id,
        requestedByUsername: 'oh.field_officer',
        decidedBy: null,
        version: 1,
        allowedEvents: ['WITHDRAW'],
      });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(res.body.createdAt)).not.toBeNaN();
      requestId = res.body.id;
    });

    it('no longer offers to ask while the request is pending', async () => {
      expect(await allowedEvents('oh.field_officer', c.id)).not.toContain('REQUEST_REOPEN');
      expect(await allowedEvents('tx.supervisor', c.id)).not.toContain('REQUEST_REOPEN');
    });

    it('mails the Texas compact office, naming the case, the requester, the reason and the link', async () => {
      const mails = (await mailsDelivered(t)).filter((m) => m.subject.includes(c.caseNumber));
      expect(mails.map((m) => m.to)).toEqual(['tx.compact_office@e2e.example']);
      const [mail] = mails;
      expect(mail.subject).toBe(`Reopen requested for case ${c.caseNumber} (${c.offenderName})`);
      expect(mail.body).toContain('oh.field_officer (field officer, OH) asks the compact office of TX');
      expect(mail.body).toContain(REASON);
      expect(mail.body).toContain(`${publicUrl}/console/cases/${c.id}\n`);
    });

    it("puts it in Texas's queue, oldest first, and in the case's own list", async () => {
      const queue = await (await t.as('tx.compact_office')).get('/reopen-requests?status=pending').expect(200);
      const mine = queue.body.items.find((r: { id: string }) => r.id === requestId);
      expect(mine).toMatchObject({ status: 'pending', caseNumber: c.caseNumber, caseStatus: 'closed' });
      expect(mine.allowedEvents).toEqual(['APPROVE', 'DENY']);
      const created = queue.body.items.map((r: { createdAt: string }) => r.createdAt);
      expect(created).toEqual([...created].sort());

      const officer = await (await t.as('oh.field_officer')).get('/reopen-requests').expect(200);
      expect(officer.body.items.map((r: { id: string }) => r.id)).toContain(requestId);
      const auditor = await (await t.as('tx.auditor')).get('/reopen-requests').expect(200);
      expect(auditor.body.items.map((r: { id: string }) => r.id)).toContain(requestId);
      // Ohio's compact office decides nothing here, so its queue does not hold the request.
      const ohOffice = await (await t.as('oh.compact_office')).get('/reopen-requests').expect(200);
      expect(ohOffice.body.items.map((r: { id: string }) => r.id)).not.toContain(requestId);

      const ofCase = await (await t.as('oh.supervisor')).get(`/cases/${c.id}/reopen-requests`).expect(200);
      expect(ofCase.body.map((r: { id: string }) => r.id)).toEqual([requestId]);
    });

    it('lets Texas approve, which reopens the case in the same step', async () => {
      const res = await act('tx.compact_office', requestId, 'approve', { reason: 'Confirmed with the Dallas police.' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: requestId,
        status: 'approved',
        caseStatus: 'active',
        decidedBy: t.actor('tx.compact_office').id,
        decidedByUsername: 'tx.compact_office',
        decisionReason: 'Confirmed with the Dallas police.',
        version: 2,
        allowedEvents: [],
      });
      const after = await caseRow(c.id);
      expect(after).toMatchObject({ status: 'active', version: c.version + 1, closureReason: null });
    });

    it('mails the officer that the case is active again', async () => {
      const mails = (await mailsDelivered(t)).filter((m) => m.to === 'oh.field_officer@e2e.example' && m.subject.includes(c.caseNumber));
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toMatch(/^Reopen request approved: case .* is active again/);
      expect(mails[0].body).toContain('tx.compact_office (compact office, TX) approved the request');
      expect(mails[0].body).toContain('Confirmed with the Dallas police.');
      expect(mails[0].body).toContain(`${publicUrl}/console/cases/${c.id}\n`);
    });

    it("tells it all in the case's history, the reopen with the request's reason", async () => {
      const h = await history(c.id);
      expect(lines(h).slice(-3)).toEqual([
        'REQUEST_REOPEN:allowed:oh.field_officer',
        'APPROVE_REOPEN:allowed:tx.compact_office',
        'REOPEN:allowed:tx.compact_office',
      ]);
      const [asked, approved, reopened] = h.slice(-3);
      expect(asked).toMatchObject({ about: 'reopen_request', reopenRequestId: requestId, toStatus: 'pending', reason: REASON });
      expect(approved).toMatchObject({ about: 'reopen_request', fromStatus: 'pending', toStatus: 'approved' });
      expect(reopened).toMatchObject({ about: 'case', fromStatus: 'closed', toStatus: 'active', reopenRequestId: null });
      expect(reopened.reason).toContain(REASON);
    });

    it('refuses a second decision of the same request', async () => {
      const res = await act('tx.compact_office', requestId, 'deny', { reason: 'Too late.' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/already approved/);
    });
  });

  describe('a denial, with its reason', () => {
    let c: SupervisionCase;
    let requestId: string;

    beforeAll(async () => {
      c = await closedCase();
      requestId = (await ask('tx.supervisor', c.id, { reason: 'Warrant issued in Houston.' }).then((r) => r.body)).id;
    });

    it('asks for the reason of a denial, and audits the refusal', async () => {
      for (const body of [{}, { reason: '   ' }]) {
        const res = await act('tx.compact_office', requestId, 'deny', body);
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/"reason" is required to deny/);
      }
      expect((await requestRow(requestId)).status).toBe('pending');
    });

    it('denies; the case stays closed and the requester is told why', async () => {
      const res = await act('tx.compact_office', requestId, 'deny', { reason: 'The warrant concerns another person.' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'denied', caseStatus: 'closed', decisionReason: 'The warrant concerns another person.' });
      expect(await caseRow(c.id)).toMatchObject({ status: 'closed', version: c.version });

      const mails = (await mailsDelivered(t)).filter((m) => m.subject.includes(c.caseNumber) && m.to === 'tx.supervisor@e2e.example');
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toMatch(/^Reopen request denied/);
      expect(mails[0].body).toContain('The warrant concerns another person.');
      expect(mails[0].body).toContain('tx.compact_office (compact office, TX) denied the request');
    });

    it('lets anyone who may ask ask again afterwards', async () => {
      expect(await allowedEvents('oh.field_officer', c.id)).toContain('REQUEST_REOPEN');
      const h = await history(c.id);
      expect(lines(h)).toEqual(
        expect.arrayContaining(['REQUEST_REOPEN:allowed:tx.supervisor', 'DENY_REOPEN:denied:tx.compact_office', 'DENY_REOPEN:allowed:tx.compact_office']),
      );
      expect(lines(h)).not.toContain('REOPEN:allowed:tx.compact_office');
    });
  });

  describe('who may ask', () => {
    let c: SupervisionCase;
    beforeAll(async () => {
      c = await closedCase();
    });

    it.each(['tx.compact_office', 'oh.compact_office', 'oh.auditor', 'tx.state_admin'])('refuses %s (403), with a denied entry', async (who) => {
      const res = await ask(who, c.id);
      expect(res.status).toBe(403);
      expect(res.body.message).toMatch(/Only a field officer or supervisor/);
      expect(res.body.reference).toBeTruthy();
      expect(lines(await history(c.id))).toContain(`REQUEST_REOPEN:denied:${who}`);
    });

    it('does not show the case to a third state (404, same message as for cases)', async () => {
      const res = await ask('ca.field_officer', c.id);
      expect(res.status).toBe(404);
      expect(res.body.message).toBe('No case with this id exists among the cases of your state.');
      await (await t.as('ca.compact_office')).get(`/cases/${c.id}/reopen-requests`).expect(404);
      expect(lines(await history(c.id))).toContain('REQUEST_REOPEN:denied:ca.field_officer');
    });

    it('needs a reason (400, audited)', async () => {
      const res = await ask('oh.field_officer', c.id, {});
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/"reason" is required/);
      expect(lines(await history(c.id))).toContain('REQUEST_REOPEN:denied:oh.field_officer');
    });

    it('refuses a case that is not closed (409)', async () => {
      const active = await t.cases.open({ offenderName: 'Still Active', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null);
      const res = await ask('oh.field_officer', active.id);
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/only be made for a closed case; this case is draft/);
    });
  });

  describe('one pending request per case', () => {
    it('refuses a second request while one is pending (409)', async () => {
      const c = await closedCase();
      await ask('oh.field_officer', c.id).then((r) => expect(r.status).toBe(201));
      const second = await ask('tx.field_officer', c.id, { reason: 'Another reason.' });
      expect(second.status).toBe(409);
      expect(second.body.message).toMatch(/already pending \(asked by oh\.field_officer on \d{4}-\d{2}-\d{2}\)/);
      expect(lines(await history(c.id))).toContain('REQUEST_REOPEN:denied:tx.field_officer');
    });

    it('lets exactly one of two simultaneous requests through', async () => {
      const c = await closedCase();
      const [officer, supervisor] = await Promise.all([t.as('oh.field_officer'), t.as('oh.supervisor')]);
      const results = await Promise.all([
        officer.post(`/cases/${c.id}/reopen-requests`).send({ reason: 'First.' }),
        supervisor.post(`/cases/${c.id}/reopen-requests`).send({ reason: 'Second.' }),
        officer.post(`/cases/${c.id}/reopen-requests`).send({ reason: 'Third.' }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(await t.dataSource.getRepository(ReopenRequest).countBy({ caseId: c.id, status: 'pending' })).toBe(1);
    });

    it('answers 409, not 500, when a rival request commits between the check and the insert', async () => {
      const c = await closedCase();
      const rival = (await ask('oh.field_officer', c.id)).body;
      const rivalRow = await requestRow(rival.id);
      const repo = t.dataSource.getRepository(ReopenRequest);
      // Hide the rival from the check, then put it back just before the transaction: the index must catch it.
      await repo.update({ id: rival.id }, { status: 'withdrawn' });
      const original = UnitOfWork.prototype.run;
      const run = jest.spyOn(UnitOfWork.prototype, 'run').mockImplementationOnce(async function (this: UnitOfWork, work) {
        await repo.update({ id: rival.id }, { status: rivalRow.status });
        return original.call(this, work) as never;
      });
      try {
        const res = await ask('tx.supervisor', c.id, { reason: 'Late.' });
        expect(res.status).toBe(409);
        expect(res.body.message).toMatch(/already pending/);
      } finally {
        run.mockRestore();
      }
      expect(await repo.findBy({ caseId: c.id })).toEqual([expect.objectContaining({ id: rival.id, status: 'pending' })]);
      expect(lines(await history(c.id))).toContain('REQUEST_REOPEN:denied:tx.supervisor');
    });

    it('is held by the database itself', async () => {
      const c = await closedCase();
      const created = (await ask('oh.field_officer', c.id)).body;
      const row = await requestRow(created.id);
      const repo = t.dataSource.getRepository(ReopenRequest);
      const copy = (over: Partial<ReopenRequest>) => ({ ...row, ...over }) as QueryDeepPartialEntity<ReopenRequest>;
      await expect(repo.insert(copy({ id: '00000000-0000-4000-8000-000000000001' }))).rejects.toThrow(/UNIQUE|unique constraint/);
      // A request that is no longer pending does not count.
      await repo.insert(copy({ id: '00000000-0000-4000-8000-000000000002', status: 'denied' }));
    });
  });

  describe('who may decide and withdraw', () => {
    let c: SupervisionCase;
    let requestId: string;
    beforeAll(async () => {
      c = await closedCase();
      requestId = (await ask('oh.field_officer', c.id)).body.id;
    });

    it('does not show the request to a third state at all (404)', async () => {
      for (const step of ['approve', 'deny', 'withdraw'] as const) {
        const res = await act('ca.compact_office', requestId, step, { reason: 'x' });
        expect({ step, status: res.status }).toEqual({ step, status: 404 });
        expect(res.body.message).toBe('No reopen request with this id exists among the requests of your state.');
      }
      await (await t.as('ca.compact_office')).get(`/reopen-requests/${requestId}`).expect(404);
      const list = await (await t.as('ca.compact_office')).get('/reopen-requests').expect(200);
      expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(requestId);
      await (await t.as('ca.compact_office')).get('/reopen-requests/not-a-uuid').expect(404);
    });

    it("refuses the sending state's compact office (403)", async () => {
      for (const step of ['approve', 'deny'] as const) {
        const res = await act('oh.compact_office', requestId, step, { reason: 'x' });
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/Only the compact office of the receiving state \(TX\)/);
      }
    });

    it.each(['oh.field_officer', 'tx.field_officer', 'tx.supervisor', 'tx.auditor'])('refuses an approval by %s (403)', async (who) => {
      expect((await act(who, requestId, 'approve')).status).toBe(403);
    });

    it('refuses a withdrawal by anyone but the requester (403)', async () => {
      for (const who of ['oh.supervisor', 'tx.compact_office', 'tx.field_officer']) {
        const res = await act(who, requestId, 'withdraw');
        expect({ who, status: res.status }).toEqual({ who, status: 403 });
        expect(res.body.message).toBe('Only the person who made this reopen request may withdraw it.');
      }
    });

    it('lets the requester withdraw, and tells them', async () => {
      const res = await act('oh.field_officer', requestId, 'withdraw', { reason: 'Asked on the wrong case.' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'withdrawn', decidedByUsername: 'oh.field_officer', decisionReason: 'Asked on the wrong case.' });
      const mails = (await mailsDelivered(t)).filter((m) => m.subject.includes(c.caseNumber) && m.subject.startsWith('Reopen request withdrawn'));
      expect(mails.map((m) => m.to)).toEqual(['oh.field_officer@e2e.example']);
    });

    it('keeps every step and every refusal in the history', async () => {
      const mine = (await history(c.id)).filter((e) => e.about === 'reopen_request');
      const seen = lines(mine);
      expect(seen[0]).toBe('REQUEST_REOPEN:allowed:oh.field_officer');
      expect(seen).toEqual(
        expect.arrayContaining([
          'APPROVE_REOPEN:denied:ca.compact_office',
          'DENY_REOPEN:denied:ca.compact_office',
          'WITHDRAW_REOPEN_REQUEST:denied:ca.compact_office',
          'APPROVE_REOPEN:denied:oh.compact_office',
          'DENY_REOPEN:denied:oh.compact_office',
          'APPROVE_REOPEN:denied:oh.field_officer',
          'APPROVE_REOPEN:denied:tx.auditor',
          'WITHDRAW_REOPEN_REQUEST:denied:oh.supervisor',
          'WITHDRAW_REOPEN_REQUEST:denied:tx.compact_office',
        ]),
      );
      expect(seen[seen.length - 1]).toBe('WITHDRAW_REOPEN_REQUEST:allowed:oh.field_officer');
      const notFound = mine.find((e) => e.actor.username === 'ca.compact_office')!;
      expect(notFound.reason).toMatch(/Refused as not found/);
      expect(mine.every((e) => e.reopenRequestId === requestId)).toBe(true);
    });
  });

  describe('a pending request when the compact office reopens the case directly', () => {
    let c: SupervisionCase;
    let requestId: string;
    let reopened: SupervisionCase;

    beforeAll(async () => {
      c = await closedCase();
      requestId = (await ask('oh.field_officer', c.id)).body.id;
      await (await t.as('tx.compact_office')).post(`/cases/${c.id}/events`).send({ type: 'REOPEN', reason: 'Reopened on a phone call.' }).expect(200);
      reopened = await caseRow(c.id);
    });

    it('ends the request as superseded in the same step, and says so in the history', async () => {
      expect(reopened).toMatchObject({ status: 'active', version: c.version + 1 });
      expect(await requestRow(requestId)).toMatchObject({
        status: 'superseded',
        version: 2,
        decidedBy: t.actor('tx.compact_office').id,
        decisionReason: 'Reopened on a phone call.',
      });
      const h = await history(c.id);
      expect(lines(h).slice(-2)).toEqual(['REOPEN:allowed:tx.compact_office', 'SUPERSEDE_REOPEN_REQUEST:allowed:tx.compact_office']);
      expect(h[h.length - 1]).toMatchObject({ about: 'reopen_request', reopenRequestId: requestId, fromStatus: 'pending', toStatus: 'superseded' });
      const view = await (await t.as('tx.compact_office')).get(`/reopen-requests/${requestId}`).expect(200);
      expect(view.body).toMatchObject({ status: 'superseded', allowedEvents: [] });
    });

    it('tells the requester by mail, once', async () => {
      const mails = (await mailsDelivered(t)).filter((m) => m.to === 'oh.field_officer@e2e.example' && m.subject.includes(c.caseNumber));
      expect(mails.map((m) => m.subject)).toEqual([`Reopen request superseded: case ${c.caseNumber} is no longer closed (${c.offenderName})`]);
      expect(mails[0].body).toContain('tx.compact_office (compact office, TX) moved this case out of closed (it is now active)');
      expect(mails[0].body).toContain('Reopened on a phone call.');
    });

    it('refuses to approve the old request (409) and changes nothing', async () => {
      const res = await act('tx.compact_office', requestId, 'approve');
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/was superseded: its case left closed while it was pending/);
      expect(await requestRow(requestId)).toMatchObject({ status: 'superseded', version: 2 });
      expect(await caseRow(c.id)).toMatchObject({ status: 'active', version: reopened.version });
      const h = lines(await history(c.id));
      expect(h[h.length - 1]).toBe('APPROVE_REOPEN:denied:tx.compact_office');
      expect(h.filter((l) => l === 'REOPEN:allowed:tx.compact_office')).toHaveLength(1);
    });

    it('lets a new request be made once the case is closed again', async () => {
      for (const [who, type, extra] of TO_CLOSED.slice(-2)) await t.cases.applyEvent(c.id, { type, ...extra }, t.actor(who), null);
      expect(await allowedEvents('oh.field_officer', c.id)).toContain('REQUEST_REOPEN');
      const res = await ask('oh.supervisor', c.id);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'pending', caseId: c.id });
    });
  });

  describe('a direct reopen racing the decision of the pending request', () => {
    it('answers each 200 or 409, never 500, and leaves the case reopened once and the request ended once', async () => {
      for (let round = 0; round < 6; round++) {
        const c = await closedCase();
        const requestId = (await ask('oh.field_officer', c.id)).body.id;
        const office = await t.as('tx.compact_office');
        const [reopen, approve, withdraw] = await Promise.all([
          office.post(`/cases/${c.id}/events`).send({ type: 'REOPEN', reason: 'Reopened on a phone call.' }),
          act('tx.compact_office', requestId, 'approve'),
          act('oh.field_officer', requestId, 'withdraw'),
        ]);
        const statuses = [reopen.status, approve.status, withdraw.status];
        expect({ round, statuses: statuses.filter((s) => s !== 200 && s !== 409) }).toEqual({ round, statuses: [] });
        expect(reopen.status === 200 && approve.status === 200).toBe(false);
        const after = await caseRow(c.id);
        const request = await requestRow(requestId);
        expect({ round, request: request.status }).toEqual({ round, request: expect.stringMatching(/^(approved|withdrawn|superseded)$/) });
        expect(after.status).toBe(reopen.status === 200 || approve.status === 200 ? 'active' : 'closed');
        const h = lines(await history(c.id));
        expect(h.filter((l) => l === 'REOPEN:allowed:tx.compact_office')).toHaveLength(after.status === 'active' ? 1 : 0);
      }
    });
  });

  describe('a transition of a case with no pending request', () => {
    it('supersedes nothing: an earlier, decided request stays as it was', async () => {
      const c = await closedCase();
      const requestId = (await ask('oh.field_officer', c.id)).body.id;
      await act('oh.field_officer', requestId, 'withdraw').then((r) => expect(r.status).toBe(200));
      await (await t.as('tx.compact_office')).post(`/cases/${c.id}/events`).send({ type: 'REOPEN', reason: 'Reopened on a phone call.' }).expect(200);
      expect(await requestRow(requestId)).toMatchObject({ status: 'withdrawn', version: 2 });
      expect(lines(await history(c.id)).slice(-1)).toEqual(['REOPEN:allowed:tx.compact_office']);
    });
  });

  describe('the list', () => {
    it('pages oldest first with a cursor, and filters by status', async () => {
      const pending: string[] = [];
      for (let i = 0; i < 3; i++) pending.push((await ask('oh.supervisor', (await closedCase()).id)).body.id);
      const office = await t.as('tx.compact_office');
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Array<{ id: string }>; nextCursor: string | null } } = await office
          .get(`/reopen-requests?status=pending&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(1);
        seen.push(...res.body.items.map((r) => r.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.slice(-3)).toEqual(pending);
      expect(new Set(seen).size).toBe(seen.length);
      const all = await office.get('/reopen-requests?limit=200').expect(200);
      expect(all.body.items.length).toBeGreaterThan(seen.length);
      await office.get('/reopen-requests?status=lost').expect(400);
      await office.get('/reopen-requests?cursor=garbage').expect(400);
    });
  });
});

describe('the demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ withCast: false });
  });
  afterAll(() => t.close());

  it('holds pending, approved and denied requests, made and decided through the service, with their mails', async () => {
    const seeded = await seedDemo(t.app, 'demo password for tests');
    const requests = await t.dataSource.getRepository(ReopenRequest).find();
    expect(requests).toHaveLength(seeded.reopenRequests);
    expect(new Set(requests.map((r) => r.status))).toEqual(new Set(['pending', 'approved', 'denied']));
    const approved = requests.find((r) => r.status === 'approved')!;
    expect(await t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id: approved.caseId })).toMatchObject({ status: 'active' });
    const entries = await t.auditEntries({ entityType: 'reopen_request' });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['REQUEST_REOPEN', 'APPROVE_REOPEN', 'DENY_REOPEN']));
    // Each request asked told the Texas compact office; the demo's supervision activities mail it too, of their own.
    const mails = await mailsDelivered(t);
    expect(mails.filter((m) => m.to === 'tx.compact@compact.example' && m.subject.startsWith('Reopen requested'))).toHaveLength(requests.length);
  });
});
