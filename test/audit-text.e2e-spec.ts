import { TestApp } from './support/test-app';

/**
 * Free text reaches the audit history from clients as JSON, which may carry UTF-16 that is not
 * well formed: a lone surrogate, or a pair that the length bound would cut in two. The database
 * stores UTF-8, where such a unit becomes U+FFFD, so an entry hashed over the text as received
 * would fail verification although nobody touched it.
 */
describe('free text in audit entries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  async function rejectTransferWith(reasonJson: string): Promise<string> {
    const oh = t.actor('oh.field_officer');
    const c = await t.cases.open({ offenderName: 'Text Story', sendingState: 'OH', receivingState: 'TX' }, oh, null);
    await t.cases.applyEvent(c.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, oh, null);
    const office = await t.as('tx.compact_office');
    await office
      .post(`/cases/${c.id}/events`)
      .set('Content-Type', 'application/json')
      .send(`{"type":"REJECT_TRANSFER","reason":${reasonJson}}`)
      .expect(200);
    return c.id;
  }

  it('keeps the chain verifiable when a reason holds a lone surrogate', async () => {
    const caseId = await rejectTransferWith('"no room \\ud800 here"');
    const [entry] = await t.auditEntries({ caseId, action: 'REJECT_TRANSFER' });
    expect(entry.reason).toBe('no room \ufffd here');
    const verified = await (await t.as('oh.auditor')).get('/audit/verify').expect(200);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('keeps the chain verifiable when the length bound falls inside a surrogate pair', async () => {
    // 1000 characters for the validator (the emoji counts once), 1001 UTF-16 units for the bound.
    const caseId = await rejectTransferWith(JSON.stringify(`${'a'.repeat(999)}\u{1F600}`));
    const [entry] = await t.auditEntries({ caseId, action: 'REJECT_TRANSFER' });
    expect(entry.reason).toBe(`${'a'.repeat(999)}\ufffd`);
    const verified = await (await t.as('oh.auditor')).get('/audit/verify').expect(200);
    expect(verified.body).toMatchObject({ ok: true });
  });
});
