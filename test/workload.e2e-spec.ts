import { Clock } from '../src/common/clock';
import { UsersService } from '../src/users/users.service';
import { PASSWORD, TestApp } from './support/test-app';

interface WorkloadLine {
  id: string;
  caseId: string;
  caseNumber: string;
  offenderName: string;
  limit: string;
  activity: string;
  rule: string;
  responsibleState: string;
  assigneeId: string | null;
  dueOn: string;
  daysLeft: number;
  dayUnit: string;
  overdue: boolean;
}

/** Who owes what by when: the open deadlines of a user, or of their state, soonest due first. */
describe('GET /workload', () => {
  let t: TestApp;
  let officer2: string;
  const cases: Record<'late' | 'fresh' | 'accepted' | 'handedOver', string> = { late: '', fresh: '', accepted: '', handedOver: '' };

  const at = (instant: string) => {
    t.app.get(Clock).runFrom(new Date(instant));
    t.forgetSignIns();
  };
  const step = async (who: string, caseId: string, body: object) => {
    const res = await (await t.as(who)).post(`/cases/${caseId}/events`).send(body);
    expect({ who, body, status: res.status }).toEqual({ who, body, status: 200 });
  };
  /** A transfer request from Ohio to Texas sent at `instant`, accepted at `acceptedAt` if given. */
  const transfer = async (name: string, instant: string, acceptedAt?: string): Promise<string> => {
    at(instant);
    const opened = await (await t.as('oh.field_officer')).post('/cases').send({ offenderName: name, sendingState: 'OH', receivingState: 'TX' }).expect(201);
    await step('oh.field_officer', opened.body.id, { type: 'SUBMIT_TRANSFER_REQUEST' });
    await step('oh.compact_office', opened.body.id, { type: 'TRANSMIT' });
    if (acceptedAt) {
      at(acceptedAt);
      await step('tx.compact_office', opened.body.id, { type: 'ACCEPT_TRANSFER' });
    }
    return opened.body.id;
  };
  const workload = async (who: string, query = ''): Promise<{ items: WorkloadLine[]; nextCursor: string | null }> =>
    (await (await t.as(who)).get(`/workload${query}`).expect(200)).body;
  const casesIn = async (who: string, query = '') => (await workload(who, query)).items.map((i) => [i.caseId, i.limit]);

  beforeAll(async () => {
    t = await TestApp.start();
    const user = await t.app
      .get(UsersService)
      .create(
        { username: 'oh.officer2', role: 'field_officer', state: 'OH', displayName: 'Second officer', email: 'oh.officer2@e2e.example', password: PASSWORD },
        null,
        null,
      );
    officer2 = user.id;
    cases.late = await transfer('Casey Late', '2026-10-01T15:00:00Z');
    cases.accepted = await transfer('Avery Accepted', '2026-11-01T15:00:00Z', '2026-11-05T15:00:00Z');
    cases.handedOver = await transfer('Harper Handed', '2026-11-02T15:00:00Z', '2026-11-03T15:00:00Z');
    cases.fresh = await transfer('Riley Fresh', '2026-11-25T15:00:00Z');
    at('2026-11-26T15:00:00Z');
    await (await t.as('oh.supervisor')).post(`/cases/${cases.handedOver}/assignment`).send({ assigneeId: officer2, side: 'sending' }).expect(200);
    at('2026-12-02T15:00:00Z');
  });
  afterAll(() => t.close());

  it("lists the receiving compact office's transfer replies, soonest due first, with the days left and what is overdue", async () => {
    const { items, nextCursor } = await workload('tx.compact_office');
    expect(items.map((i) => [i.offenderName, i.limit, i.dueOn, i.daysLeft, i.overdue])).toEqual([
      ['Casey Late', 'TREP', '2026-11-15', -17, true],
      ['Riley Fresh', 'TREP', '2027-01-09', 38, false],
    ]);
    expect(nextCursor).toBeNull();
    expect(items[1]).toMatchObject({
      caseId: cases.fresh,
      activity: 'Transfer reply',
      rule: '3.104',
      responsibleState: 'TX',
      assigneeId: null,
      dayUnit: 'calendar',
    });
    expect(items[1].caseNumber).toMatch(/^OH-/);
  });

  it("gives a field officer the deadlines assigned to them, and a supervisor or compact office their state's", async () => {
    expect(await casesIn('oh.field_officer')).toEqual([[cases.accepted, 'ACC-EXP']]);
    expect(await casesIn('oh.officer2')).toEqual([[cases.handedOver, 'ACC-EXP']]);
    // 3 March (from 3 November) before 5 March (from 5 November).
    for (const who of ['oh.supervisor', 'oh.compact_office']) {
      expect(await casesIn(who)).toEqual([
        [cases.handedOver, 'ACC-EXP'],
        [cases.accepted, 'ACC-EXP'],
      ]);
    }
    expect(await casesIn('oh.field_officer', '?assignee=me')).toEqual([[cases.accepted, 'ACC-EXP']]);
    expect(await casesIn('ca.compact_office')).toEqual([]);
  });

  it('filters by assignee, by overdue and by rule', async () => {
    expect(await casesIn('oh.supervisor', `?assignee=${officer2}`)).toEqual([[cases.handedOver, 'ACC-EXP']]);
    expect(await casesIn('oh.compact_office', '?assignee=none')).toEqual([]);
    expect(await casesIn('tx.compact_office', '?assignee=none')).toEqual([
      [cases.late, 'TREP'],
      [cases.fresh, 'TREP'],
    ]);
    expect(await casesIn('tx.compact_office', '?overdue=true')).toEqual([[cases.late, 'TREP']]);
    expect(await casesIn('tx.compact_office', '?overdue=false')).toEqual([[cases.fresh, 'TREP']]);
    expect(await casesIn('tx.compact_office', '?rule=3.104&overdue=false')).toEqual([[cases.fresh, 'TREP']]);
    expect(await casesIn('tx.compact_office', '?rule=TREP')).toHaveLength(2);
    expect(await casesIn('tx.compact_office', '?rule=ACC-EXP')).toEqual([]);
    expect(await casesIn('oh.compact_office', '?rule=3.104-1(d)')).toHaveLength(2);
  });

  it('pages with the cursor of the page before', async () => {
    const first = await workload('tx.compact_office', '?limit=1');
    expect(first.items.map((i) => i.caseId)).toEqual([cases.late]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await workload('tx.compact_office', `?limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.items.map((i) => i.caseId)).toEqual([cases.fresh]);
    expect(second.nextCursor).toBeNull();
  });

  it('counts the days left from the Eastern date: one on 8 January, none on the 9th, overdue from the 10th', async () => {
    const fresh = async () => (await workload('tx.compact_office', '?rule=TREP')).items.find((i) => i.caseId === cases.fresh)!;
    at('2027-01-09T04:59:00Z');
    expect([(await fresh()).daysLeft, (await fresh()).overdue]).toEqual([1, false]);
    at('2027-01-09T05:00:00Z');
    expect([(await fresh()).daysLeft, (await fresh()).overdue]).toEqual([0, false]);
    at('2027-01-10T05:00:00Z');
    expect([(await fresh()).daysLeft, (await fresh()).overdue]).toEqual([-1, true]);
    at('2026-12-02T15:00:00Z');
  });

  it('refuses bad filters with the rule they break', async () => {
    const officer = await t.as('tx.compact_office');
    const cases400 = [
      ['?overdue=maybe', 'overdue must be true or false'],
      ['?rule=9.999', 'rule must be one of: RI-LIVING, 3.103, RI-REPLY, 3.103-2'],
      ['?assignee=somebody', 'assignee must be a user id, me or none'],
      ['?limit=0', 'limit must not be less than 1'],
      ['?cursor=not-a-cursor', 'cursor is not valid'],
    ];
    for (const [query, message] of cases400) {
      const res = await officer.get(`/workload${query}`);
      expect({ query, status: res.status, message: res.body.message }).toEqual({ query, status: 400, message: expect.stringContaining(message) });
    }
  });

  it('is for case workers only, and a field officer sees only their own; each refusal is audited', async () => {
    for (const who of ['oh.state_admin', 'oh.auditor']) {
      const res = await (await t.as(who)).get('/workload');
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    const res = await (await t.as('oh.field_officer')).get(`/workload?assignee=${officer2}`).expect(403);
    expect(res.body.message).toBe("A field officer's workload is their own: leave assignee out, or give your own id.");
    const refused = await t.auditEntries({ action: 'ACCESS', outcome: 'denied' });
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.map((e) => [e.actorUsername, e.entityType, e.entityId])).toEqual([
      ['oh.state_admin', 'route', 'GET /workload'],
      ['oh.auditor', 'route', 'GET /workload'],
      ['oh.field_officer', 'user', officer2],
    ]);
    await t.http.get('/workload').expect(401);
  });
});
