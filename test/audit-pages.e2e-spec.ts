import { randomUUID } from 'node:crypto';
import { AuditEntry, type AuditOutcome } from '../src/audit/audit-entry.entity';
import type { AuditFilter } from '../src/audit/audit-filter';
import { AUDIT_HASH_FORMAT, auditHash } from '../src/audit/audit-hash';
import { AuditReader } from '../src/audit/audit-reader.service';
import { TestApp } from './support/test-app';

const PAIRS: Array<[string, string | null]> = [
  ['OH', 'TX'],
  ['TX', 'OH'],
  ['TX', 'CA'],
  ['OH', null],
  ['CA', 'NV'],
  ['TX', null],
];
const ACTIONS = ['OPEN_CASE', 'SUBMIT_TRANSFER_REQUEST', 'ACCEPT_TRANSFER', 'REJECT_CLOSURE', 'SIGN_IN', 'REOPEN'];
const ACTORS = ['oh.field_officer', 'tx.field_officer', 'tx.compact_office', 'ca.field_officer', null];
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/**
 * A varied history appended straight into the table (hashes valid and linked, the head moved), with
 * the clock stepping back an hour after the first 700 entries, as an NTP step or a second instance
 * with a slow clock would: seq order and time order then disagree.
 */
async function appendVariedHistory(t: TestApp, count: number, firstTime = T0): Promise<AuditEntry[]> {
  const [head] = await t.query('SELECT last_seq, last_hash FROM audit_chain_head WHERE id = 1');
  let seq = Number(head.last_seq);
  let prevHash: string = head.last_hash;
  const cases = PAIRS.map(() => [randomUUID(), randomUUID(), randomUUID()]);
  const entries: AuditEntry[] = [];
  for (let i = 0; i < count; i++) {
    const pair = (i * 7) % PAIRS.length;
    const actor = ACTORS[(i * 3) % ACTORS.length];
    const outcome: AuditOutcome = i % 13 === 5 ? 'denied' : i % 29 === 3 ? 'error' : 'allowed';
    const e = Object.assign(new AuditEntry(), {
      seq: ++seq,
      // Ten seconds apart, but an hour back from the 700th on.
      occurredAt: new Date(firstTime + i * 10_000 - (i >= 700 ? 3_600_000 : 0)),
      actorId: null,
      actorUsername: actor,
      actorRole: actor ? 'field_officer' : null,
      actorState: actor ? actor.slice(0, 2).toUpperCase() : null,
      action: ACTIONS[(i * 5 + (i >> 4)) % ACTIONS.length],
      entityType: 'case',
      entityId: null,
      caseId: PAIRS[pair][1] ? cases[pair][i % 3] : null,
      primaryState: PAIRS[pair][0],
      secondaryState: PAIRS[pair][1],
      fromState: null,
      toState: null,
      outcome,
      reason: null,
      requestId: null,
      clientAddress: null,
      hashFormat: AUDIT_HASH_FORMAT,
      prevHash,
    });
    e.hash = auditHash(e);
    prevHash = e.hash;
    entries.push(e);
  }
  const repository = t.dataSource.getRepository(AuditEntry);
  for (let i = 0; i < entries.length; i += 200) await repository.insert(entries.slice(i, i + 200));
  await t.query('UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1', [seq, prevHash]);
  return entries;
}

/** What a page must hold, worked out in memory from every entry: the meaning of the filter. */
function expected(all: AuditEntry[], f: AuditFilter, state: string, after = 0): number[] {
  return all
    .filter((e) => e.seq > after && (e.primaryState === state || e.secondaryState === state))
    .filter((e) => !f.caseId || e.caseId === f.caseId)
    .filter((e) => !f.actor || e.actorUsername === f.actor.toLowerCase())
    .filter((e) => !f.action || e.action === f.action)
    .filter((e) => !f.outcome || e.outcome === f.outcome)
    .filter((e) => !f.from || e.occurredAt.getTime() >= f.from.getTime())
    .filter((e) => !f.to || e.occurredAt.getTime() < f.to.getTime())
    .map((e) => e.seq);
}

