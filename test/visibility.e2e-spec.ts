import type { Response } from 'supertest';
import type { CaseStatus } from '../machines';
import type { Role } from '../machines/roles';
import { SupervisionCase } from '../src/cases/case.entity';
import { TestApp } from './support/test-app';

/**
 * Who sees which case (README, "The lifecycle"): a user sees only the cases in which their state
 * is the sending state, or the receiving state once the transfer request was sent (no draft); for
 * anyone else such a case does not exist.
 */

type StateCode = 'OH' | 'TX' | 'CA';
const STATES: readonly StateCode[] = ['OH', 'TX', 'CA'];
const ROLES: readonly Role[] = ['field_officer', 'supervisor', 'compact_office', 'state_admin', 'auditor'];
const WORKERS: readonly Role[] = ['field_officer', 'supervisor', 'compact_office'];
const NOT_FOUND = 'No case with this id exists among the cases of your state.';
const UNKNOWN_ID = '7d4a2b9e-1c3f-4e5a-8b6d-0f1e2d3c4b5a';

const userOf = (state: StateCode, role: Role) => `${state.toLowerCase()}.${role}`;

interface Known {
  id: string;
  sendingState: StateCode;
  receivingState: StateCode;
  status: CaseStatus;
  createdAt: string;
  updatedAt: string;
}

/** Every case seeded here past the draft was sent to its receiving state. */
const sent = (c: Known) => c.status !== 'draft';

