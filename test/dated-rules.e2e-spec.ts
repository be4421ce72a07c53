import { Clock } from '../src/common/clock';
import { LAST_KNOWN, TO_ACTIVE } from './support/case-steps';
import { TestApp } from './support/test-app';

/** Rules judged by the Eastern date a step is sent: the pre-release window of 3.105, and ground (6) of 4.112(a) from 2026-04-01. */
describe('rules judged on the day a step is sent', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const at = (instant: string) => {
    t.app.get(Clock).runFrom(new Date(instant));
    t.forgetSignIns();
  };
  const open = async (): Promise<string> =>
    (await (await t.as('oh.field_officer')).post('/cases').send({ offenderName: 'Rowan Onward', sendingState: 'OH', receivingState: 'TX' }).expect(201)).body
      .id;
  const send = async (who: string, caseId: string, body: object) => (await t.as(who)).post(`/cases/${caseId}/events`).send(body);

  describe('a transfer request before release (rule 3.105: at most 120 days before the planned release)', () => {
    it('is refused 121 days ahead at 23:30 on 2 December in New York, and audited; the case stays a draft', async () => {
      at('2026-12-01T15:00:00Z');
      const caseId = await open();
      at('2026-12-03T04:30:00Z');
      const res = await send('oh.field_officer', caseId, { type: 'SUBMIT_TRANSFER_REQUEST', plannedReleaseDate: '2027-04-02' });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(
        'Rule 3.105: a transfer request before release may be sent no more than 120 days before the planned release; ' +
          '2027-04-02 is 121 days away, so it may be sent from 2026-12-03.',
      );
      expect((await t.auditEntries({ caseId, action: 'SUBMIT_TRANSFER_REQUEST' })).map((e) => e.outcome)).toEqual(['denied']);
      expect((await (await t.as('oh.field_officer')).get(`/cases/${caseId}`).expect(200)).body).toMatchObject({ status: 'draft', plannedReleaseDate: null });
    });

    it('is sent an hour later, on 3 December in New York, and both states read the planned release date', async () => {
      at('2026-12-01T15:00:00Z');
      const caseId = await open();
      at('2026-12-03T05:30:00Z');
      const res = await send('oh.field_officer', caseId, { type: 'SUBMIT_TRANSFER_REQUEST', plannedReleaseDate: '2027-04-02' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'compact_office_review', plannedReleaseDate: '2027-04-02' });
      const transmitted = await send('oh.compact_office', caseId, { type: 'TRANSMIT' });
      expect(transmitted.body).toMatchObject({ status: 'transfer_requested', plannedReleaseDate: '2027-04-02' });
      expect((await (await t.as('tx.compact_office')).get(`/cases/${caseId}`).expect(200)).body.plannedReleaseDate).toBe('2027-04-02');
    });

    it('refuses a date that has passed, or is no date, with the field named', async () => {
      at('2026-12-02T15:00:00Z');
      const caseId = await open();
      const passed = await send('oh.field_officer', caseId, { type: 'SUBMIT_TRANSFER_REQUEST', plannedReleaseDate: '2026-11-30' });
      expect([passed.status, passed.body.message]).toEqual([
        400,
        'The planned release date 2026-11-30 has passed (today is 2026-12-02): leave it out for a person already released.',
      ]);
      const garbled = await send('oh.field_officer', caseId, { type: 'SUBMIT_TRANSFER_REQUEST', plannedReleaseDate: 'next spring' });
      expect(garbled.status).toBe(400);
      expect(garbled.body.message).toContain('plannedReleaseDate must be a date that exists, written YYYY-MM-DD');
    });
  });

  describe('the closure ground of a subsequent-state transfer (rule 4.112(a)(6), from 2026-04-01)', () => {
    /** A case under supervision in Texas since the spring of 2026. */
    const activeCase = async (): Promise<string> => {
      at('2026-03-02T15:00:00Z');
      const caseId = await open();
      for (const [who, type] of TO_ACTIVE) {
        expect((await send(who, caseId, { type })).status).toBe(200);
      }
      return caseId;
    };
    const notice = (caseId: string) =>
      send('tx.field_officer', caseId, { type: 'SUBMIT_CLOSURE_NOTICE', closureReason: 'subsequent_state_transfer', ...LAST_KNOWN });

    it('is refused on a notice sent at 23:30 on 31 March 2026 in New York, saying from when it counts, and audited', async () => {
      const caseId = await activeCase();
      at('2026-04-01T03:30:00Z');
      const res = await notice(caseId);
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(
        'The closure ground subsequent_state_transfer of rule 4.112(a) may be given on closure notices sent from 2026-04-01; ' +
          'this one is sent on 2026-03-31. Give another ground.',
      );
      expect((await t.auditEntries({ caseId, action: 'SUBMIT_CLOSURE_NOTICE' })).map((e) => e.outcome)).toEqual(['denied']);
      expect((await (await t.as('tx.field_officer')).get(`/cases/${caseId}`).expect(200)).body.status).toBe('active');
    });

    it('is accepted on a notice sent at 00:30 on 1 April 2026 in New York, and the case records it', async () => {
      const caseId = await activeCase();
      at('2026-04-01T04:30:00Z');
      const res = await notice(caseId);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'closure_pending', closureReason: 'subsequent_state_transfer', ...LAST_KNOWN });
    });
  });
});
