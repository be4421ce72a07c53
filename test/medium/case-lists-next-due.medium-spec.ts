import { type CaseEventType, type CompactDate, type DeadlineStatus } from '../../machines';
import type { Actor } from '../../machines/roles';
import type { StateCode } from '../../machines/jurisdiction';
import { ActivitiesService } from '../../src/activities/activities.service';
import { SupervisionCase } from '../../src/cases/case.entity';
import { CasesService } from '../../src/cases/cases.service';
import type { CaseListItemView } from '../../src/cases/dto/case.view';
import { CaseNextDue1796010000000 as PostgresCaseNextDue } from '../../src/database/migrations/postgres/1796010000000-CaseNextDue';
import { CaseNextDue1796010000000 as SqliteCaseNextDue } from '../../src/database/migrations/sqlite/1796010000000-CaseNextDue';
import { UnitOfWork } from '../../src/database/unit-of-work';
import { Deadline } from '../../src/deadlines/deadline.entity';
import { DeadlineRepository } from '../../src/deadlines/deadline.repository';
import { onPostgres } from '../support/test-database';
import { MediumApp } from './support/medium-app';
import { deadlineRow } from '../support/deadline-rows';

const NO_DUE_DATE = '9999-12-31';
const LIMIT = 2;

/** A case's place in the list by due date, and what the page shows of what falls due next. */
interface Due {
  id: string;
  key: string;
  nextDue: { deadlineId: string; dueOn: CompactDate; rule: string; limit: string } | null;
}

/**
 * What falls due next on each case, worked out in memory from the deadlines as the database holds
 * them now (its earliest open one, soonest due, then by id), and the list by due date that it
 * means for `state`: its cases on either side, soonest first, those with none open last.
 */
async function meant(m: MediumApp, state: StateCode): Promise<Due[]> {
  const cases = await m.dataSource.getRepository(SupervisionCase).find();
  const deadlines = await m.dataSource.getRepository(Deadline).find();
  return cases
    .filter((c) => c.sendingState === state || (c.receivingState === state && c.transmittedAt !== null))
    .map((c): Due => {
      const [next] = deadlines
        .filter((d) => d.caseId === c.id && d.status === 'open')
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id));
      return {
        id: c.id,
        key: next?.dueOn ?? NO_DUE_DATE,
        nextDue: next ? { deadlineId: next.id, dueOn: next.dueOn, rule: next.rule, limit: next.limit } : null,
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key) || a.id.localeCompare(b.id));
}

const shown = (items: readonly CaseListItemView[]): Due[] => items.map((i) => ({ id: i.id, key: i.nextDue?.dueOn ?? NO_DUE_DATE, nextDue: i.nextDue }));

/**
 * The list by due date reads what each case keeps of its earliest open deadline (kept by the
 * deadlines' triggers, migration CaseNextDue): while deadlines open, end and open again between its
 * pages, through the services that write them, each page is what the deadlines then mean.
 */
