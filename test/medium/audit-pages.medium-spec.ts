import type { AuditEntry } from '../../src/audit/audit-entry.entity';
import type { AuditFilter } from '../../src/audit/audit-filter';
import { AuditReader, auditScopeOf } from '../../src/audit/audit-reader.service';
import { AuditService } from '../../src/audit/audit.service';
import { CasesService } from '../../src/cases/cases.service';
import { MediumApp } from './support/medium-app';

// The auditors' reader on a real history: each filter narrows it, pages follow one another by
// cursor without a gap or an overlap, and a state's auditor reads only the entries of their state.
describe('pages of the audit history (AuditReader on a real database)', () => {
  let m: MediumApp;
  let reader: AuditReader;
  let ohioToTexas: string;
  let everything: AuditEntry[];

  /** Every page of `filter` for `state` (null: all), `limit` at a time, joined. */
  async function allPages(filter: AuditFilter, state: string | null, limit: number): Promise<{ seqs: number[]; pages: number }> {
    const seqs: number[] = [];
    let after = 0;
    for (let pages = 1; ; pages++) {
      const page = await reader.page(filter, state, limit, after);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seqs.push(...page.items.map((e) => e.seq));
      if (page.nextCursor === null) return { seqs, pages };
      expect(page.nextCursor).toBe(page.items[page.items.length - 1].seq);
      after = page.nextCursor;
    }
  }
  const statesOf = (e: AuditEntry) => [e.primaryState, e.secondaryState].filter(Boolean);

  beforeAll(async () => {
    m = await MediumApp.start();
    reader = m.get(AuditReader);
    const cases = m.get(CasesService);
    // Every account first: creating one writes an entry of its own.
    for (const username of [
      'oh.field_officer',
      'oh.compact_office',
      'tx.compact_office',
      'tx.field_officer',
      'tx.auditor',
      'ca.field_officer',
      'national.auditor',
    ]) {
      await m.actor(username);
    }
    const oh = await m.actor('oh.field_officer');
    const sent = await cases.open({ offenderName: 'A. Traveller', sendingState: 'OH', receivingState: 'TX' }, oh, null);
    ohioToTexas = sent.id;
    await cases.applyEvent(sent.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, await m.actor('oh.compact_office'), null);
    await cases.applyEvent(sent.id, { type: 'ACCEPT_TRANSFER' }, await m.actor('tx.compact_office'), null);
    await expect(cases.get(sent.id, await m.actor('ca.field_officer'), null)).rejects.toThrow();
    await expect(cases.applyEvent(sent.id, { type: 'ACCEPT_TRANSFER' }, await m.actor('tx.compact_office'), null)).rejects.toThrow();
    for (let i = 0; i < 4; i++) {
      await cases.open({ offenderName: `Texan ${i}`, sendingState: 'TX', receivingState: 'OH' }, await m.actor('tx.field_officer'), null);
    }
    await cases.open({ offenderName: 'A. Californian', sendingState: 'CA', receivingState: 'OH' }, await m.actor('ca.field_officer'), null);
    // A sign-in under a name nobody has belongs to no state.
    await m.get(AuditService).record({
      actor: { username: 'nobody.known' },
      action: 'LOGIN',
      entityType: 'user',
      entityId: null,
      states: [],
      outcome: 'denied',
      meta: null,
    });
    everything = (await reader.page({}, null, 1000)).items;
    expect(everything.length).toBeGreaterThan(10);
  });
  afterAll(() => m.close());

  it('narrows the history to one case, one actor, one action or one outcome', async () => {
    const ofCase = (await reader.page({ caseId: ohioToTexas }, null, 100)).items;
    expect(ofCase.map((e) => e.action)).toEqual(['OPEN_CASE', 'SUBMIT_TRANSFER_REQUEST', 'ACCEPT_TRANSFER', 'CASE_READ', 'ACCEPT_TRANSFER']);

    const byTexas = (await reader.page({ actor: 'TX.Field_Officer' }, null, 100)).items;
    expect(byTexas).toHaveLength(4);
    expect(byTexas.every((e) => e.actorUsername === 'tx.field_officer' && e.action === 'OPEN_CASE')).toBe(true);

    const accepts = (await reader.page({ action: 'ACCEPT_TRANSFER' }, null, 100)).items;
    expect(accepts.map((e) => e.outcome)).toEqual(['allowed', 'denied']);

    const denied = (await reader.page({ outcome: 'denied' }, null, 100)).items;
    expect(denied.map((e) => `${e.action} ${e.actorUsername}`)).toEqual([
      'CASE_READ ca.field_officer',
      'ACCEPT_TRANSFER tx.compact_office',
      'LOGIN nobody.known',
    ]);
    const deniedOfCase = (await reader.page({ caseId: ohioToTexas, outcome: 'denied', actor: 'ca.field_officer' }, null, 100)).items;
    expect(deniedOfCase.map((e) => e.action)).toEqual(['CASE_READ']);
  });

  it('keeps to a time window: from its start, up to but not including its end', async () => {
    const start = everything.filter((e) => e.caseId !== null)[2];
    const end = new Date(everything[everything.length - 1].occurredAt.getTime() + 1);
    const seqsOf = (keep: (e: AuditEntry) => boolean) => everything.filter(keep).map((e) => e.seq);
    const inWindow = seqsOf((e) => e.occurredAt >= start.occurredAt && e.occurredAt < end);
    expect(inWindow).toContain(start.seq);
    expect((await reader.page({ from: start.occurredAt, to: end }, null, 1000)).items.map((e) => e.seq)).toEqual(inWindow);
    const before = seqsOf((e) => e.occurredAt < start.occurredAt);
    expect(before.length).toBeGreaterThan(0);
    expect(before).not.toContain(start.seq);
    expect((await reader.page({ to: start.occurredAt }, null, 1000)).items.map((e) => e.seq)).toEqual(before);
    const later = new Date(everything[everything.length - 1].occurredAt.getTime() + 60_000);
    expect(await reader.page({ from: later }, null, 1000)).toEqual({ items: [], nextCursor: null });
  });

  it('pages by cursor through every entry once, in order, with or without a filter', async () => {
    const all = await allPages({}, null, 3);
    expect(all.pages).toBeGreaterThan(2);
    expect(all.seqs).toEqual(everything.map((e) => e.seq));
    const texans = await allPages({ actor: 'tx.field_officer' }, null, 3);
    expect(texans.pages).toBe(2);
    expect(texans.seqs).toEqual(everything.filter((e) => e.actorUsername === 'tx.field_officer').map((e) => e.seq));
  });

  it("gives a state's auditor the entries of their state only, and the national auditor every one", async () => {
    const texasAuditor = await m.actor('tx.auditor');
    const scope = auditScopeOf(texasAuditor);
    expect(scope).toBe('TX');
    const texas = await allPages({}, scope, 4);
    const expected = everything.filter((e) => statesOf(e).includes('TX')).map((e) => e.seq);
    expect(expected.length).toBeGreaterThan(0);
    expect(texas.seqs).toEqual(expected);
    // Ohio's draft before it left, California's case and the unknown name are not Texas's.
    const seen = everything.filter((e) => texas.seqs.includes(e.seq));
    expect(seen.some((e) => e.caseId === ohioToTexas && e.action === 'OPEN_CASE')).toBe(false);
    expect(seen.some((e) => e.actorUsername === 'ca.field_officer' && e.action === 'OPEN_CASE')).toBe(false);
    expect(seen.some((e) => e.actorUsername === 'nobody.known')).toBe(false);

    const california = (await reader.page({ caseId: ohioToTexas }, 'CA', 100)).items;
    expect(california).toEqual([]);

    const national = await m.actor('national.auditor');
    expect(auditScopeOf(national)).toBeNull();
    expect((await allPages({}, auditScopeOf(national), 5)).seqs).toEqual(everything.map((e) => e.seq));
    expect(everything.some((e) => statesOf(e).length === 0 && e.actorUsername === 'nobody.known')).toBe(true);
  });
});
