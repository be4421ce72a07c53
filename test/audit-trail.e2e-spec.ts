import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuditCheckpoints } from '../src/audit/audit-checkpoints.service';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { AuditExporter } from '../src/audit/audit-exporter';
import { AuditService } from '../src/audit/audit.service';
import { Clock } from '../src/common/clock';
import { appendSyntheticHistory } from './support/audit-fixtures';
import { TestApp } from './support/test-app';

/** An Ohio→Texas case walked to closed, and an Ohio-only and a California-only trail beside it. */
async function story(t: TestApp) {
  const oh = t.actor('oh.field_officer');
  const ohToTx = await t.cases.open({ offenderName: 'Audit Story', sendingState: 'OH', receivingState: 'TX' }, oh, null);
  await t.cases.applyEvent(ohToTx.id, { type: 'SUBMIT_TRANSFER_REQUEST' }, t.actor('oh.compact_office'), null);
  await t.cases.applyEvent(ohToTx.id, { type: 'REJECT_TRANSFER', reason: 'No residence', rejectionKind: 'denied' }, t.actor('tx.compact_office'), null);
  // A withdrawal's reason is the user's words alone, so the history's cell starts with them.
  await t.cases.applyEvent(ohToTx.id, { type: 'WITHDRAW', reason: '=HYPERLINK("http://evil.example","click")' }, oh, null);
  const caOnly = await t.cases.open({ offenderName: 'West Coast', sendingState: 'CA', receivingState: 'NV' }, t.actor('ca.field_officer'), null);
  await (await t.as('oh.supervisor')).get('/me').expect(200); // an Ohio-only sign-in
  return { ohToTx, caOnly };
}

describe('the auditor API', () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof story>>;
  beforeAll(async () => {
    t = await TestApp.start();
    ids = await story(t);
  });
  afterAll(() => t.close());

  it('is for auditors only; a refused look is itself audited', async () => {
    const res = await (await t.as('oh.compact_office')).get('/audit').expect(403);
    expect(res.body.message).toMatch(/auditor/);
    const [denied] = await t.auditEntries({ action: 'ACCESS', actorUsername: 'oh.compact_office', outcome: 'denied' });
    expect(denied.entityId).toBe('GET /audit');
  });

  it("shows an auditor the entries of their state's cases and accounts, and nothing else", async () => {
    const res = await (await t.as('tx.auditor')).get('/audit?limit=1000').expect(200);
    const items: Array<{ caseId: string | null; actor: { username: string }; action: string; states: string[] }> = res.body.items;
    expect(items.some((e) => e.caseId === ids.ohToTx.id)).toBe(true);
    expect(items.some((e) => e.caseId === ids.caOnly.id)).toBe(false);
    // Ohio-only accounts' sign-ins are Ohio's business, not Texas's.
    expect(items.some((e) => e.action === 'SIGN_IN' && e.actor.username === 'oh.supervisor')).toBe(false);
    expect(items.every((e) => e.states.includes('TX'))).toBe(true);

    const ohio = await (await t.as('oh.auditor')).get('/audit?action=SIGN_IN&actor=oh.supervisor').expect(200);
    expect(ohio.body.items.length).toBeGreaterThan(0);
  });

  it('filters by case, actor, action, outcome and time', async () => {
    const auditor = await t.as('oh.auditor');
    const byCase = await auditor.get(`/audit?caseId=${ids.ohToTx.id}`).expect(200);
    expect(byCase.body.items.map((e: { action: string }) => e.action)).toEqual(['OPEN_CASE', 'SUBMIT_TRANSFER_REQUEST', 'REJECT_TRANSFER', 'WITHDRAW']);
    const byActor = await auditor.get(`/audit?caseId=${ids.ohToTx.id}&actor=tx.compact_office`).expect(200);
    expect(byActor.body.items).toHaveLength(1);
    const denied = await auditor.get('/audit?outcome=denied').expect(200);
    expect(denied.body.items.length).toBeGreaterThan(0);
    expect(denied.body.items.every((e: { outcome: string }) => e.outcome === 'denied')).toBe(true);
    const future = await auditor.get('/audit?from=2999-01-01T00:00:00Z').expect(200);
    expect(future.body.items).toEqual([]);
    const past = await auditor.get('/audit?to=2000-01-01T00:00:00Z').expect(200);
    expect(past.body.items).toEqual([]);
    const now = await auditor.get(`/audit?from=${new Date(Date.now() - 3600_000).toISOString()}&caseId=${ids.ohToTx.id}`).expect(200);
    expect(now.body.items).toHaveLength(4);
  });

  it('pages by cursor in sequence order, and refuses bad filters with 400', async () => {
    const auditor = await t.as('oh.auditor');
    const seen: number[] = [];
    let cursor: number | null = 0;
    while (cursor !== null) {
      const res: { body: { items: Array<{ seq: number }>; nextCursor: number | null } } = await auditor.get(`/audit?limit=2&cursor=${cursor}`).expect(200);
      seen.push(...res.body.items.map((e: { seq: number }) => e.seq));
      cursor = res.body.nextCursor;
    }
    expect(seen).toEqual([...new Set(seen)].sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThan(4);
    for (const bad of ['limit=1001', 'outcome=maybe', 'from=yesterday', 'caseId=42', 'cursor=abc', 'action=drop table']) {
      const res = await auditor.get(`/audit?${bad}`);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });

  it('audits every read and export', async () => {
    const before = (await t.auditEntries({ actorUsername: 'tx.auditor' })).length;
    const auditor = await t.as('tx.auditor');
    await auditor.get('/audit?outcome=denied').expect(200);
    await auditor.get('/audit/export?format=ndjson').expect(200);
    const after = await t.auditEntries({ actorUsername: 'tx.auditor' });
    expect(after.slice(before).map((e) => e.action)).toEqual(['AUDIT_READ', 'AUDIT_EXPORT']);
    expect(after[after.length - 2].reason).toMatch(/outcome=denied/);
  });

  it('exports CSV with formula cells neutralized, and NDJSON', async () => {
    const auditor = await t.as('oh.auditor');
    const csv = await auditor.get(`/audit/export?format=csv&caseId=${ids.ohToTx.id}`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="audit-OH-.*\.csv"/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^seq,occurredAt,/);
    expect(lines).toHaveLength(5);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.text).not.toMatch(/,=HYPERLINK/);

    const nd = await auditor.get(`/audit/export?format=ndjson&caseId=${ids.ohToTx.id}`).expect(200);
    const rows = nd.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.action)).toEqual(['OPEN_CASE', 'SUBMIT_TRANSFER_REQUEST', 'REJECT_TRANSFER', 'WITHDRAW']);
    expect(rows[3].reason).toBe('=HYPERLINK("http://evil.example","click")');
  });

  it('verifies the chain, signs checkpoints and publishes the public key', async () => {
    const auditor = await t.as('oh.auditor');
    const verified = await auditor.get('/audit/verify').expect(200);
    const count = await t.dataSource.getRepository(AuditEntry).count();
    expect(verified.body).toMatchObject({ ok: true, headSeq: expect.any(Number) });
    expect(verified.body.checked).toBeGreaterThanOrEqual(count - 1);
    const checkpoint = await auditor.post('/audit/checkpoints').expect(201);
    expect(checkpoint.body).toMatchObject({ seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const key = await auditor.get('/audit/public-key').expect(200);
    expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: checkpoint.body.keyId });
    expect(key.body.publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
    const withCheckpoint = await auditor.post('/audit/verify').send({ checkpoint: checkpoint.body }).expect(200);
    expect(withCheckpoint.body).toMatchObject({ ok: true });
    const forged = await auditor.post('/audit/verify').send({ checkpoint: { ...checkpoint.body, seq: checkpoint.body.seq + 5 } });
    expect(forged.status).toBe(400);
    expect(forged.body.message).toMatch(/not signed/);
    const list = await auditor.get('/audit/checkpoints').expect(200);
    expect(list.body[0]).toEqual(checkpoint.body);
  });

  it("stamps entries, checkpoints and export files with the app's clock", async () => {
    const at = new Date('2031-07-04T12:34:56.789Z');
    const moved = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(at);
    try {
      const entry = await t.app.get(AuditService).recordAccess(t.actor('oh.auditor'), null, 'AUDIT_READ', 'clock check');
      expect(entry.occurredAt).toEqual(at);
      const [stored] = await t.auditEntries({ seq: entry.seq });
      expect(stored.occurredAt).toEqual(at);
      expect((await t.app.get(AuditCheckpoints).signHead()).signedAt).toBe(at.toISOString());
      const file = t.app.get(AuditExporter).file({}, 'OH', 'csv');
      expect(file.getHeaders().disposition).toContain('audit-OH-2031-07-04T12-34-56-789Z.csv');
      file.getStream().destroy();
    } finally {
      moved.mockRestore();
    }
  });
});