describe(`the case list by due date, as deadlines open and end between its pages (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let m: MediumApp;
  let cases: CasesService;
  const drafts: string[] = [];
  const requested: string[] = [];
  const active: string[] = [];

  const step = async (id: string, username: string, type: CaseEventType, fields: Record<string, unknown> = {}) =>
    cases.applyEvent(id, { type, ...fields } as Parameters<CasesService['applyEvent']>[1], await m.actor(username), null);

  beforeAll(async () => {
    m = await MediumApp.start();
    cases = m.get(CasesService);
    m.time.to('2026-11-02T15:00:00Z');
    const open = async (name: string, from: StateCode, to: StateCode) =>
      (await cases.open({ offenderName: name, sendingState: from, receivingState: to }, await m.actor(`${from.toLowerCase()}.field_officer`), null)).id;
    // A day apart, so that their transfer replies fall due on days of their own; two on one day, so that they tie.
    for (let i = 0; i < 6; i++) {
      m.time.to(`2026-11-${String(3 + Math.floor(i * 0.8)).padStart(2, '0')}T15:00:00Z`);
      const id = await open(`Requested ${i}`, 'OH', 'TX');
      await step(id, 'oh.compact_office', 'SUBMIT_TRANSFER_REQUEST');
      requested.push(id);
    }
    // Received by Ohio: their replies are Ohio's to give.
    for (let i = 0; i < 2; i++) {
      m.time.to(`2026-11-${10 + i}T15:00:00Z`);
      const id = await open(`Received ${i}`, 'TX', 'OH');
      await step(id, 'tx.compact_office', 'SUBMIT_TRANSFER_REQUEST');
    }
    for (let i = 0; i < 2; i++) {
      const id = await open(`Active ${i}`, 'OH', 'TX');
      await step(id, 'oh.compact_office', 'SUBMIT_TRANSFER_REQUEST');
      await step(id, 'tx.compact_office', 'ACCEPT_TRANSFER');
      await step(id, 'oh.field_officer', 'NOTICE_OF_DEPARTURE');
      await step(id, 'tx.field_officer', 'NOTICE_OF_ARRIVAL');
      active.push(id);
    }
    for (let i = 0; i < 7; i++) drafts.push(await open(`Draft ${i}`, 'OH', 'TX'));
    // Texas's own, which Ohio never sees.
    await open('Texan', 'TX', 'CA');
    m.time.to('2026-11-20T15:00:00Z');
  });
  afterAll(() => m.close());

  it('shows every page as the deadlines mean at the time it is asked for', async () => {
    const activities = m.get(ActivitiesService);
    const office: Actor = await m.actor('oh.compact_office');
    let report = '';
    const writes: Array<[what: string, write: () => Promise<unknown>]> = [
      ['a draft is sent: its transfer reply opens', () => step(drafts[0], 'oh.compact_office', 'SUBMIT_TRANSFER_REQUEST')],
      ['a transfer is accepted: its reply is met, the limit to depart opens', () => step(requested[4], 'tx.compact_office', 'ACCEPT_TRANSFER')],
      ['a request is withdrawn: its reply is cancelled, nothing is open', () => step(requested[5], 'oh.compact_office', 'WITHDRAW', { reason: 'Stays home.' })],
      [
        'a progress report is asked for on an active case',
        async () => {
          const started = await activities.start(
            active[0],
            { kind: 'progress_report', message: 'Quarterly report, please.' },
            await m.actor('oh.field_officer'),
            null,
          );
          report = started.id;
        },
      ],
      ['the person departs: the limit to depart is met, the one to report opens', () => step(requested[4], 'oh.field_officer', 'NOTICE_OF_DEPARTURE')],
      [
        'the progress report is sent: nothing is open on its case',
        async () =>
          activities.move(
            report,
            { type: 'SUBMIT_REPORT', summary: 'Reports monthly.', complianceStatus: 'compliant' },
            await m.actor('tx.field_officer'),
            null,
          ),
      ],
      [
        'another progress report is asked for on that case: a deadline is open on it again',
        () => activities.start(active[0], { kind: 'progress_report', message: 'And another, please.' }, office, null),
      ],
      ['another draft is sent', () => step(drafts[1], 'oh.compact_office', 'SUBMIT_TRANSFER_REQUEST')],
    ];
    let after: Due | null = null;
    let written = 0;
    let pages = 0;
    for (let cursor: string | undefined; pages === 0 || cursor; pages++) {
      const page = await cases.list({ sort: 'due', cursor, limit: LIMIT }, office);
      const now = await meant(m, 'OH');
      const last = after;
      const rest = last ? now.filter((d) => d.key > last.key || (d.key === last.key && d.id > last.id)) : now;
      expect({ after: written ? writes[written - 1][0] : null, page: shown(page.items) }).toEqual({
        after: written ? writes[written - 1][0] : null,
        page: rest.slice(0, LIMIT),
      });
      expect(page.nextCursor !== null).toBe(rest.length > LIMIT);
      after = shown(page.items).at(-1) ?? null;
      cursor = page.nextCursor ?? undefined;
      if (written < writes.length) await writes[written++][1]();
    }
    expect(written).toBe(writes.length);
    expect(pages).toBeGreaterThan(writes.length);
    // Each kind of write moved something: a case opened, ended and opened again is in its place.
    const final = await meant(m, 'OH');
    expect(final.find((d) => d.id === requested[5])?.nextDue).toBeNull();
    expect(final.find((d) => d.id === active[0])?.nextDue?.limit).toBe('PR');
    expect(final.find((d) => d.id === drafts[0])?.nextDue?.limit).toBe('TREP');
  });

  it.each([undefined, 'sending', 'receiving'] as const)('walks side=%s, of each status, as the deadlines mean', async (side) => {
    const office = await m.actor('oh.compact_office');
    const all = await meant(m, 'OH');
    const byId = new Map((await m.dataSource.getRepository(SupervisionCase).find()).map((c) => [c.id, c]));
    for (const status of [undefined, 'draft', 'transfer_requested', 'accepted', 'departed', 'active', 'withdrawn'] as const) {
      const expected = all.filter((d) => {
        const c = byId.get(d.id)!;
        const onSide = side === 'sending' ? c.sendingState === 'OH' : side === 'receiving' ? c.receivingState === 'OH' : true;
        return onSide && (!status || c.status === status);
      });
      const items: CaseListItemView[] = [];
      let cursor: string | undefined;
      do {
        const page = await cases.list({ sort: 'due', side, status, cursor, limit: LIMIT }, office);
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect({ side, status, items: shown(items) }).toEqual({ side, status, items: expected });
    }
  });
});

/**
 * Each write the triggers follow, by the app's own statements or by hand: a case's stored next due
 * date and deadline are its earliest open deadline's after every one.
 */
describe(`what falls due next on a case, kept by the deadlines' triggers (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let m: MediumApp;
  let caseId: string;
  let otherId: string;
  // Ids in the order they sort, so that ties on the due date are broken by them knowingly.
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

  beforeAll(async () => {
    m = await MediumApp.start();
    m.time.to('2026-11-02T15:00:00Z');
    const officer = await m.actor('oh.field_officer');
    caseId = (await m.get(CasesService).open({ offenderName: 'Kept Case', sendingState: 'OH', receivingState: 'TX' }, officer, null)).id;
    otherId = (await m.get(CasesService).open({ offenderName: 'Other Case', sendingState: 'OH', receivingState: 'TX' }, officer, null)).id;
  });
  afterAll(() => m.close());

  const stored = async (c: string) => {
    const [row] = await m.query<Array<{ next_due_on: string; next_due_id: string | null }>>('SELECT next_due_on, next_due_id FROM cases WHERE id = ?', [c]);
    return [row.next_due_on, row.next_due_id];
  };
  const deadline = (n: number, c: string, dueOn: CompactDate, status: DeadlineStatus = 'open'): Deadline =>
    deadlineRow({ id: id(n), caseId: c, dueOn, status });
  const insert = (...rows: Deadline[]) => m.get(UnitOfWork).run((tx) => m.get(DeadlineRepository).insert(tx, rows));
  const end = (n: number) =>
    m
      .get(UnitOfWork)
      .run((tx) =>
        m.get(DeadlineRepository).end(tx, id(n), { status: 'met', endedAt: new Date('2026-11-03T15:00:00Z'), endedBy: 'ACCEPT_TRANSFER', onTime: true }),
      );

  it('keeps every path in step: insert, end, a due date moved, a deadline moved to another case, re-opened, deleted', async () => {
    expect(await stored(caseId)).toEqual([NO_DUE_DATE, null]);
    await insert(deadline(20, caseId, '2026-12-20'));
    expect(await stored(caseId)).toEqual(['2026-12-20', id(20)]);
    // A later one, opened and ended, changes nothing.
    await insert(deadline(25, caseId, '2026-12-28'));
    expect(await stored(caseId)).toEqual(['2026-12-20', id(20)]);
    await end(25);
    expect(await stored(caseId)).toEqual(['2026-12-20', id(20)]);
    // A sooner one; then one already met, sooner still, which is not open and so not due.
    await insert(deadline(10, caseId, '2026-12-10'));
    expect(await stored(caseId)).toEqual(['2026-12-10', id(10)]);
    await insert(deadline(1, caseId, '2026-12-01', 'met'));
    expect(await stored(caseId)).toEqual(['2026-12-10', id(10)]);
    // Due the same day, with a lower id: it comes first.
    await insert(deadline(5, caseId, '2026-12-10'));
    expect(await stored(caseId)).toEqual(['2026-12-10', id(5)]);
    // Ended by the step writer's own statement: the next one takes its place.
    await end(5);
    expect(await stored(caseId)).toEqual(['2026-12-10', id(10)]);
    // Written by hand, not by the app: a due date moved sooner, then later.
    await m.query('UPDATE deadlines SET due_on = ? WHERE id = ?', ['2026-12-05', id(20)]);
    expect(await stored(caseId)).toEqual(['2026-12-05', id(20)]);
    await m.query('UPDATE deadlines SET due_on = ? WHERE id = ?', ['2026-12-25', id(20)]);
    expect(await stored(caseId)).toEqual(['2026-12-10', id(10)]);
    // Moved to another case: both cases follow.
    await m.query('UPDATE deadlines SET case_id = ? WHERE id = ?', [otherId, id(10)]);
    expect([await stored(caseId), await stored(otherId)]).toEqual([
      ['2026-12-25', id(20)],
      ['2026-12-10', id(10)],
    ]);
    // An ended one opened again.
    await m.query("UPDATE deadlines SET status = 'open' WHERE id = ?", [id(1)]);
    expect(await stored(caseId)).toEqual(['2026-12-01', id(1)]);
    // A change that leaves the case's earliest open deadline as it was (another column, a deadline not open) changes nothing.
    await m.query("UPDATE deadlines SET due_on = ?, rule = 'x' WHERE id = ?", ['2026-12-03', id(5)]);
    expect(await stored(caseId)).toEqual(['2026-12-01', id(1)]);
    // Deleted: another one, which changes nothing; then the next one, and none is left open.
    await m.query('DELETE FROM deadlines WHERE id = ?', [id(20)]);
    expect(await stored(caseId)).toEqual(['2026-12-01', id(1)]);
    await m.query('DELETE FROM deadlines WHERE id = ?', [id(1)]);
    expect(await stored(caseId)).toEqual([NO_DUE_DATE, null]);
  });

  it('keeps it in step through statements that write several deadlines at once', async () => {
    await m.dataSource
      .getRepository(Deadline)
      .insert([deadline(50, caseId, '2026-12-15'), deadline(51, caseId, '2026-12-12'), deadline(52, caseId, '2026-12-18')]);
    expect(await stored(caseId)).toEqual(['2026-12-12', id(51)]);
    // The next one ended and a later one moved sooner than all, in one statement.
    await m.query(
      "UPDATE deadlines SET status = CASE WHEN id = ? THEN 'met' ELSE status END, due_on = CASE WHEN id = ? THEN '2026-12-11' ELSE due_on END WHERE id IN (?, ?)",
      [id(51), id(52), id(51), id(52)],
    );
    expect(await stored(caseId)).toEqual(['2026-12-11', id(52)]);
    await m.query("UPDATE deadlines SET status = 'cancelled' WHERE case_id = ? AND status = 'open'", [caseId]);
    expect(await stored(caseId)).toEqual([NO_DUE_DATE, null]);
  });

  it('lists a case with no open deadline after those with one, and a write of the case itself leaves its next due date alone', async () => {
    await m.get(CasesService).applyEvent(otherId, { type: 'SUBMIT_TRANSFER_REQUEST' }, await m.actor('oh.compact_office'), null);
    // Its transfer reply opened beside the deadline moved to it; the sooner stays next, through the case's own write.
    expect(await stored(otherId)).toEqual(['2026-12-10', id(10)]);
    const page = await m.get(CasesService).list({ sort: 'due', limit: 10 }, await m.actor('oh.compact_office'));
    expect(page.items.map((i) => [i.id, i.nextDue?.deadlineId ?? null])).toEqual([
      [otherId, id(10)],
      [caseId, null],
    ]);
  });

  it('is taken off by the migration going down, and backfilled from the open deadlines when it comes back up', async () => {
    const migration = onPostgres ? new PostgresCaseNextDue() : new SqliteCaseNextDue();
    await insert(deadline(30, caseId, '2026-12-30'), deadline(31, caseId, '2026-12-31', 'cancelled'));
    const before = [await stored(caseId), await stored(otherId)];
    expect(before).toEqual([
      ['2026-12-30', id(30)],
      ['2026-12-10', id(10)],
    ]);
    const runner = m.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      const columns = (await runner.getTable('cases'))!.columns.map((c) => c.name);
      expect(columns).not.toContain('next_due_on');
      // No trigger is left to write into the columns gone.
      await insert(deadline(40, caseId, '2026-11-30'));
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect([await stored(caseId), await stored(otherId)]).toEqual([
      ['2026-11-30', id(40)],
      ['2026-12-10', id(10)],
    ]);
    // And the triggers are back.
    await end(40);
    expect(await stored(caseId)).toEqual(['2026-12-30', id(30)]);
  });
});