interface Item {
  id: string;
  sendingState: string;
  receivingState: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

/** The list's own order: the last changed first; cases changed in the same millisecond by id, descending. */
const newestFirst = (a: { updatedAt: string; id: string }, b: { updatedAt: string; id: string }) =>
  Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describe('who sees which case, across states', () => {
  let t: TestApp;
  /** Every case this file creates, so that each listing can be predicted exactly. */
  const known: Known[] = [];
  const visibleTo = (state: StateCode) => known.filter((c) => c.sendingState === state || (c.receivingState === state && sent(c)));
  const ids = (cases: Array<{ id: string }>) => cases.map((c) => c.id).sort();
  const byPair = (s: StateCode, r: StateCode) => known.find((c) => c.sendingState === s && c.receivingState === r)!;

  async function seed(sendingState: StateCode, receivingState: StateCode, status: 'draft' | 'transfer_requested' | 'accepted' | 'active') {
    const sender = (role: Role) => t.actor(userOf(sendingState, role));
    const receiver = (role: Role) => t.actor(userOf(receivingState, role));
    const opened = await t.cases.open(
      { offenderName: `Seeded ${sendingState}->${receivingState}`, sendingState, receivingState },
      sender('field_officer'),
      null,
    );
    const steps: Array<
      [() => ReturnType<typeof sender>, { type: 'SUBMIT_TRANSFER_REQUEST' | 'ACCEPT_TRANSFER' | 'NOTICE_OF_DEPARTURE' | 'NOTICE_OF_ARRIVAL' }]
    > = [
      // The sending compact office submits it itself, so it goes straight to the receiving state.
      [() => sender('compact_office'), { type: 'SUBMIT_TRANSFER_REQUEST' }],
      [() => receiver('compact_office'), { type: 'ACCEPT_TRANSFER' }],
      [() => sender('supervisor'), { type: 'NOTICE_OF_DEPARTURE' }],
      [() => receiver('field_officer'), { type: 'NOTICE_OF_ARRIVAL' }],
    ];
    const count = { draft: 0, transfer_requested: 1, accepted: 2, active: 4 }[status];
    let { updatedAt } = opened;
    for (const [who, event] of steps.slice(0, count)) updatedAt = (await t.cases.applyEvent(opened.id, event, who(), null)).updatedAt;
    known.push({ id: opened.id, sendingState, receivingState, status, createdAt: opened.createdAt, updatedAt });
  }

  beforeAll(async () => {
    t = await TestApp.start();
    await seed('TX', 'CA', 'transfer_requested');
    await seed('OH', 'TX', 'draft');
    await seed('OH', 'TX', 'transfer_requested');
    await seed('OH', 'TX', 'active');
    await seed('TX', 'OH', 'draft');
    await seed('CA', 'TX', 'accepted');
    await seed('CA', 'TX', 'draft');
    await seed('OH', 'TX', 'draft');
    await seed('TX', 'CA', 'draft');
    await seed('TX', 'OH', 'transfer_requested');
    await seed('TX', 'CA', 'transfer_requested');
    // Three cases opened and changed in the same millisecond, all Texas's: the order and the cursor must break
    // the tie by id, and with pages of two the tie straddles a page boundary.
    const sameInstant = new Date(Date.parse(known[known.length - 1].updatedAt) + 1000);
    for (const c of known.slice(-3)) {
      await t.dataSource.getRepository(SupervisionCase).update({ id: c.id }, { createdAt: sameInstant, updatedAt: sameInstant });
      c.createdAt = c.updatedAt = sameInstant.toISOString();
    }
  }, 60_000);
  afterAll(() => t.close());

  async function list(username: string, query: Record<string, string | number> = {}): Promise<Response> {
    return (await t.as(username)).get('/cases').query(query);
  }

  describe("GET /cases lists the cases where the user's state is sending or receiving", () => {
    it('the seed has every pair of the brief, and cases opened in the same millisecond', async () => {
      const res = await list('tx.auditor', { limit: 200 });
      const last = known[known.length - 1].createdAt;
      expect((res.body.items as Item[]).filter((c) => c.createdAt === last)).toHaveLength(3);
      for (const [s, r] of [
        ['OH', 'TX'],
        ['TX', 'OH'],
        ['CA', 'TX'],
        ['TX', 'CA'],
      ] as const)
        expect(byPair(s, r)).toBeDefined();
      expect(known.some((c) => c.sendingState === 'OH' && c.receivingState === 'CA')).toBe(false);
    });

    test.each(STATES.flatMap((state) => ROLES.map((role) => ({ state, role, user: userOf(state, role) }))))(
      '$user sees exactly the cases of $state',
      async ({ state, user }) => {
        const res = await list(user, { limit: 200 });
        expect(res.status).toBe(200);
        expect(res.body.nextCursor).toBeNull();
        const items: Item[] = res.body.items;
        expect(ids(items)).toEqual(ids(visibleTo(state)));
        for (const item of items) expect([item.sendingState, item.receivingState]).toContain(state);
      },
    );

    it('Ohio sees OH->TX and TX->OH only; Texas all four pairs; California only CA->TX and TX->CA', async () => {
      const pairs = async (user: string) =>
        [...new Set(((await list(user, { limit: 200 })).body.items as Item[]).map((c) => `${c.sendingState}->${c.receivingState}`))].sort();
      expect(await pairs('oh.field_officer')).toEqual(['OH->TX', 'TX->OH']);
      expect(await pairs('tx.auditor')).toEqual(['CA->TX', 'OH->TX', 'TX->CA', 'TX->OH']);
      expect(await pairs('ca.compact_office')).toEqual(['CA->TX', 'TX->CA']);
    });

    it.each([
      ['oh.supervisor', 'OH', 'sending'],
      ['oh.supervisor', 'OH', 'receiving'],
      ['tx.compact_office', 'TX', 'sending'],
      ['tx.compact_office', 'TX', 'receiving'],
      ['ca.auditor', 'CA', 'sending'],
      ['ca.auditor', 'CA', 'receiving'],
    ] as const)('%s (of %s) with side=%s lists only the cases where its state is that side', async (user, state, side) => {
      const res = await list(user, { side, limit: 200 });
      expect(res.status).toBe(200);
      const expected = known.filter((c) => (side === 'sending' ? c.sendingState === state : c.receivingState === state && sent(c)));
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(res.body.items)).toEqual(ids(expected));
    });

    it.each([
      ['tx.field_officer', 'TX', 'draft'],
      ['tx.field_officer', 'TX', 'transfer_requested'],
      ['tx.field_officer', 'TX', 'accepted'],
      ['oh.auditor', 'OH', 'draft'],
      ['oh.auditor', 'OH', 'active'],
      ['ca.supervisor', 'CA', 'accepted'],
    ] as const)("%s (of %s) with status=%s lists only its state's cases in that status", async (user, state, status) => {
      const res = await list(user, { status, limit: 200 });
      expect(res.status).toBe(200);
      const expected = visibleTo(state).filter((c) => c.status === status);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(res.body.items)).toEqual(ids(expected));
      for (const item of res.body.items as Item[]) expect(item.status).toBe(status);
    });

    it('limit=ten says that limit must be a whole number (not that it is too large)', async () => {
      const res = await list('oh.field_officer', { limit: 'ten' });
      expect(res.status).toBe(400);
      const problems = (res.body.fields as Array<{ field: string; problems: string[] }>).find((f) => f.field === 'limit')!.problems.join(' ');
      expect(problems).toMatch(/integer|number/);
      expect(problems).not.toMatch(/greater than 200/);
    });

    it('combines status and side, and answers an empty page when nothing matches', async () => {
      const res = await list('tx.supervisor', { status: 'transfer_requested', side: 'receiving' });
      expect(res.status).toBe(200);
      const expected = known.filter((c) => c.receivingState === 'TX' && c.status === 'transfer_requested');
      expect(expected.length).toBeGreaterThan(0);
      expect(ids(res.body.items)).toEqual(ids(expected));
      const none = await list('ca.field_officer', { status: 'closed' });
      expect(none.status).toBe(200);
      expect(none.body).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      [{ status: 'open' }, 'status'],
      [{ side: 'both' }, 'side'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 201 }, 'limit'],
      [{ limit: -1 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: 2.5 }, 'limit'],
      [{ cursor: 'x'.repeat(201) }, 'cursor'],
      [{ owner: 'me' }, 'owner'],
    ])('GET /cases?%j -> 400 naming %s', async (query, field) => {
      const res = await list('oh.field_officer', query as Record<string, string | number>);
      expect(res.status).toBe(400);
      expect(res.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    });
  });

