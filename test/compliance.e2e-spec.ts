import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { COMPLIANCE_MEASURES, DEADLINE_RULES, trackedMeasures, type ComplianceCounts } from '../machines';
import type { CompliancePeriodView } from '../src/deadlines/dto/compliance-report.view';
import { TimeTravel } from './support/accounts';
import { TestApp } from './support/test-app';

const run = promisify(execFile);

type Period = CompliancePeriodView;

const NONE: ComplianceCounts = { due: 0, onTime: 0, late: 0, open: 0, cancelled: 0, percentOnTime: null, meetsTarget: null };
const NATIONAL = 'icaos.auditor';
/** The day the report is read: every transfer reply due before it has come to its outcome. */
const TODAY = '2026-12-03T15:00:00Z';
const RANGE = { from: '2026-10-01', to: '2027-03-31' };

/**
 * The compliance report over transfer replies made by real case steps at their own dates: Texas
 * owes those of the Ohio-to-Texas cases, Ohio those of the Texas-to-Ohio ones. A transfer request
 * sent on 1 September is due on 16 October (45 calendar days), one sent on 20 November on 4 January.
 */
describe('the compliance report', () => {
  let t: TestApp;
  let time: TimeTravel;

  const at = (instant: string) => {
    time.to(instant);
    t.forgetSignIns();
  };
  const step = async (who: string, caseId: string, body: object) => {
    const res = await (await t.as(who)).post(`/cases/${caseId}/events`).send(body);
    expect({ who, body, status: res.status }).toEqual({ who, body, status: 200 });
  };
  /** A case from `from` to `to`, its transfer request sent now by the sending state's officer and transmitted by its compact office. */
  const requested = async (from: 'OH' | 'TX', to: 'OH' | 'TX'): Promise<string> => {
    const officer = `${from.toLowerCase()}.field_officer`;
    const res = await (await t.as(officer)).post('/cases').send({ offenderName: 'Riley Example', sendingState: from, receivingState: to }).expect(201);
    await step(officer, res.body.id, { type: 'SUBMIT_TRANSFER_REQUEST' });
    await step(`${from.toLowerCase()}.compact_office`, res.body.id, { type: 'TRANSMIT' });
    return res.body.id;
  };
  const get = async (who: string, path: string, query: Record<string, string> = {}) => (await t.as(who)).get(`${path}?${new URLSearchParams(query)}`);
  const report = async (who = 'tx.compact_office', query: Record<string, string> = RANGE) => {
    const res = await get(who, '/compliance', query);
    expect(res.status).toBe(200);
    return res.body as { state: string; asOf: string; targetPercent: number; periods: Period[]; overall: Period };
  };
  /** The drill-down names its measure; the report takes no such parameter. */
  const withMeasure = (path: string, query: Record<string, string>) => (path === '/compliance' ? query : { ...query, measure: 'transfer_reply' });
  const transferReply = (p: Period) => p.measures.find((m) => m.measure === 'transfer_reply')!;
  /** Every deadline of the drill-down, page after page of `limit`. */
  const drillDown = async (query: Record<string, string>, who = 'tx.compact_office', limit = 2) => {
    const items: { id: string; dueOn: string; outcome: string; caseNumber: string; responsibleState: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(who, '/compliance/deadlines', { ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    return { items, pages };
  };

  beforeAll(async () => {
    t = await TestApp.start();
    time = new TimeTravel(t);
    await t.addNationalAuditor(NATIONAL);

    at('2026-09-01T15:00:00Z');
    const [onTime, late, cancelled, unanswered] = [
      await requested('OH', 'TX'),
      await requested('OH', 'TX'),
      await requested('OH', 'TX'),
      await requested('OH', 'TX'),
    ];
    const [ohioFirst, ohioSecond, ohioUnanswered] = [await requested('TX', 'OH'), await requested('TX', 'OH'), await requested('TX', 'OH')];
    at('2026-09-05T15:00:00Z');
    await step('oh.supervisor', cancelled, { type: 'WITHDRAW', reason: 'The offender no longer wishes to move.' });
    at('2026-09-10T15:00:00Z');
    await step('tx.compact_office', onTime, { type: 'ACCEPT_TRANSFER' });
    await step('oh.compact_office', ohioFirst, { type: 'ACCEPT_TRANSFER' });
    at('2026-09-20T15:00:00Z');
    await step('oh.compact_office', ohioSecond, { type: 'REJECT_TRANSFER', reason: 'No approved residence yet.', rejectionKind: 'incomplete' });
    at('2026-10-20T15:00:00Z');
    await step('tx.compact_office', late, { type: 'REJECT_TRANSFER', reason: 'No approved residence yet.', rejectionKind: 'incomplete' });
    at('2026-11-20T15:00:00Z');
    await requested('OH', 'TX'); // due 4 January, and still open today
    at('2026-11-25T15:00:00Z');
    const early = await requested('OH', 'TX'); // due 9 January
    at('2026-12-01T15:00:00Z');
    await step('tx.compact_office', early, { type: 'ACCEPT_TRANSFER' });
    void [unanswered, ohioUnanswered];
    at(TODAY);
  });
  afterAll(async () => {
    time.back();
    t.forgetSignIns();
    await t.close();
  });

  it("counts Texas's transfer replies by quarter: on time, late (met late, or unanswered past due), open, and cancelled beside", async () => {
    const body = await report();
    expect(body).toMatchObject({ state: 'TX', ...RANGE, asOf: '2026-12-03', targetPercent: 90 });
    expect(body.periods.map((p) => [p.label, p.from, p.to])).toEqual([
      ['2026 Q4', '2026-10-01', '2026-12-31'],
      ['2027 Q1', '2027-01-01', '2027-03-31'],
    ]);
    const [q4, q1] = body.periods;
    // The one accepted in time; the one rejected four days late and the one never answered; the withdrawn one beside.
    expect(transferReply(q4).state).toEqual({ due: 3, onTime: 1, late: 2, open: 0, cancelled: 1, percentOnTime: 33.3, meetsTarget: false });
    expect(transferReply(q1).state).toEqual({ due: 2, onTime: 1, late: 0, open: 1, cancelled: 0, percentOnTime: 100, meetsTarget: true });
    expect(transferReply(body.overall).state).toEqual({ due: 5, onTime: 2, late: 2, open: 1, cancelled: 1, percentOnTime: 50, meetsTarget: false });
    expect(body.overall).toMatchObject({ label: 'from 2026-10-01 to 2027-03-31', ...RANGE });
  });

  it("pools Ohio's replies with Texas's for the national figure, a ratio of the sums", async () => {
    const [q4, q1] = (await report()).periods;
    expect(transferReply(q4).national).toEqual({ due: 6, onTime: 3, late: 3, open: 0, cancelled: 1, percentOnTime: 50, meetsTarget: false });
    expect(transferReply(q1).national).toEqual(transferReply(q1).state);
    // Ohio's own report has the same nation beside it.
    const ohio = await report('oh.compact_office');
    expect(transferReply(ohio.periods[0]).state).toEqual({ due: 3, onTime: 2, late: 1, open: 0, cancelled: 0, percentOnTime: 66.7, meetsTarget: false });
    expect(transferReply(ohio.overall).national).toEqual(transferReply((await report()).overall).national);
  });

  it('lists every measure of the dashboards; those no activity has yet are not tracked and count nothing', async () => {
    const { overall } = await report();
    const tracked = trackedMeasures(DEADLINE_RULES);
    expect(overall.measures.map((m) => [m.measure, m.rule, m.tracked])).toEqual(COMPLIANCE_MEASURES.map((m) => [m.measure, m.rule, tracked.has(m.measure)]));
    expect(overall.measures.filter((m) => !m.tracked).map((m) => m.measure)).toEqual([]);
    for (const m of overall.measures.filter((x) => x.measure !== 'transfer_reply')) expect([m.measure, m.state, m.national]).toEqual([m.measure, NONE, NONE]);
  });

  it('counts an unanswered deadline open until its due date ends, and late after', async () => {
    at('2026-10-17T03:30:00Z'); // 23:30 on 16 October, Eastern: the due date of the unanswered ones
    expect(transferReply((await report()).periods[0]).state).toMatchObject({ onTime: 1, late: 1, open: 1, due: 3 });
    at('2026-10-17T04:30:00Z'); // 00:30 on 17 October
    expect(transferReply((await report()).periods[0]).state).toMatchObject({ onTime: 1, late: 2, open: 0, due: 3 });
    at(TODAY);
  });

  it('gives the deadlines behind each count, a page at a time by due date, as many as the count says', async () => {
    const all = await drillDown({ ...RANGE, measure: 'transfer_reply' });
    expect(all.items.length).toBe(6);
    expect(all.pages).toBe(3);
    const order = all.items.map((d) => `${d.dueOn} ${d.id}`);
    expect(order).toEqual([...order].sort());
    expect(new Set(all.items.map((d) => d.responsibleState))).toEqual(new Set(['TX']));
    expect(all.items.every((d) => /^OH-2026-/.test(d.caseNumber))).toBe(true);
    const { overall } = await report();
    const counts = transferReply(overall).state;
    const outcomes = { on_time: counts.onTime, late: counts.late, open: counts.open, cancelled: counts.cancelled };
    for (const [outcome, count] of Object.entries(outcomes)) {
      const { items } = await drillDown({ ...RANGE, measure: 'transfer_reply', outcome });
      expect({ outcome, items: items.length }).toEqual({ outcome, items: count });
      expect(items.every((d) => d.outcome === outcome)).toBe(true);
    }
    expect(all.items.filter((d) => d.outcome !== 'cancelled').length).toBe(counts.due);
    // A national auditor drills into Ohio's.
    const ohio = await drillDown({ ...RANGE, measure: 'transfer_reply', state: 'OH' }, NATIONAL, 50);
    expect(ohio.items.map((d) => d.outcome).sort()).toEqual(['late', 'on_time', 'on_time']);
  });

  it('gives a deadline in the drill-down with its case, its rule and how it ended', async () => {
    const { items } = await drillDown({ ...RANGE, measure: 'transfer_reply', outcome: 'late' }, 'tx.auditor', 50);
    expect(items.length).toBe(2);
    const [first] = items;
    expect(first).toMatchObject({
      limit: 'TREP',
      rule: '3.104',
      activity: 'Transfer reply',
      responsibleState: 'TX',
      dueOn: '2026-10-16',
      dueAt: '2026-10-17T03:59:59.999Z',
    });
    expect(Object.keys(first).sort()).toEqual(
      [
        'activity',
        'activityId',
        'assigneeId',
        'caseId',
        'caseNumber',
        'dueAt',
        'dueOn',
        'id',
        'limit',
        'metAt',
        'onTime',
        'outcome',
        'responsibleState',
        'rule',
        'startedAt',
        'status',
      ].sort(),
    );
    expect(items.map((d) => [d.outcome, (d as unknown as { status: string }).status]).sort()).toEqual([
      ['late', 'met'],
      ['late', 'open'],
    ]);
  });

  it('gives the report as CSV: a line per quarter and measure, the whole range last', async () => {
    const res = await get('tx.state_admin', '/compliance', { ...RANGE, format: 'csv' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="compliance-TX-2026-10-01-2027-03-31.csv"');
    const lines = res.text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'period,from,to,measure,rule,tracked,state,due,on_time,late,open,cancelled,percent_on_time,' +
        'national_due,national_on_time,national_late,national_open,national_cancelled,national_percent_on_time',
    );
    expect(lines.length).toBe(1 + 3 * 7);
    expect(lines[1]).toBe('2026 Q4,2026-10-01,2026-12-31,transfer_reply,3.104,true,TX,3,1,2,0,1,33.3,6,3,3,0,1,50');
    expect(lines[4]).toBe('2026 Q4,2026-10-01,2026-12-31,progress_report,4.106(a),true,TX,0,0,0,0,0,,0,0,0,0,0,');
    expect(lines[15]).toBe('from 2026-10-01 to 2027-03-31,2026-10-01,2027-03-31,transfer_reply,3.104,true,TX,5,2,2,1,1,50,8,4,3,1,1,57.1');
  });

  describe('who may see it', () => {
    it.each(['tx.field_officer', 'tx.supervisor'])('refuses %s, and records it', async (who) => {
      const res = await get(who, '/compliance', RANGE);
      expect(res.status).toBe(403);
      expect((await get(who, '/compliance/deadlines', { ...RANGE, measure: 'transfer_reply' })).status).toBe(403);
      expect(await t.auditEntries({ action: 'ACCESS', actorUsername: who, entityId: 'GET /compliance', outcome: 'denied' })).toHaveLength(1);
    });

    it.each(['tx.compact_office', 'tx.state_admin', 'tx.auditor'])('shows %s its own state, named or not', async (who) => {
      expect((await report(who)).state).toBe('TX');
      expect((await report(who, { ...RANGE, state: 'TX' })).state).toBe('TX');
      expect((await get(who, '/compliance/deadlines', { ...RANGE, measure: 'transfer_reply', state: 'TX' })).status).toBe(200);
    });

    it.each([
      ['tx.auditor', '/compliance'],
      ['tx.compact_office', '/compliance/deadlines'],
    ])("refuses %s another state's figures on %s, and records the look for both states' auditors", async (who, path) => {
      const res = await get(who, path, withMeasure(path, { ...RANGE, state: 'OH' }));
      expect(res.status).toBe(403);
      expect(res.body.message).toBe('You may see the compliance figures of TX only, not those of OH.');
      const [entry] = await t.auditEntries({ action: 'COMPLIANCE_READ', actorUsername: who, outcome: 'denied' });
      expect(entry).toMatchObject({ entityType: 'route', entityId: `GET ${path}`, reason: res.body.message });
      expect([entry.primaryState, entry.secondaryState].sort()).toEqual(['OH', 'TX']);
    });

    it('shows a national auditor the state it names, and asks it to name one', async () => {
      expect((await report(NATIONAL, { ...RANGE, state: 'TX' })).state).toBe('TX');
      expect(transferReply((await report(NATIONAL, { ...RANGE, state: 'OH' })).overall).state.due).toBe(3);
      for (const path of ['/compliance', '/compliance/deadlines']) {
        const res = await get(NATIONAL, path, withMeasure(path, RANGE));
        expect({ path, status: res.status, message: res.body.message }).toEqual({
          path,
          status: 400,
          message: 'state is required of a national auditor: name the state whose figures you want, e.g. state=TX.',
        });
      }
    });
  });

  describe('the range', () => {
    it.each([
      ['a date that does not exist', { from: '2026-02-30', to: '2026-03-31' }, 'from', 'from must be a date that exists, written YYYY-MM-DD (e.g. 2027-06-30)'],
      ['a date not written YYYY-MM-DD', { from: '2026-10-01', to: '12/31/2026' }, 'to', 'to must be a date that exists, written YYYY-MM-DD (e.g. 2027-06-30)'],
      ['no from', { to: '2026-12-31' }, 'from', 'from must be a date that exists, written YYYY-MM-DD (e.g. 2027-06-30)'],
      ['to before from', { from: '2026-12-31', to: '2026-10-01' }, 'to', 'to must not be before from'],
      [
        'more than three years',
        { from: '2026-01-01', to: '2029-01-03' },
        'to',
        'to must be less than 1098 days after from: a report covers at most three years',
      ],
      ['an unknown state', { ...RANGE, state: 'XX' }, 'state', 'state must be the two-letter code of a compact member state (e.g. OH, TX, DC, PR)'],
    ])('refuses %s with 400, naming the field', async (_what, query, field, problem) => {
      for (const path of ['/compliance', '/compliance/deadlines']) {
        const res = await get('tx.compact_office', path, withMeasure(path, query));
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.body.fields).toContainEqual({ field, problems: [problem] });
      }
    });

    it('takes a range of 1098 days, and the drill-down refuses an unknown measure or outcome', async () => {
      expect((await report('tx.compact_office', { from: '2026-01-01', to: '2029-01-02' })).periods).toHaveLength(13);
      const res = await get('tx.compact_office', '/compliance/deadlines', { ...RANGE, measure: 'speed', outcome: 'soon' });
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['measure', 'outcome']);
    });
  });

  it('prints the same report from the command line, as CSV or as a table', async () => {
    // The command line runs on the real clock: so does the API for this comparison.
    time.back();
    t.forgetSignIns();
    const csv = (await get('tx.compact_office', '/compliance', { ...RANGE, format: 'csv' })).text;
    const cli = join(__dirname, '..', 'dist', 'src', 'cli', 'cli.main.js');
    const args = ['compliance', '--state', 'tx', '--from', RANGE.from, '--to', RANGE.to];
    const printed = await run(process.execPath, [cli, ...args, '--csv'], { env: t.serverEnv() });
    expect(printed.stdout).toBe(csv);
    const table = (await run(process.execPath, [cli, ...args], { env: t.serverEnv() })).stdout;
    expect(table).toContain('Compliance of TX, deadlines due from 2026-10-01 to 2027-03-31');
    expect(table).toMatch(/^2026 Q4 \(2026-10-01 to 2026-12-31\)$/m);
    expect(table).toMatch(/^Transfer Reply 3\.104( +\d+){5} +[\d.]+% +(yes|no) +[\d.]+%$/m);
    // Every measure has an activity now; warrant timeliness is held to no target.
    expect(table).not.toContain('(not tracked)');
    expect(table).toMatch(/^Warrant Timeliness \(information\) 5\.105\(a\)( +\d+){5} +- +- +-$/m);
    const refused = await run(process.execPath, [cli, 'compliance', '--state', 'TX', '--from', '2026-12-31', '--to', '2026-10-01'], {
      env: t.serverEnv(),
    }).catch((err: { code: number; stderr: string }) => err);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('to must not be before from') });
  });
});
