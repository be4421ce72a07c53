import { SupervisionCase } from '../src/cases/case.entity';
import { TestApp } from './support/test-app';

/**
 * Free text reaches the audit history from clients as JSON, which may carry UTF-16 that is not
 * well formed: a lone surrogate, or a pair that the length bound would cut in two. The database
 * stores UTF-8, where such a unit becomes U+FFFD, so an entry hashed over the text as received
 * would fail verification although nobody touched it.

 */
/** How the history's line of a rejection begins: its kind, then the reason given. */
const KIND = 'rejected as denied; ';

describe('free text in audit entries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  async function rejectTransferWith(reasonJson: string): Promise<string> {
    const oh = t.actor('oh.field_officer');
    const c = await t.cases.open({ offenderName: 'Text Story', sendingState: 'OH', receivingState: 'TX' }, oh, null);
    await t.cases.applyEvent(c.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.compact_office'), null);
    const office = await t.as('tx.compact_office');
    await office
      .post(`/cases/${c.id}/events`)
      .set('Content-Type', 'application/json')
      .send(`{"type":"REJECT_TRANSFER","reason":${reasonJson},"rejectionKind":"denied"}`)
      .expect(200);
    return c.id;
  }

  it('keeps the chain verifiable when a reason holds a lone surrogate', async () => {
    const caseId = await rejectTransferWith('"no room \\ud800 here"');
    const [entry] = await t.auditEntries({ caseId, action: 'REJECT_TRANSFER' });
    expect(entry.reason).toBe(`${KIND}no room \ufffd here`);
    const verified = await (await t.as('oh.auditor')).get('/audit/verify').expect(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('keeps the chain verifiable when the length bound falls inside a surrogate pair', async () => {
    // The history's line starts with the rejection's kind, and the bound of 1000 UTF-16 units counts it.
    const caseId = await rejectTransferWith(JSON.stringify(`${'a'.repeat(999 - KIND.length)}\u{1F600}`));
    const [entry] = await t.auditEntries({ caseId, action: 'REJECT_TRANSFER' });
    expect(entry.reason).toBe(`${KIND}${'a'.repeat(999 - KIND.length)}\ufffd`);
    const verified = await (await t.as('oh.auditor')).get('/audit/verify').expect(200);
    expect(verified.body).toMatchObject({ ok: true });
  });
});

/** The same holds for the names of a case: the one stored (UTF-8) is the one the client is answered. */
describe('free text in the names of a case', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('turns a lone surrogate in the offender name and id into U+FFFD, in the answer and in the database alike', async () => {
    const officer = await t.as('oh.field_officer');
    const res = await officer
      .post('/cases')
      .set('Content-Type', 'application/json')
      .send('{"offenderName":"Jordan \\ud800 Example","offenderId":"OH-\\udc00-9","sendingState":"OH","receivingState":"TX"}')
      .expect(201);
    expect(res.body).toMatchObject({ offenderName: 'Jordan \ufffd Example', offenderId: 'OH-\ufffd-9' });
    const stored = await t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id: res.body.id });
    expect({ offenderName: stored.offenderName, offenderId: stored.offenderId }).toEqual({ offenderName: 'Jordan \ufffd Example', offenderId: 'OH-\ufffd-9' });
    expect((await officer.get(`/cases/${res.body.id}`).expect(200)).body).toMatchObject({ offenderName: 'Jordan \ufffd Example' });
  });

  it('keeps a well-formed pair (an emoji, a name in another script) as sent', async () => {
    const res = await (
      await t.as('oh.field_officer')
    )
      .post('/cases')
      .send({ offenderName: 'Zoë 𝔄ngström 李', sendingState: 'OH', receivingState: 'TX' })
      .expect(201);
    expect(res.body.offenderName).toBe('Zoë 𝔄ngström 李');
    expect((await t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id: res.body.id })).offenderName).toBe('Zoë 𝔄ngström 李');
  });
});