  describe('keyset pagination', () => {
    async function walk(user: string, query: Record<string, string | number>) {
      const pages: Item[][] = [];
      let cursor: string | null = null;
      do {
        const res = await list(user, cursor ? { ...query, cursor } : query);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(Number(query.limit));
        pages.push(res.body.items);
        cursor = res.body.nextCursor;
        if (cursor !== null) expect(typeof cursor).toBe('string');
        if (pages.length > 50) throw new Error('pagination does not end');
      } while (cursor !== null);
      return pages;
    }

    it.each([
      ['tx.compact_office', 'TX'],
      ['oh.field_officer', 'OH'],
      ['ca.auditor', 'CA'],
    ] as const)('%s walks all pages with limit=2: every case once, newest first, nextCursor null at the end', async (user, state) => {
      const pages = await walk(user, { limit: 2 });
      const all = pages.flat();
      const expected = [...visibleTo(state)].sort(newestFirst);
      expect(expected.length).toBeGreaterThan(2);
      expect(pages).toHaveLength(Math.ceil(expected.length / 2));
      for (const page of pages.slice(0, -1)) expect(page).toHaveLength(2);
      expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
      expect(all.map((c) => c.id)).toEqual(expected.map((c) => c.id));
      for (let i = 1; i < all.length; i++) expect(newestFirst(all[i - 1], all[i])).toBeLessThan(0);
    });

    it('ends with nextCursor null when the last page is exactly full', async () => {
      // California sees four cases: two full pages, and no third, empty one.
      expect(visibleTo('CA')).toHaveLength(4);
      const pages = await walk('ca.field_officer', { limit: 2 });
      expect(pages.map((p) => p.length)).toEqual([2, 2]);
    });

    it('keeps the filters across pages (side=receiving, limit=1)', async () => {
      const pages = await walk('tx.supervisor', { side: 'receiving', limit: 1 });
      const expected = known.filter((c) => c.receivingState === 'TX' && sent(c)).sort(newestFirst);
      expect(expected.length).toBeGreaterThan(1);
      expect(pages.flat().map((c) => c.id)).toEqual(expected.map((c) => c.id));
    });

    it('a cursor of another state gives no case of the other state', async () => {
      const first = await list('tx.auditor', { limit: 1 });
      const cursor = first.body.nextCursor as string;
      const res = await list('ca.auditor', { limit: 200, cursor });
      expect(res.status).toBe(200);
      for (const item of res.body.items as Item[]) expect([item.sendingState, item.receivingState]).toContain('CA');
    });

    it.each([
      ['garbage', 'not base64 of JSON'],
      [Buffer.from('{"createdAt":"2026-01-01T00:00:00.000Z","id":"x"}').toString('base64url'), 'an object, not a position'],
      [Buffer.from('[123,"x"]').toString('base64url'), 'a number for the time'],
      [Buffer.from('["yesterday","x"]').toString('base64url'), 'a time that is no time'],
    ])('a garbage cursor (%s: %s) -> 400', async (cursor) => {
      const res = await list('oh.field_officer', { limit: 2, cursor });
      expect(res.status).toBe(400);
      expect(res.body.statusCode).toBe(400);
      expect(res.body.message).toMatch(/cursor/i);
    });
  });

