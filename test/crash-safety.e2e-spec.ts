import type { AuditEntry } from '../src/audit/audit-entry.entity';
import { IdempotencyKey } from '../src/idempotency/idempotency-key.entity';
import { startAnswerDroppingProxy } from './support/answer-dropping-proxy';
import { runLoad, sendEvent, type SentEvent } from './support/case-load';
import { expectConsistent } from './support/history-checks';
import { reportLoad } from './support/load-stats';
import { signIn, startServer, stopServer, type ServerProcess } from './support/server-process';
import { onPostgres, PASSWORD, TestApp } from './support/test-app';

// Enough cases walked at once that, on SQLite, transitions share commits (group commit): the kill
// then lands with batches of several transitions open.
const CASES = 64;
/** The server is killed once this many transitions have been answered. */
const KILL_AFTER = 256;

/**
 * A server (node dist/src/main.js) is killed with SIGKILL in the middle of a load of concurrent
 * transitions, on SQLite and on PostgreSQL alike, and started again on the same database. Nothing a
 * client was told is lost, nothing it was not told is half there, the chain verifies, and retrying
 * with the same Idempotency-Key never applies a transition twice, whether the first attempt was
 * answered, committed with its answer lost, or cut off.
 */
describe(`a crash in the middle of a load (SIGKILL, ${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let t: TestApp;
  let caseIds: string[];
  let sent: SentEvent[];
  let afterCrash: AuditEntry[];
  /** The stored answers after the crash, by Idempotency-Key: an answer commits in the transaction of its change. */
  let answersAfterCrash: Map<string, IdempotencyKey>;
  const retries = new Map<SentEvent, SentEvent>();
  let server: ServerProcess | undefined;
  const tokens: Record<string, string> = {};
  const env = () => t.serverEnv({ IDEMPOTENCY_LEASE_SECONDS: '2' });

  beforeAll(async () => {
    t = await TestApp.start();
    caseIds = [];
    for (let i = 0; i < CASES; i++) {
      caseIds.push((await t.cases.open({ offenderName: `Crash ${i}`, sendingState: 'OH', receivingState: 'TX' }, t.actor('oh.field_officer'), null)).id);
    }
    await t.release();
    const doomed = await startServer(env());
    for (const username of ['oh.field_officer', 'oh.compact_office', 'tx.compact_office', 'tx.field_officer', 'oh.auditor']) {
      tokens[username] = await signIn(doomed.url, username, PASSWORD);
    }
    // Half the cases reach the server through a network that will lose its answers shortly before
    // the crash: their last transitions commit, but their clients never hear of it. The other half
    // keep the server busy to the end, so that the kill lands in the middle of transactions.
    const lossy = await startAnswerDroppingProxy(doomed.url);
    const direct = await startAnswerDroppingProxy(doomed.url);
    sent = [];
    const half = (odd: number) => caseIds.filter((_, i) => i % 2 === odd);
    const load = Promise.all([
      runLoad({ servers: [lossy.url], tokens, caseIds: half(0), steps: 1000, log: sent }),
      runLoad({ servers: [direct.url], tokens, caseIds: half(1), steps: 1000, log: sent }),
    ]);
    const deadline = Date.now() + 20_000;
    while (sent.filter((s) => s.status !== null).length < KILL_AFTER && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    lossy.dropAnswers();
    await new Promise((r) => setTimeout(r, 200));
    doomed.kill('SIGKILL');
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await load;
    await Promise.all([lossy.close(), direct.close()]);
    // What the database holds after the crash, before anything runs on it again.
    t = await t.resume();
    afterCrash = await t.auditEntries();
    answersAfterCrash = new Map((await t.dataSource.getRepository(IdempotencyKey).find()).map((k) => [k.key, k]));
  }, 120_000);

  afterAll(async () => {
    server?.kill('SIGKILL');
    await t.close();
  });

  const acknowledged = () => sent.filter((s) => s.status !== null);
  // An entry names the server's id of its request, known to a client from the answer only.
  const allowedOf = (entries: AuditEntry[], s: SentEvent) =>
    s.requestId === null ? [] : entries.filter((e) => e.outcome === 'allowed' && e.requestId === s.requestId);
  const storedAnswerOf = (s: SentEvent) => answersAfterCrash.get(s.key);
  /** Whether the request changed its case before the crash: its answer, or for one without an answer, the answer stored with its change. */
  const committed = (s: SentEvent) =>
    s.status !== null ? allowedOf(afterCrash, s).length > 0 : storedAnswerOf(s)?.status === 'completed' && storedAnswerOf(s)!.responseStatus! < 300;

  // How many unanswered transitions had committed depends on where the kill landed: each one is
  // committed once or not at all, whichever it is (the next test checks that each case holds them whole).
  it('was cut in the middle: many transitions answered, the rest unanswered, each of those committed once or not at all', () => {
    const unanswered = sent.filter((s) => s.status === null);
    expect(acknowledged().length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(unanswered.length).toBeGreaterThan(0);
  });

  it('kept every transition that got a 2xx, in the case and in the audit history; nothing is half there', async () => {
    for (const s of acknowledged().filter((a) => a.status! < 300)) {
      expect({ key: s.key, entries: allowedOf(afterCrash, s).map((e) => e.toState) }).toEqual({ key: s.key, entries: [s.answer.status] });
    }
    // Each case is exactly its accepted history: a transition without its entry, or an entry without
    // its transition, would break the count or the replay. The chain verifies to its head row.
    await expectConsistent(t, caseIds);
  });

  it('verifies the audit chain after the restart', async () => {
    await t.release();
    server = await startServer(env());
    const res = await fetch(`${server.url}/audit/verify`, { headers: { Authorization: `Bearer ${tokens['oh.auditor']}` } });
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('answers every retry with its Idempotency-Key without applying anything twice', async () => {
    // A request that died with the server holds its key until the lease runs out (2 s here); then the retry runs it.
    for (let pending = [...sent], round = 0; pending.length > 0 && round < 20; round++) {
      const batch = pending;
      const answers = await Promise.all(batch.map((s) => sendEvent(server!.url, tokens[s.username], s.caseId, s.body, s.key, s.username)));
      pending = [];
      answers.forEach((answer, i) => {
        const original = batch[i];
        if (answer.status === 409 && /still being processed/.test(answer.answer?.message)) pending.push(original);
        else retries.set(original, answer);
      });
      if (pending.length > 0) await new Promise((r) => setTimeout(r, 500));
    }
    expect(retries.size).toBe(sent.length);
    const unanswered = sent.filter((s) => s.status === null);
    reportLoad('crash-safety', {
      engine: onPostgres ? 'postgres' : 'sqlite',
      sent: sent.length,
      answered: sent.length - unanswered.length,
      unanswered: unanswered.length,
      committedButUnanswered: unanswered.filter(committed).length,
      retriesOfUnanswered: unanswered.map((s) => `${retries.get(s)!.status}${retries.get(s)!.replayed ? ' replayed' : ''}`),
    });
    for (const [original, retry] of retries) {
      if (original.status !== null) {
        // Acknowledged: the first answer again, whatever it was.
        expect({ key: original.key, status: retry.status, body: retry.answer, replayed: retry.replayed }).toEqual({
          key: original.key,
          status: original.status,
          body: original.answer,
          replayed: true,
        });
      } else if (committed(original)) {
        // Committed just before the crash, never answered: the retry gets the stored answer.
        expect({ key: original.key, status: retry.status, replayed: retry.replayed }).toEqual({ key: original.key, status: 200, replayed: true });
      } else if (storedAnswerOf(original)?.status === 'completed') {
        // Refused before the crash (a lost race), the refusal stored: refused again, from the stored answer.
        expect({ key: original.key, status: retry.status }).toEqual({ key: original.key, status: 409 });
      } else {
        // Not committed: the retry runs it now (or is refused, the case having moved on meanwhile).
        expect({ key: original.key, replayed: retry.replayed }).toEqual({ key: original.key, replayed: false });
        expect([200, 409]).toContain(retry.status);
      }
    }
  });

  it('applied no transition twice, and still verifies after the retries and a clean shutdown', async () => {
    expect(await stopServer(server!)).toEqual({ code: 0, signal: null });
    server = undefined;
    t = await t.resume();
    const entries = await t.auditEntries();
    expect(retries.size).toBe(sent.length);
    for (const s of sent) {
      const applied = (committed(s) ? 1 : 0) + allowedOf(entries, retries.get(s)!).length;
      expect({ key: s.key, applied: applied <= 1 }).toEqual({ key: s.key, applied: true });
    }
    await expectConsistent(t, caseIds);
  });
});