describe('a long history', () => {
  let t: TestApp;
  const N = 100_000;
  // Writing, verifying and exporting 100,000 entries takes tens of seconds on a busy machine.
  const LONG = 240_000;
  beforeAll(async () => {
    t = await TestApp.start({ withCast: true });
    await appendSyntheticHistory(t, N);
  }, LONG);
  afterAll(() => t.close());

  it(
    `verifies ${N.toLocaleString('en-US')} entries`,
    async () => {
      const res = await (await t.as('oh.auditor')).get('/audit/verify').expect(200);
      expect(res.body.ok).toBe(true);
      expect(res.body.checked).toBeGreaterThan(N);
    },
    LONG,
  );

  it(
    `exports ${N.toLocaleString('en-US')} entries as a stream, without holding them in memory`,
    async () => {
      // Retained memory, not garbage: the e2e project runs with --expose-gc (see package.json).
      const gc = global.gc;
      expect(gc).toBeDefined();
      const token = await t.token('oh.auditor');
      const server = t.app.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      gc!();
      const baseline = process.memoryUsage().heapUsed;
      let retainedPeak = 0;
      let bytes = 0;
      let lines = 0;
      let nextSample = 0;
      await new Promise<void>((resolve, reject) => {
        get({ port, path: '/audit/export?format=csv', headers: { Authorization: `Bearer ${token}` } }, (res) => {
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            for (const b of chunk) if (b === 10) lines++;
            if (bytes >= nextSample) {
              nextSample += 4 * 1024 * 1024;
              gc!();
              retainedPeak = Math.max(retainedPeak, process.memoryUsage().heapUsed - baseline);
            }
          });
          res.on('end', resolve);
          res.on('error', reject);
        }).on('error', reject);
      });
      server.close();
      expect(lines).toBeGreaterThan(N);
      expect(bytes).toBeGreaterThan(30 * 1024 * 1024);
      // Holding the export (tens of megabytes) would retain at least as much; streaming keeps a page.
      expect(retainedPeak).toBeLessThan(bytes / 4);
    },
    LONG,
  );
});