  describe('a case of another state does not exist for the user (no leak)', () => {
    const routes = [
      { name: 'GET /cases/:id', call: (h: Awaited<ReturnType<TestApp['as']>>, id: string) => h.get(`/cases/${id}`) },
      { name: 'GET /cases/:id/history', call: (h: Awaited<ReturnType<TestApp['as']>>, id: string) => h.get(`/cases/${id}/history`) },
      {
        name: 'POST /cases/:id/events',
        call: (h: Awaited<ReturnType<TestApp['as']>>, id: string) => h.post(`/cases/${id}/events`).send({ type: 'WITHDRAW', reason: 'Curious.' }),
      },
    ];
    const strangers = [
      { user: 'ca.compact_office', pair: ['OH', 'TX'] as const, owner: 'oh.compact_office' },
      { user: 'ca.auditor', pair: ['TX', 'OH'] as const, owner: 'tx.auditor' },
      { user: 'oh.compact_office', pair: ['CA', 'TX'] as const, owner: 'ca.compact_office' },
      { user: 'oh.auditor', pair: ['TX', 'CA'] as const, owner: 'tx.supervisor' },
    ];
    const rows = routes.flatMap((route) => strangers.map((s) => ({ ...s, route, label: `${s.pair[0]}->${s.pair[1]}` })));

    const withoutReference = (body: Record<string, unknown>) => {
      const { reference, ...rest } = body;
      expect(typeof reference).toBe('string');
      return rest;
    };

    test.each(rows)('$route.name of a $label case by $user: 404 like an id that does not exist', async ({ user, pair, owner, route }) => {
      const c = byPair(pair[0], pair[1]);
      const before = await t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id: c.id });
      const stranger = await t.as(user);
      const theirs = await route.call(stranger, c.id);
      const missing = await route.call(stranger, UNKNOWN_ID);
      const malformed = await route.call(stranger, 'not-a-case-id');
      for (const res of [theirs, missing, malformed]) expect(res.status).toBe(404);
      expect(theirs.body.message).toBe(NOT_FOUND);
      expect(withoutReference(theirs.body)).toEqual(withoutReference(missing.body));
      expect(withoutReference(theirs.body)).toEqual(withoutReference(malformed.body));
      if (route.name.startsWith('GET')) {
        // The case is there for its own states.
        expect((await route.call(await t.as(owner), c.id)).status).toBe(200);
      } else {
        // The stranger changed nothing.
        const after = await t.dataSource.getRepository(SupervisionCase).findOneByOrFail({ id: c.id });
        expect({ status: after.status, version: after.version }).toEqual({ status: before.status, version: before.version });
      }
    });

