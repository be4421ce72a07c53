import { randomUUID } from 'node:crypto';
import { AuditService } from '../src/audit/audit.service';
import { SupervisionCase } from '../src/cases/case.entity';
import { IDEMPOTENCY_CONFIG, type IdempotencyConfig } from '../src/idempotency/idempotency-config';
import { IdempotencyKey } from '../src/idempotency/idempotency-key.entity';
import { IdempotencyKeyTakenOver, IdempotencyStore } from '../src/idempotency/idempotency-store';
import { requestFingerprint } from '../src/idempotency/request-fingerprint';
import { TimeTravel } from './support/accounts';
import { LAST_KNOWN } from './support/case-steps';
import { mailsDelivered } from './support/outbox';
import { TestApp } from './support/test-app';
import { transactionOf } from '../src/database/transaction';

/** Idempotency-Key on the requests that change something: a retry is answered the same and changes nothing. */
describe('Idempotency-Key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const openCase = async () =>
    (await t.cases.open({ offenderName: 'Retry Case', sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null)).id;
  const event = async (username: string, caseId: string, body: object, key?: string) => {
    const req = (await t.as(username)).post(`/cases/${caseId}/events`);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const row = (id: string) => t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id });
  const entriesOf = (caseId: string) => t.auditEntries({ caseId });

  it('answers a retry with the first answer, status and body, and changes nothing again', async () => {
    const id = await openCase();
    const key = `"${randomUUID()}"`;
    const first = await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST', expectedVersion: 1 }, key);
    expect(first.status).toBe(200);
    const entries = await entriesOf(id);
    const retry = await event('oh.field_officer', id, { expectedVersion: 1, type: 'SUBMIT_TRANSFER_REQUEST' }, key);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toMatch(/^application\/json/);
    expect(await row(id)).toMatchObject({ status: 'compact_office_review', version: 2 });
    expect(await entriesOf(id)).toHaveLength(entries.length);
  });

  it('creates one case however often POST /cases is retried (201 each time, the same case)', async () => {
    const key = randomUUID();
    const body = { offenderName: 'Once Only', sendingState: 'OH', receivingState: 'TX' };
    const officer = await t.as('oh.field_officer');
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await officer.post('/cases').set('Idempotency-Key', key).send(body));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await t.dataSource.getRepository(SupervisionCase).countBy({ offenderName: 'Once Only' })).toBe(1);
  });

  it('refuses the same key with another body (422) or on another route, and changes nothing', async () => {
    const id = await openCase();
    const key = randomUUID();
    await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' }, key).then((r) => expect(r.status).toBe(200));
    const other = await event('oh.field_officer', id, { type: 'WITHDRAW', reason: 'changed my mind' }, key);
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity', reference: other.headers['x-request-id'] });
    expect(other.body.message).toMatch(/already used for another request .*use a new key/);
    const elsewhere = await event('oh.field_officer', await openCase(), { type: 'SUBMIT_TRANSFER_REQUEST' }, key);
    expect(elsewhere.status).toBe(422);
    expect(await row(id)).toMatchObject({ status: 'compact_office_review', version: 2 });
  });

  it('keeps keys per user: another user may use the same key for their own request', async () => {
    const id = await openCase();
    const key = randomUUID();
    await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' }, key).then((r) => expect(r.status).toBe(200));
    await event('oh.compact_office', id, { type: 'TRANSMIT' }).then((r) => expect(r.status).toBe(200));
    const theirs = await event('tx.compact_office', id, { type: 'ACCEPT_TRANSFER' }, key);
    expect(theirs.status).toBe(200);
    expect(theirs.body.status).toBe('accepted');
  });

  it('answers a refusal again as it was (same 409, same reference), without a second denied entry', async () => {
    const id = await openCase();
    const key = randomUUID();
    // A step of Ohio's that a draft does not take yet (Texas would get 404: the draft is not sent to it).
    const first = await event('oh.field_officer', id, { type: 'NOTICE_OF_DEPARTURE' }, key);
    expect(first.status).toBe(409);
    const denied = (await entriesOf(id)).filter((e) => e.outcome === 'denied');
    const retry = await event('oh.field_officer', id, { type: 'NOTICE_OF_DEPARTURE' }, key);
    expect(retry.status).toBe(409);
    expect(retry.body).toEqual(first.body);
    expect((await entriesOf(id)).filter((e) => e.outcome === 'denied')).toHaveLength(denied.length);
  });

  it('answers an invalid body again with the same 400', async () => {
    const id = await openCase();
    const key = randomUUID();
    const first = await event('oh.field_officer', id, { type: 'FLY_AWAY' }, key);
    expect(first.status).toBe(400);
    expect((await event('oh.field_officer', id, { type: 'FLY_AWAY' }, key)).body).toEqual(first.body);
  });

  it('tells a retry that the first request is still running (409, Retry-After), and lets it take over once the holder is gone', async () => {
    const id = await openCase();
    const key = randomUUID();
    const body = { type: 'SUBMIT_TRANSFER_REQUEST' };
    const store = t.app.get(IdempotencyStore);
    const user = t.actor('oh.field_officer');
    // Another instance holds the key (its request is running).
    const claim = await store.claim({ userId: user.id, key }, fingerprintOf(id, body), `POST /cases/${id}/events`);
    expect(claim.kind).toBe('claimed');
    const busy = await event('oh.field_officer', id, body, key);
    expect(busy.status).toBe(409);
    expect(busy.body.message).toMatch(/still being processed/);
    expect(Number(busy.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await row(id)).toMatchObject({ version: 1 });

    // That instance died: its lease runs out, and the retry runs the request itself, once.
    await t.dataSource.getRepository(IdempotencyKey).update({ userId: user.id, key }, { lockedUntil: new Date(Date.now() - 1000) });
    const retry = await event('oh.field_officer', id, body, key);
    expect(retry.status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'compact_office_review', version: 2 });
    // Had the first holder only been slow, its answer now matches no row, and its transaction rolls back.
    if (claim.kind !== 'claimed') throw new Error('unreachable');
    await expect(t.dataSource.transaction((m) => store.answerIn(transactionOf(m), claim.held, 200, '{}'))).rejects.toThrow(IdempotencyKeyTakenOver);
    expect((await event('oh.field_officer', id, body, key)).body).toEqual(retry.body);
  });

  it('frees the key of a request that failed on the server (500), so that its retry runs', async () => {
    const id = await openCase();
    const key = randomUUID();
    const append = jest.spyOn(AuditService.prototype, 'append').mockImplementationOnce(async () => {
      throw new Error('disk full (injected)');
    });
    try {
      expect((await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' }, key)).status).toBe(500);
    } finally {
      append.mockRestore();
    }
    expect(await row(id)).toMatchObject({ version: 1 });
    const retry = await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' }, key);
    expect(retry.status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'compact_office_review', version: 2 });
  });

  it('stores the answer in the transaction of the change: when storing it fails, the change is rolled back too', async () => {
    const id = await openCase();
    const key = randomUUID();
    const answerIn = jest.spyOn(IdempotencyStore.prototype, 'answerIn').mockImplementationOnce(async () => {
      throw new Error('connection lost (injected)');
    });
    try {
      expect((await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' }, key)).status).toBe(500);
    } finally {
      answerIn.mockRestore();
    }
    expect(await row(id)).toMatchObject({ status: 'draft', version: 1 });
    expect((await entriesOf(id)).map((e) => e.action)).toEqual(['OPEN_CASE']);
    expect((await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' }, key)).status).toBe(200);
  });

  it('approves a reopen request once: a retry sends no second mail and writes no second entry', async () => {
    const id = await openCase();
    for (const [who, body] of [
      ['oh.field_officer', { type: 'SUBMIT_TRANSFER_REQUEST' }],
      ['oh.compact_office', { type: 'TRANSMIT' }],
      ['tx.compact_office', { type: 'ACCEPT_TRANSFER' }],
      ['oh.field_officer', { type: 'NOTICE_OF_DEPARTURE' }],
      ['tx.field_officer', { type: 'NOTICE_OF_ARRIVAL' }],
      ['tx.field_officer', { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'absconded', ...LAST_KNOWN }],
      ['oh.field_officer', { type: 'CONFIRM_CLOSURE' }],
    ] as const) {
      await event(who, id, body).then((r) => expect(r.status).toBe(200));
    }
    const asked = await (
      await t.as('oh.field_officer')
    )
      .post(`/cases/${id}/reopen-requests`)
      .set('Idempotency-Key', 'ask-1')
      .send({ reason: 'Found in Dallas' });
    expect(asked.status).toBe(201);
    const askedAgain = await (
      await t.as('oh.field_officer')
    )
      .post(`/cases/${id}/reopen-requests`)
      .set('Idempotency-Key', 'ask-1')
      .send({ reason: 'Found in Dallas' });
    expect(askedAgain.body).toEqual(asked.body);
    const approve = () =>
      t.as('tx.compact_office').then((c) => c.post(`/reopen-requests/${asked.body.id}/approve`).set('Idempotency-Key', 'approve-1').send({}));
    const first = await approve();
    expect(first.status).toBe(200);
    const entries = await entriesOf(id);
    const mails = await mailsDelivered(t);
    const again = await approve();
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await entriesOf(id)).toHaveLength(entries.length);
    expect(await mailsDelivered(t)).toHaveLength(mails.length);
    expect(await row(id)).toMatchObject({ status: 'active' });
  });

  it('answers the same after a restart: the key and its answer are in the database', async () => {
    const id = await openCase();
    const key = randomUUID();
    const first = await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' }, key);
    t = await t.restart();
    const retry = await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' }, key);
    expect({ status: retry.status, body: retry.body }).toEqual({ status: first.status, body: first.body });
    expect(await row(id)).toMatchObject({ version: 2 });
  });

  it('refuses a malformed key (400) and leaves requests without one alone', async () => {
    const id = await openCase();
    const bad = await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' }, '"two words"');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/Idempotency-Key header is not valid/);
    expect(await row(id)).toMatchObject({ version: 1 });
    expect((await event('oh.field_officer', id, { type: 'SUBMIT_TRANSFER_REQUEST' })).status).toBe(200);
  });

  it('keeps keys at least 24 hours, and forgets older ones', async () => {
    const repo = t.dataSource.getRepository(IdempotencyKey);
    const user = t.actor('oh.auditor');
    const aged = (key: string, hours: number) => ({
      userId: user.id,
      key,
      fingerprint: '0'.repeat(64),
      request: 'POST /x',
      status: 'completed' as const,
      attempt: randomUUID(),
      lockedUntil: new Date(),
      responseStatus: 200,
      responseBody: '{}',
      createdAt: new Date(Date.now() - hours * 3_600_000),
      completedAt: new Date(),
    });
    await repo.insert([aged('a-day-less-an-hour', 23), aged('a-day-and-an-hour', 25)]);
    await t.app.get(IdempotencyStore).purge();
    expect((await repo.findBy({ userId: user.id })).map((k) => k.key)).toEqual(['a-day-less-an-hour']);
  });

  it('lets a retry take a key over once the lease has run out by the clock, and forgets the key after its retention', async () => {
    const store = t.app.get(IdempotencyStore);
    const config = t.app.get<IdempotencyConfig>(IDEMPOTENCY_CONFIG);
    const of = { userId: t.actor('oh.auditor').id, key: randomUUID() };
    const held = await store.claim(of, '1'.repeat(64), 'POST /x');
    expect(held.kind).toBe('claimed');
    const keys = () => t.dataSource.getRepository(IdempotencyKey).findBy(of);
    const lease = new TimeTravel(t);
    try {
      lease.forward(config.leaseSeconds * 1000 - 5_000);
      expect((await store.claim(of, '1'.repeat(64), 'POST /x')).kind).toBe('in_progress');
      lease.forward(10_000);
      expect((await store.claim(of, '1'.repeat(64), 'POST /x')).kind).toBe('claimed');
    } finally {
      lease.back();
    }
    // Kept from when it was first claimed: a takeover does not make the key younger.
    const retention = new TimeTravel(t);
    try {
      retention.forward(config.retentionHours * 3_600_000 - 60_000);
      await store.purge();
      expect(await keys()).toHaveLength(1);
      retention.forward(2 * 60_000);
      await store.purge();
      expect(await keys()).toEqual([]);
    } finally {
      retention.back();
    }
  });
});

/** The interceptor's fingerprint of POST /cases/:id/events with this body. */
function fingerprintOf(caseId: string, body: object): string {
  return requestFingerprint('POST', `/cases/${caseId}/events`, body);
}
