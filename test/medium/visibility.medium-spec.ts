import { AuditReader } from '../../src/audit/audit-reader.service';
import { SupervisionCase } from '../../src/cases/case.entity';
import { CASE_READ, CasesService } from '../../src/cases/cases.service';
import { MediumApp } from './support/medium-app';

/** What a case that does not exist for the user answers: a 404, the same as a case that does not exist at all. */
const NOT_VISIBLE = { refusal: { code: 'case.not_visible', refusal: 'not_found' } };

// Who sees a case, through the cases service itself: its sending state from the draft on, its
// receiving state once the transfer request has left, no one else; and every refused look is on
// record for the auditors of the states the case exists for.
describe('who sees a case (CasesService on a real database)', () => {
  let m: MediumApp;
  let cases: CasesService;
  let reader: AuditReader;
  const open = async (username: string, sendingState: 'OH' | 'TX', receivingState: 'OH' | 'TX') =>
    cases.open({ offenderName: `Sent by ${username}`, sendingState, receivingState }, await m.actor(username), null);
  const listIds = async (username: string) => (await cases.list({}, await m.actor(username))).items.map((c) => c.id);
  const deniedLooks = async (caseId: string, state: string | null) => (await reader.page({ caseId, outcome: 'denied' }, state, 100)).items;
  const row = (id: string) => m.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id });

  beforeAll(async () => {
    m = await MediumApp.start();
    cases = m.get(CasesService);
    reader = m.get(AuditReader);
  });
  afterAll(() => m.close());

  it('shows the sending state its draft, and the receiving state nothing until it is transmitted', async () => {
    const draft = await open('oh.field_officer', 'OH', 'TX');
    const texasOwn = await open('tx.field_officer', 'TX', 'OH');
    expect((await cases.get(draft.id, await m.actor('oh.supervisor'), null)).status).toBe('draft');
    expect(await listIds('oh.compact_office')).toContain(draft.id);

    await expect(cases.get(draft.id, await m.actor('tx.compact_office'), null)).rejects.toMatchObject(NOT_VISIBLE);
    await expect(cases.history(draft.id, await m.actor('tx.field_officer'), null)).rejects.toMatchObject(NOT_VISIBLE);
    const texasSees = await listIds('tx.compact_office');
    expect(texasSees).toContain(texasOwn.id);
    expect(texasSees).not.toContain(draft.id);

    await cases.applyEvent(draft.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, await m.actor('oh.compact_office'), null);
    expect((await cases.get(draft.id, await m.actor('tx.compact_office'), null)).status).toBe('transfer_requested');
    expect(await listIds('tx.compact_office')).toContain(draft.id);
    // The draft was Ohio's alone: Texas's history of the case starts with its transmission.
    const allowed = async (username: string) =>
      (await cases.history(draft.id, await m.actor(username), null)).filter((h) => h.outcome === 'allowed').map((h) => h.event);
    expect(await allowed('oh.field_officer')).toEqual(['OPEN_CASE', 'SUBMIT_TRANSFER_REQUEST']);
    expect(await allowed('tx.field_officer')).toEqual(['SUBMIT_TRANSFER_REQUEST']);
  });

  it('shows a third state nothing of a case between two others, sent or not', async () => {
    const transmitted = await open('oh.field_officer', 'OH', 'TX');
    await cases.applyEvent(transmitted.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, await m.actor('oh.compact_office'), null);
    const california = await m.actor('ca.compact_office');
    await expect(cases.get(transmitted.id, california, null)).rejects.toMatchObject(NOT_VISIBLE);
    await expect(cases.history(transmitted.id, california, null)).rejects.toMatchObject(NOT_VISIBLE);
    await expect(cases.applyEvent(transmitted.id, { type: 'ACCEPT_TRANSFER' }, california, null)).rejects.toMatchObject(NOT_VISIBLE);
    const ohioSees = await listIds('oh.field_officer');
    expect(ohioSees).toContain(transmitted.id);
    expect(await listIds('ca.compact_office')).toEqual([]);
    expect((await cases.get(transmitted.id, await m.actor('tx.compact_office'), null)).status).toBe('transfer_requested');
  });

  it("writes one denied entry for a refused look, for the auditors of the case's states only", async () => {
    const sent = await open('oh.field_officer', 'OH', 'TX');
    await cases.applyEvent(sent.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, await m.actor('oh.compact_office'), null);
    const draft = await open('oh.field_officer', 'OH', 'TX');
    expect(await deniedLooks(sent.id, null)).toEqual([]);

    await expect(cases.get(sent.id, await m.actor('ca.field_officer'), null)).rejects.toMatchObject(NOT_VISIBLE);
    for (const state of ['OH', 'TX', null]) {
      const denied = await deniedLooks(sent.id, state);
      expect(denied).toHaveLength(1);
      expect(denied[0]).toMatchObject({
        action: CASE_READ,
        actorUsername: 'ca.field_officer',
        actorState: 'CA',
        primaryState: 'OH',
        secondaryState: 'TX',
        entityId: sent.id,
      });
    }
    expect(await deniedLooks(sent.id, 'CA')).toEqual([]);

    // A draft exists for its sending state alone: Texas's look is Ohio's to read, not Texas's.
    await expect(cases.get(draft.id, await m.actor('tx.field_officer'), null)).rejects.toMatchObject(NOT_VISIBLE);
    const ohio = await deniedLooks(draft.id, 'OH');
    expect(ohio).toHaveLength(1);
    expect(ohio[0]).toMatchObject({
      actorUsername: 'tx.field_officer',
      primaryState: 'OH',
      secondaryState: null,
      reason: expect.stringContaining('not yet transmitted to TX'),
    });
    expect(await deniedLooks(draft.id, 'TX')).toEqual([]);
  });

  it('lets requireAccess pass whoever sees the case, and refuse anyone else on the record', async () => {
    const sent = await open('oh.field_officer', 'OH', 'TX');
    await cases.applyEvent(sent.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, await m.actor('oh.compact_office'), null);
    const found = await row(sent.id);
    const attempt = { action: 'REOPEN_REQUEST_READ', meta: null };
    expect((await cases.requireAccess(found, await m.actor('tx.supervisor'), attempt)).id).toBe(sent.id);
    expect((await cases.requireAccess(found, await m.actor('oh.auditor'), attempt)).id).toBe(sent.id);
    await expect(cases.requireAccess(null, await m.actor('tx.supervisor'), attempt)).rejects.toMatchObject(NOT_VISIBLE);

    await expect(cases.requireAccess(found, await m.actor('ca.supervisor'), attempt)).rejects.toMatchObject(NOT_VISIBLE);
    const denied = await deniedLooks(sent.id, 'TX');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({ action: 'REOPEN_REQUEST_READ', actorUsername: 'ca.supervisor', primaryState: 'OH', secondaryState: 'TX' });
  });
});
