import { Clock } from '../src/common/clock';
import { TestApp } from './support/test-app';

/** Ground (6) of rule 4.112(a), added by the amendments in force on 2026-04-01: judged by the Eastern date the notice is sent. */
describe('the closure ground of a subsequent-state transfer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const at = (instant: string) => {
    t.app.get(Clock).runFrom(new Date(instant));
    t.forgetSignIns();
  };
  /** A case under supervision in Texas since the spring of 2026. */
  const activeCase = async (): Promise<string> => {
    at('2026-03-02T15:00:00Z');
    const officer = await t.as('oh.field_officer');
    const opened = await officer.post('/cases').send({ offenderName: 'Rowan Onward', sendingState: 'OH', receivingState: 'TX' }).expect(201);
    const step = async (who: string, type: string) => (await t.as(who)).post(`/cases/${opened.body.id}/events`).send({ type }).expect(200);
    await step('oh.field_officer', 'SUBMIT_TRANSFER_REQUEST');
    await step('tx.compact_office', 'ACCEPT_TRANSFER');
    await step('oh.field_officer', 'NOTICE_OF_DEPARTURE');
    await step('tx.field_officer', 'NOTICE_OF_ARRIVAL');
    return opened.body.id;
  };
  const notice = async (caseId: string) =>
    (await t.as('tx.field_officer')).post(`/cases/${caseId}/events`).send({ type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'subsequent_state_transfer' });

  it('is refused on a notice sent at 23:30 on 31 March 2026 in New York, saying from when it counts, and audited', async () => {
    const caseId = await activeCase();
    at('2026-04-01T03:30:00Z');
    const res = await notice(caseId);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'The closure ground subsequent_state_transfer of rule 4.112(a) may be given on closure notices sent from 2026-04-01; this one is sent on 2026-03-31. Give another ground.',
    );
    const refused = await t.auditEntries({ caseId, action: 'SUBMIT_CLOSURE_NOTICE' });
    expect(refused.map((e) => e.outcome)).toEqual(['denied']);
    expect((await (await t.as('tx.field_officer')).get(`/cases/${caseId}`).expect(200)).body.status).toBe('active');
  });

  it('is accepted on a notice sent at 00:30 on 1 April 2026 in New York, and the case records it', async () => {
    const caseId = await activeCase();
    at('2026-04-01T04:30:00Z');
    const res = await notice(caseId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closure_pending', closureReason: 'subsequent_state_transfer' });
  });
});