    it.each(['123', 'abc', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g', `${UNKNOWN_ID}x`])(
      'a malformed id (%s) -> 404 with the same message',
      async (id) => {
        const res = await (await t.as('oh.field_officer')).get(`/cases/${encodeURIComponent(id)}`);
        expect(res.status).toBe(404);
        expect(res.body.message).toBe(NOT_FOUND);
      },
    );

    it('the same case is shown to both of its states', async () => {
      const c = byPair('CA', 'TX');
      for (const user of ['ca.field_officer', 'tx.state_admin']) {
        const res = await (await t.as(user)).get(`/cases/${c.id}`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: c.id, sendingState: 'CA', receivingState: 'TX' });
      }
    });
  });

  describe('POST /cases: only case workers of the sending state open a case', () => {
    const body = (sendingState: string, receivingState: string) => ({ offenderName: 'Riley Opened', offenderId: 'X-1', sendingState, receivingState });
    const casesCount = () => t.dataSource.getRepository(SupervisionCase).count();

    async function expectRefused(res: Response, username: string, status: number, before: number) {
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, reference: res.headers['x-request-id'] });
      const entries = await t.auditEntries({ requestId: res.headers['x-request-id'] });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ action: 'OPEN_CASE', actorUsername: username, outcome: 'denied' });
      expect(entries[0].reason).toBeTruthy();
      expect(await casesCount()).toBe(before);
    }

    const other: Record<StateCode, StateCode> = { OH: 'TX', TX: 'CA', CA: 'OH' };

    test.each(STATES.flatMap((state) => WORKERS.map((role) => ({ state, role, user: userOf(state, role), to: other[state] }))))(
      '$user opens a case from $state to $to -> 201',
      async ({ state, user, to }) => {
        const res = await (await t.as(user)).post('/cases').send(body(state, to));
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({ status: 'draft', version: 1, sendingState: state, receivingState: to, offenderName: 'Riley Opened' });
        known.push({ id: res.body.id, sendingState: state, receivingState: to, status: 'draft', createdAt: res.body.createdAt, updatedAt: res.body.updatedAt });
        const entries = await t.auditEntries({ requestId: res.headers['x-request-id'] });
        expect(entries).toHaveLength(1);
        expect(entries[0]).toMatchObject({ action: 'OPEN_CASE', actorUsername: user, outcome: 'allowed', caseId: res.body.id, toState: 'draft' });
        await (await t.as(user)).get(`/cases/${res.body.id}`).expect(200);
      },
    );

    test.each(STATES.flatMap((state) => (['auditor', 'state_admin'] as const).map((role) => ({ state, user: userOf(state, role), to: other[state] }))))(
      '$user (no case worker) opening from $state -> 403',
      async ({ state, user, to }) => {
        const before = await casesCount();
        const res = await (await t.as(user)).post('/cases').send(body(state, to));
        await expectRefused(res, user, 403, before);
      },
    );

    test.each([
      { user: 'oh.field_officer', from: 'TX', to: 'CA' },
      { user: 'oh.compact_office', from: 'TX', to: 'OH' },
      { user: 'tx.supervisor', from: 'CA', to: 'TX' },
      { user: 'ca.compact_office', from: 'OH', to: 'TX' },
    ])('$user opening for another sending state ($from->$to) -> 403', async ({ user, from, to }) => {
      const before = await casesCount();
      const res = await (await t.as(user)).post('/cases').send(body(from, to));
      await expectRefused(res, user, 403, before);
      expect(res.body.message).toContain(from);
    });

    test.each([
      { user: 'oh.field_officer', state: 'OH' },
      { user: 'tx.compact_office', state: 'TX' },
    ])('$user opening $state -> $state (same state) -> 400', async ({ user, state }) => {
      const before = await casesCount();
      const res = await (await t.as(user)).post('/cases').send(body(state, state));
      await expectRefused(res, user, 400, before);
      expect(res.body.message).toMatch(/differ|another state/i);
    });

    it('the cases opened over HTTP, drafts all, are listed to their sending state only', async () => {
      for (const state of STATES) {
        const res = await list(userOf(state, 'auditor'), { limit: 200 });
        expect(ids(res.body.items)).toEqual(ids(visibleTo(state)));
      }
    });
  });
});