describe('filtered pages of the history', () => {
  let t: TestApp;
  let reader: AuditReader;
  let all: AuditEntry[];
  let added: AuditEntry[];

  /** Every page from `after` on, by cursor, checked for size and cursor as it goes. */
  async function pageThrough(f: AuditFilter, state: string, limit: number, after = 0): Promise<number[]> {
    const seen: number[] = [];
    for (let cursor: number | null = after; cursor !== null;) {
      const page = await reader.page(f, state, limit, cursor);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      if (page.nextCursor !== null) {
        expect(page.items).toHaveLength(limit);
        expect(page.nextCursor).toBe(page.items[page.items.length - 1].seq);
      }
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor;
    }
    return seen;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    reader = t.app.get(AuditReader);
    added = await appendVariedHistory(t, 1500);
    all = await t.auditEntries();
  });
  afterAll(() => t.close());

  const at = (i: number) => added[i].occurredAt;

  it('finds, page by page, exactly the entries each filter means, for every state', async () => {
    const ohTxCase = added.find((e) => e.primaryState === 'OH' && e.secondaryState === 'TX')!.caseId!;
    const txCaCase = added.find((e) => e.primaryState === 'TX' && e.secondaryState === 'CA')!.caseId!;
    const filters: AuditFilter[] = [
      {},
      { caseId: ohTxCase },
      // A case of Texas and California: none of it is Ohio's, however many entries it has.
      { caseId: txCaCase },
      { caseId: ohTxCase, outcome: 'denied' },
      { actor: 'TX.Field_Officer' },
      { actor: 'tx.compact_office', action: 'REOPEN' },
      { actor: 'nobody.at.all' },
      { action: 'REJECT_CLOSURE' },
      { action: 'NO_SUCH_ACTION' },
      { outcome: 'denied' },
      { outcome: 'error' },
      { outcome: 'allowed' },
      { action: 'SIGN_IN', outcome: 'denied' },
      { from: at(100), to: at(160) },
      { from: at(650) },
      { to: at(40) },
      { from: at(300), to: at(300) },
      { from: at(690), to: new Date(at(690).getTime() + 600_000), action: 'OPEN_CASE' },
      { caseId: ohTxCase, from: at(200), to: at(900) },
      { outcome: 'denied', from: at(10), to: at(1200) },
    ];
    for (const state of ['OH', 'TX', 'CA', 'NV', 'NY']) {
      for (const f of filters) {
        const want = expected(all, f, state);
        for (const limit of [7, 1000]) expect({ state, f, limit, seqs: await pageThrough(f, state, limit) }).toEqual({ state, f, limit, seqs: want });
      }
    }
  });

  it('continues from any cursor under each kind of filter', async () => {
    const cursors = [0, added[0].seq - 1, added[333].seq, added[700].seq, added[1499].seq, added[1499].seq + 10];
    const filters: AuditFilter[] = [{}, { actor: 'oh.field_officer' }, { action: 'SIGN_IN' }, { outcome: 'denied' }, { from: at(500), to: at(900) }];
    for (const f of filters) {
      for (const after of cursors) expect({ f, after, seqs: await pageThrough(f, 'OH', 25, after) }).toEqual({ f, after, seqs: expected(all, f, 'OH', after) });
    }
  });

  it('keeps time bounds exact at the edges of a page: from inclusive, to exclusive', async () => {
    const ohio = added.filter((e) => e.primaryState === 'OH' || e.secondaryState === 'OH');
    const [a, b] = [ohio[20], ohio[45]];
    const page = await reader.page({ from: a.occurredAt, to: b.occurredAt }, 'OH', 25);
    expect(page.items[0].seq).toBe(a.seq);
    expect(page.items.map((e) => e.seq)).not.toContain(b.seq);
    expect(page.items.map((e) => e.seq)).toEqual(expected(all, { from: a.occurredAt, to: b.occurredAt }, 'OH').slice(0, 25));
  });

  it('finds every entry of a time window although the clock stepped back, also entries appended later', async () => {
    // The ten minutes before the step back were stamped again by the 1000th to 1059th entries.
    const window = { from: at(640), to: new Date(at(640).getTime() + 600_000) };
    const both = expected(all, window, 'OH');
    expect(both.some((seq) => seq >= added[700].seq)).toBe(true);
    expect(both.some((seq) => seq < added[700].seq)).toBe(true);
    expect(await pageThrough(window, 'OH', 10)).toEqual(both);
    // Later entries stamped inside that window (a slower clock still) are found on the next read.
    const late = await appendVariedHistory(t, 30, at(650).getTime());
    all = await t.auditEntries();
    const now = expected(all, window, 'OH');
    expect(now.length).toBeGreaterThan(both.length);
    expect(now.some((seq) => seq >= late[0].seq)).toBe(true);
    expect(await pageThrough(window, 'OH', 10)).toEqual(now);
  });

  it('exports exactly the entries the pages hold, under each kind of filter, field for field', async () => {
    const ohTxCase = added.find((e) => e.primaryState === 'OH' && e.secondaryState === 'TX')!.caseId!;
    const filters: AuditFilter[] = [
      {},
      { caseId: ohTxCase },
      { actor: 'tx.field_officer' },
      { action: 'REJECT_CLOSURE' },
      { outcome: 'denied' },
      { from: at(100), to: at(900) },
      { caseId: ohTxCase, from: at(200), to: at(900) },
      { action: 'NO_SUCH_ACTION' },
    ];
    const bySeq = new Map(all.map((e) => [e.seq, e]));
    for (const f of filters) {
      const exported: AuditEntry[] = [];
      for await (const entry of reader.stream(f, 'OH')) exported.push(entry);
      const want = expected(all, f, 'OH');
      expect({ f, seqs: exported.map((e) => e.seq) }).toEqual({ f, seqs: want });
      for (const entry of exported) expect({ ...entry }).toEqual({ ...bySeq.get(entry.seq)! });
    }
  });

  it('answers the same through HTTP, a case of other states being empty for Ohio', async () => {
    const auditor = await t.as('oh.auditor');
    const txCaCase = added.find((e) => e.primaryState === 'TX' && e.secondaryState === 'CA')!.caseId!;
    const none = await auditor.get(`/audit?caseId=${txCaCase}`).expect(200);
    expect(none.body).toEqual({ items: [], nextCursor: null });
    const first = await auditor.get('/audit?action=SIGN_IN&outcome=denied&limit=3').expect(200);
    const want = expected(all, { action: 'SIGN_IN', outcome: 'denied' }, 'OH');
    expect(first.body.items.map((e: { seq: number }) => e.seq)).toEqual(want.slice(0, 3));
    expect(first.body.nextCursor).toBe(want[2]);
    const next = await auditor.get(`/audit?action=SIGN_IN&outcome=denied&limit=3&cursor=${first.body.nextCursor}`).expect(200);
    expect(next.body.items.map((e: { seq: number }) => e.seq)).toEqual(want.slice(3, 6));
    const entry = next.body.items[0];
    const stored = all.find((e) => e.seq === entry.seq)!;
    expect(entry).toMatchObject({ seq: stored.seq, occurredAt: stored.occurredAt.toISOString(), action: 'SIGN_IN', outcome: 'denied', hash: stored.hash });
  });
});
