import { runLoad, sendEvent, type SentEvent } from './support/case-load';
import { acceptedTransitions, expectConsistent } from './support/history-checks';
import { reportLoad } from './support/load-stats';
import { signIn, startServer, stopServer, type ServerProcess } from './support/server-process';
import { PASSWORD, TestApp } from './support/test-app';

const CASES = 40;
const STEPS = 7;

/**
 * Two server processes (node dist/src/main.js) on one PostgreSQL database, as behind a load
 * balancer: a few hundred concurrent transitions through both, many racing on the same case, some
 * the same request sent twice at once. Afterwards no update is lost, each case is the replay of its
 * accepted history, and the audit history is one unbroken chain. PostgreSQL only: several instances
 * need it (jest.config.js runs *.pg.e2e-spec.ts on the PostgreSQL run).
 */
describe('two instances on one PostgreSQL database', () => {
  let t: TestApp;
  let servers: ServerProcess[] = [];
  let caseIds: string[];
  let sent: SentEvent[];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    const officer = t.actor('oh.field_officer');
    caseIds = [];
    for (let i = 0; i < CASES; i++) {
      caseIds.push((await t.cases.open({ offenderName: `Load ${i}`, sendingState: 'OH', receivingState: 'TX' }, officer, null)).id);
    }
    await t.release();
    const env = t.serverEnv({ LOG_LEVEL: 'info', IDEMPOTENCY_LEASE_SECONDS: '2', DATABASE_POOL_SIZE: '20' });
    servers = await Promise.all([startServer(env), startServer(env)]);
    for (const username of ['oh.field_officer', 'oh.compact_office', 'tx.compact_office', 'tx.field_officer', 'oh.auditor']) {
      tokens[username] = await signIn(servers[0].url, username, PASSWORD);
    }
    sent = await runLoad({ servers: servers.map((s) => s.url), tokens, caseIds, steps: STEPS, duplicateEvery: 3 });
    t = await t.resume();
  }, 120_000);

  afterAll(async () => {
    for (const s of servers) s.kill('SIGKILL');
    await t.close();
  });

  const fresh = () => sent.filter((s) => s.status !== null && s.status < 300 && !s.replayed);

  it('sent a few hundred transitions through both instances, and every one was answered', () => {
    expect(sent.length).toBeGreaterThanOrEqual(300);
    expect(sent.filter((s) => s.status === null)).toEqual([]);
    for (const s of servers) expect(sent.filter((e) => e.server === s.url).length).toBeGreaterThan(50);
    expect(sent.every((s) => [200, 409].includes(s.status!))).toBe(true);
  });

  it('lost no update: every 2xx is one accepted entry of its case, and each case is the replay of its history', async () => {
    const entries = await t.auditEntries();
    const acceptedIds = new Set(caseIds.flatMap((id) => acceptedTransitions(entries, id)).map((e) => e.requestId));
    expect(
      fresh()
        .map((s) => s.requestId)
        .sort(),
    ).toEqual([...acceptedIds].sort());
    const report = await expectConsistent(t, caseIds);
    expect(report.accepted).toBe(fresh().length);
    const count = (f: (s: SentEvent) => boolean) => sent.filter(f).length;
    reportLoad('multi-instance', {
      sent: sent.length,
      accepted: report.accepted,
      auditEntries: report.entries,
      replayed: count((s) => s.replayed),
      lostRaces: count((s) => s.status === 409 && /changed/.test(s.answer?.message)),
      keyInProgress: count((s) => s.status === 409 && /still being processed/.test(s.answer?.message)),
      perInstance: servers.map((server) => count((s) => s.server === server.url)),
    });
    expect(report.accepted).toBeGreaterThan(CASES * 3);
  });

  it('let exactly one of two racing decisions win, and told the other 409 with a denied entry', async () => {
    const entries = await t.auditEntries();
    const races = new Map<string, SentEvent[]>();
    for (const s of sent.filter((e) => ['ACCEPT_TRANSFER', 'REJECT_TRANSFER', 'CONFIRM_CLOSURE', 'REJECT_CLOSURE'].includes(String(e.body.type)))) {
      const at = `${s.caseId}@${s.body.expectedVersion}`;
      races.set(at, [...(races.get(at) ?? []), s]);
    }
    expect(races.size).toBeGreaterThan(CASES);
    for (const [at, pair] of races) {
      expect({ at, statuses: pair.map((p) => p.status).sort() }).toEqual({ at, statuses: [200, 409] });
      const loser = pair.find((p) => p.status === 409)!;
      expect(loser.answer.message).toMatch(/changed|not possible|cannot|only/i);
      expect(entries.filter((e) => e.requestId === loser.requestId).map((e) => e.outcome)).toEqual(['denied']);
    }
  });

  it('applied a request sent twice at once (one key) once; the other copy is its answer, or "still in progress" until it is', async () => {
    const byKey = new Map<string, SentEvent[]>();
    for (const s of sent) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
    const twins = [...byKey.values()].filter((copies) => copies.length === 2);
    expect(twins.length).toBeGreaterThan(10);
    const entries = await t.auditEntries();
    for (const [a, b] of twins) {
      expect(entries.filter((e) => [a.requestId, b.requestId].includes(e.requestId) && e.outcome === 'allowed').length).toBeLessThanOrEqual(1);
      // A copy told to wait, or overtaken by its twin after its lease ran out, changed nothing.
      const settled = [a, b].filter((c) => !(c.status === 409 && /still being processed|took this request over/.test(c.answer?.message)));
      expect(settled.length).toBeGreaterThanOrEqual(1);
      // The copy that was told to wait now gets the same answer as the one that ran, from either instance.
      for (const server of servers) {
        const retry = await sendEvent(server.url, tokens[a.username], a.caseId, a.body, a.key, a.username);
        expect({ status: retry.status, answer: retry.answer, replayed: retry.replayed }).toEqual({
          status: settled[0].status,
          answer: settled[0].answer,
          replayed: true,
        });
      }
    }
    await expectConsistent(t, caseIds);
  });

  it('verifies the audit history as one chain, through either instance', async () => {
    for (const server of servers) {
      const res = await fetch(`${server.url}/audit/verify`, { headers: { Authorization: `Bearer ${tokens['oh.auditor']}` } });
      expect(await res.json()).toMatchObject({ ok: true });
    }
  });

  it('logs JSON lines, each line of a request with its request id', () => {
    for (const server of servers) {
      const lines = server.lines.map((l) => JSON.parse(l) as Record<string, any>);
      const ofRequests = lines.filter((l) => l.req || l.res);
      expect(ofRequests.length).toBeGreaterThan(100);
      for (const line of ofRequests) expect(line.requestId).toBe(line.req.id);
    }
  });

  it('shuts both down cleanly on SIGTERM', async () => {
    for (const server of servers) {
      expect(await stopServer(server)).toEqual({ code: 0, signal: null });
      expect(server.lines.some((l) => /Shut down cleanly/.test(l))).toBe(true);
    }
  });
});
